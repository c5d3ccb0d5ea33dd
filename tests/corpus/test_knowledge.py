"""The edition's data file (corpus/knowledge.py): read beside the catalogue, checked against
its records, resolved to their ids; an edition without one borrows the newest one's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from corpus.editions import read_editions
from corpus.german import sentences
from corpus.knowledge import asked_file_path, edition_file_path, parse_edition_file
from corpus.parser import DEFAULT_PATH
from katalog.errors import EditionKnowledgeError

BUNDLED = edition_file_path(DEFAULT_PATH)
NAME = BUNDLED.name


def folder_with(tmp_path: Path, knowledge: str | None) -> Path:
    """The bundled edition in a folder of its own, with ``knowledge`` as its data file."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    shutil.copy(DEFAULT_PATH, tmp_path / DEFAULT_PATH.name)
    if knowledge is not None:
        (tmp_path / NAME).write_text(knowledge, encoding="utf-8")
    return tmp_path


def bundled_with(old: str, new: str) -> str:
    text = BUNDLED.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_the_data_file_lies_beside_the_catalogue() -> None:
    assert BUNDLED.name == "massnahmenkatalog-2-fortschreibung.edition.toml"
    assert BUNDLED.parent == DEFAULT_PATH.parent
    assert BUNDLED.is_file()


def test_aliases_are_keyed_by_title_and_resolved_to_ids(catalogue) -> None:
    knowledge = catalogue.knowledge
    assert knowledge.source == NAME
    assert knowledge.aliases["DV-2.1"][:3] == ("dms", "e-akte", "eakte")
    # Written with umlauts in the file, folded on load (as questions are).
    assert knowledge.aliases["DS-1.6"] == (
        "burgerburo",
        "digitales burgerburo",
        "anwohnerparkausweis",
    )
    assert knowledge.aliases["DV-1.3"][3] == "forderantrage"
    assert len(knowledge.aliases) == 40
    assert {"schulen", "intranet", "5g"} <= knowledge.weak and "dms" not in knowledge.weak
    assert len(knowledge.weak) == 28
    assert knowledge.links["DS-1.8"][:2] == ("ePayment", "E-Payment")
    assert knowledge.generic == frozenset({"DS-1.1"})


def test_twins_keep_the_files_order_and_pairs_the_catalogues(catalogue) -> None:
    knowledge = catalogue.knowledge
    assert knowledge.twins["wlan"] == ("DV-1.5", "DS-2.4")
    assert knowledge.twins["glasfaser"] == ("DS-2.2", "DV-1.4")
    assert knowledge.twin_pairs == (("DV-1.5", "DS-2.4"), ("DV-1.4", "DS-2.2"))
    assert knowledge.are_twins(["DS-2.2", "DV-1.4"])
    assert not knowledge.are_twins(["DS-2.2", "DV-1.5"])


def test_bodies_abbreviations_and_the_committee(catalogue) -> None:
    knowledge = catalogue.knowledge
    assert [b.name for b in knowledge.bodies][:3] == [
        "WTM Kleve GmbH",
        "Kreis Kleve",
        "Volkshochschule Kleve",
    ]
    assert knowledge.body_aliases == {
        "WTM": "WTM Kleve GmbH",
        "VHS": "Volkshochschule Kleve",
        "USK": "Umweltbetriebe der Stadt Kleve AöR",
    }
    assert knowledge.short_names == frozenset({"WTM", "VHS", "USK", "APD"})
    assert list(knowledge.abbreviations) == ["OZG", "DMS", "APD", "KRZN", "LeiKa"]
    assert knowledge.committee_name == "Ausschuss für Personal und Digitalisierung (APD)"


def test_a_short_form_printed_in_a_zustaendigkeit_is_read_as_the_body(
    catalogue, tmp_path: Path
) -> None:
    assert catalogue["DS-2.4"].responsible[1] == "WTM Kleve GmbH"
    without = read_editions(folder_with(tmp_path, None)).newest.catalogue
    assert without["DS-2.4"].responsible[1] == "WTM"


def test_the_overview_comes_from_the_data_file(catalogue, tmp_path: Path) -> None:
    assert catalogue.overview is catalogue["DS-2.0"]
    assert catalogue.sections[-1].id == "smart-city-aktionsfelder"
    assert catalogue.sections[-1].title == "Aktionsfelder der Smart City"
    # Another project named as the overview becomes the section; none named, no section.
    other = bundled_with('overview = "Aktionsfelder der Smart City"', 'overview = "Handyparken"')
    moved = read_editions(folder_with(tmp_path / "a", other)).newest.catalogue
    assert moved.overview is moved["DS-2.5"]
    assert [s.title for s in moved.sections if s.id == "smart-city-aktionsfelder"] == [
        "Handyparken"
    ]
    bare = read_editions(folder_with(tmp_path / "b", None)).newest.catalogue
    assert bare.overview is None
    assert "smart-city-aktionsfelder" not in [s.id for s in bare.sections]
    assert bare.knowledge.aliases == {}


def test_an_unknown_title_stops_with_a_german_message(tmp_path: Path) -> None:
    wrong = bundled_with('title = "Social Intranet"', 'title = "Soziales Intranet"')
    with pytest.raises(EditionKnowledgeError) as info:
        read_editions(folder_with(tmp_path, wrong))
    assert info.value.message == (
        "Wissen zur Ausgabe: Der Titel „Soziales Intranet“ steht nicht in der 2. "
        f"Fortschreibung. Bitte in '{NAME}' den Titel so schreiben, wie ihn die Ausgabe druckt."
    )


def test_an_unknown_twin_title_stops_too(tmp_path: Path) -> None:
    wrong = bundled_with('"Flächendeckendes WLAN"]', '"WLAN überall"]')
    with pytest.raises(EditionKnowledgeError, match="Der Titel „WLAN überall“ steht nicht in"):
        read_editions(folder_with(tmp_path, wrong))


def test_an_unknown_overview_title_stops_too(tmp_path: Path) -> None:
    wrong = bundled_with('overview = "Aktionsfelder der Smart City"', 'overview = "Smart City"')
    with pytest.raises(EditionKnowledgeError, match="Der Titel „Smart City“ steht nicht in"):
        read_editions(folder_with(tmp_path, wrong))


def test_a_body_no_zustaendigkeit_names_stops(tmp_path: Path) -> None:
    wrong = bundled_with('name = "Stadtwerke Kleve GmbH"', 'name = "Stadtwerke Kleve"')
    with pytest.raises(EditionKnowledgeError) as info:
        read_editions(folder_with(tmp_path, wrong))
    assert info.value.message.startswith(
        "Wissen zur Ausgabe: Die Stelle „Stadtwerke Kleve“ nennt keine Zuständigkeit in der "
        "2. Fortschreibung."
    )


def test_an_unknown_aktionsfeld_stops(tmp_path: Path) -> None:
    wrong = bundled_with('"E-Government" = ["eGovernment"]', '"E-Gov" = ["eGovernment"]')
    with pytest.raises(EditionKnowledgeError) as info:
        read_editions(folder_with(tmp_path, wrong))
    assert info.value.message == (
        "Wissen zur Ausgabe: Das Aktionsfeld „E-Gov“ gibt es in der 2. Fortschreibung nicht. "
        "Vorhanden: E-Government, Partizipation, Smart City, Smart Working, Strategieplanung, "
        "Veränderungsmanagement."
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'overview = "Handyparken"\nsections = 3\n',
            f"Wissen zur Ausgabe: '{NAME}': 'sections' ist kein bekannter Eintrag.",
        ),
        (
            '[[project]]\ntitle = "Handyparken"\naliases = ["parken"]\nweak = ["parkuhr"]\n',
            f"Wissen zur Ausgabe: '{NAME}', [[project]] Nr. 1: „parkuhr“ steht unter weak, "
            "aber nicht unter aliases von „Handyparken“.",
        ),
        (
            'committee = "APD"\n',
            f"Wissen zur Ausgabe: '{NAME}': der Ausschuss „APD“ steht nicht unter [abbreviations].",
        ),
        (
            '[[body]]\nname = "WTM Kleve GmbH"\nasked = "(wtm"\n',
            f"Wissen zur Ausgabe: '{NAME}', [[body]] Nr. 1, asked: „(wtm“ ist kein gültiger "
            "regulärer Ausdruck (missing ), unterminated subpattern at position 0).",
        ),
        (
            "[[project]]\naliases = []\n",
            f"Wissen zur Ausgabe: '{NAME}', [[project]] Nr. 1: 'title' fehlt.",
        ),
    ],
)
def test_a_malformed_file_gives_a_german_message(text: str, message: str) -> None:
    with pytest.raises(EditionKnowledgeError) as info:
        parse_edition_file(text, NAME)
    assert info.value.message == message


def test_an_edition_without_a_file_borrows_the_newest_ones(two_editions: Path) -> None:
    editions = read_editions(two_editions)
    old, new = (e.catalogue for e in editions.editions)
    assert old.knowledge.source == new.knowledge.source == NAME
    # By title: DV 2.10 of the 2nd is DV 2.9 in the 3rd; Social Intranet (DV 2.9) is gone, so
    # "intranet" names nothing in the 3rd rather than the project that took its number.
    assert old.knowledge.aliases["DV-2.9"] == ("intranet", "social intranet")
    assert new.knowledge.aliases["DV-2.9"] == old.knowledge.aliases["DV-2.10"]
    assert "DV-2.10" not in new.knowledge.aliases
    assert "intranet" not in {a for names in new.knowledge.aliases.values() for a in names}
    assert new.knowledge.links.get("DV-2.9") is None
    assert new.overview is new["DS-2.0"]
    assert new["DS-2.4"].responsible[1] == "WTM Kleve GmbH"


# -- the questions each unit answers (….questions.jsonl) ---------------------------------


def test_the_questions_file_lies_beside_the_catalogue() -> None:
    path = asked_file_path(DEFAULT_PATH)
    assert path.name == "massnahmenkatalog-2-fortschreibung.questions.jsonl"
    assert path.is_file()


def test_every_sentence_and_measure_has_its_questions(catalogue) -> None:
    asked = catalogue.knowledge.asked
    p = catalogue["DS-3.2"]
    position = next(
        i for i, s in enumerate(sentences(p.description)) if "adaptiert oder verworfen" in s
    )
    assert position == 11
    assert asked["DS-3.2"][("sentence", position)] == (
        "Wird auf der Plattform begründet, ob und weshalb eine Idee übernommen wird?",
    )
    assert asked["DS-2.6"][("measure", 0)]  # "Aufbau einer LoRaWAN-Infrastruktur"
    units = sum(len(sentences(q.description)) + len(q.measures) for q in catalogue.projects)
    assert sum(len(asked[p.id]) for p in catalogue.projects) == units == 434
    # The general sections' sentences too (the Smart-City overview is a record: above).
    general = [s for s in catalogue.sections if s.id in asked]
    assert sum(len(asked[s.id]) for s in general) == 63
    assert asked["fortschreibung"][("section", 4)][0] == (
        "Ist der Maßnahmenkatalog ein Arbeitspapier für den Alltag oder eher eine Zielvorgabe?"
    )
    fortschreibung = next(s for s in catalogue.sections if s.id == "fortschreibung")
    assert sentences(fortschreibung.text)[4].endswith("Zielprogramm dar.")


def test_a_question_for_a_text_the_edition_does_not_print_stops(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, BUNDLED.read_text(encoding="utf-8"))
    line = json.dumps(
        {"title": "LoRaWAN", "kind": "measure", "text": "Sensoren im Rathaus", "questions": ["?"]}
    )
    (folder / asked_file_path(DEFAULT_PATH).name).write_text(line + "\n", encoding="utf-8")
    with pytest.raises(EditionKnowledgeError) as info:
        read_editions(folder)
    assert info.value.message == (
        "Wissen zur Ausgabe: Der Text „Sensoren im Rathaus“ unter „LoRaWAN“ steht nicht in der "
        "2. Fortschreibung. Bitte in 'massnahmenkatalog-2-fortschreibung.questions.jsonl' so "
        "schreiben, wie ihn die Ausgabe druckt."
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{nicht json", "Zeile 1 ist kein gültiges JSON"),
        (
            '{"title": "LoRaWAN", "kind": "measure", "text": "x", "questions": []}',
            "questions.jsonl', Eintrag 1, questions: ungültiger Wert",
        ),
        (
            '{"title": "LoRaWAN", "kind": "satz", "text": "x", "questions": ["?"]}',
            "questions.jsonl', Eintrag 1, kind: ungültiger Wert",
        ),
    ],
)
def test_a_malformed_questions_line_gives_a_german_message(
    tmp_path: Path, line: str, message: str
) -> None:
    folder = folder_with(tmp_path, BUNDLED.read_text(encoding="utf-8"))
    (folder / asked_file_path(DEFAULT_PATH).name).write_text(line + "\n", encoding="utf-8")
    with pytest.raises(EditionKnowledgeError, match=message) as info:
        read_editions(folder)
    assert info.value.message.startswith("Wissen zur Ausgabe: ")


def test_a_borrowed_questions_file_follows_the_text_not_the_number(two_editions: Path) -> None:
    old, new = (e.catalogue for e in read_editions(two_editions).editions)
    # DV 2.10 of the 2nd is DV 2.9 in the 3rd: its sentences keep their questions.
    assert new.knowledge.asked["DV-2.9"] == old.knowledge.asked["DV-2.10"]
    assert old.knowledge.asked["DV-2.9"] != old.knowledge.asked["DV-2.10"]

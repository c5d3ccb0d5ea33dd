"""A question that names an earlier edition is answered from it (assistant/earlier.py): over
the bundled 2. Fortschreibung plus the fictitious 3. (tests/fictitious_edition.py), and over
the bundled edition alone."""

from __future__ import annotations

import pytest

from assistant.earlier import EarlierIndex
from assistant.service import Assistant
from corpus.editions import load_editions
from index.units import record_units

FROM_2ND = "Ich antworte aus der 2. Fortschreibung; die neueste Ausgabe ist die 3. Fortschreibung."


@pytest.fixture
def two(two_editions, settings, assistant) -> Assistant:
    """An assistant over both editions, with the same keyword retriever as ``assistant``."""
    editions = load_editions(two_editions)
    newest = editions.newest.catalogue
    return Assistant(newest, type(assistant.index)(newest), settings, editions=editions)


def test_laut_der_2_fortschreibung_answers_from_the_2nd(two) -> None:
    question = "Wer ist laut der 2. Fortschreibung für E-Payment zuständig?"
    answer = two.ask(question)
    # The 3. adds Fachbereich 32; the 2. does not name it.
    assert answer.answer == (
        f"{FROM_2ND} Für E-Payment (DS 1.8) sind Fachbereich 20 und Fachbereich 10 – Abteilung "
        "10.1 zuständig."
    )
    assert [(c.id, c.quote, c.url) for c in answer.citations] == [
        (
            "DS-1.8",
            "Zuständigkeit: Fachbereich 20, Fachbereich 10 – Abteilung 10.1",
            "/projekte/DS-1.8",
        )
    ]
    newest = two.ask("Wer ist für E-Payment zuständig?")
    assert "Fachbereich 32" in newest.answer and "2. Fortschreibung" not in newest.answer


def test_a_period_of_the_2nd(two) -> None:
    answer = two.ask("Bis wann soll das DMS laut der 2. Fortschreibung umgesetzt sein?", "employee")
    assert answer.answer.startswith(
        f"{FROM_2ND} DV 2.1 Dokumentenmanagementsystem – Zeitraum Umsetzung: 2020 bis 2024."
    )
    assert "2026" not in answer.answer
    assert answer.links[0].url == "/zeitstrahl?projekt=DV-2.1"


def test_a_project_numbered_otherwise_or_gone_since(two) -> None:
    moved = two.ask("Was ist laut der 2. Fortschreibung die digitale interne Kommunikation?")
    assert [(c.id, c.label, c.url) for c in moved.citations] == [
        ("DV-2.10", "DV 2.10", "/projekte/DV-2.9")
    ]
    gone = two.ask("Was ist laut der 2. Fortschreibung das Social Intranet?")
    assert gone.answer.startswith(f"{FROM_2ND} Social Intranet (DV 2.9) gehört zum")
    assert [(c.id, c.title, c.url) for c in gone.citations] == [
        ("DV-2.9", "Social Intranet", "/aenderungen")
    ]


def test_an_earlier_edition_that_is_not_loaded_is_said_so(two, assistant) -> None:
    answer = two.ask("Wer ist laut der 1. Fortschreibung für E-Payment zuständig?")
    assert answer.answer == (
        "Die 1. Fortschreibung liegt mir nicht vor; ich antworte aus der 3. Fortschreibung. Für "
        "E-Payment (DS 1.8) sind Fachbereich 20, Fachbereich 32 und Fachbereich 10 – Abteilung "
        "10.1 zuständig."
    )
    alone = assistant.ask("Wann kommt das Handyparken laut der ersten Fortschreibung?")
    assert alone.answer == (
        "Die 1. Fortschreibung liegt mir nicht vor; ich antworte aus der 2. Fortschreibung. Für "
        "Handyparken (DS 2.5) nennt der Maßnahmenkatalog diesen Zeitraum: Umsetzung: 2021. "
        "Danach laufende Betreuung."
    )
    assert not alone.abstained and [c.id for c in alone.citations] == ["DS-2.5"]


class UnitDouble:
    """The newest edition's units, each at the same similarity (a small real retriever)."""

    def __init__(self, catalogue) -> None:
        self.units = {p.id: record_units(p) for p in catalogue.projects}

    def search(self, query: str, k: int = 10, where: dict | None = None) -> list:
        return []

    def unit_similarities(self, query: str, project_ids) -> list:
        return [(u, 0.5) for pid in project_ids for u in self.units.get(pid, [])]


def test_the_earlier_index_reads_the_newest_under_the_earlier_ids(two_editions, assistant):
    editions = load_editions(two_editions)
    old, new = (e.catalogue for e in editions.editions)
    inner = type(assistant.index)(new)
    query = "Kommunikationsprozesse Sprachassistent"
    assert {"DV-2.9", "DV-3.9"} <= {h.id for h in inner.search(query)}
    # The 3.'s DV 2.9 is the 2.'s DV 2.10; DV 3.9 is new, and the 2.'s DV 2.9 is gone.
    found = [h.id for h in EarlierIndex(inner, old, new).search(query)]
    assert "DV-2.10" in found and not {"DV-2.9", "DV-3.9"} & set(found)
    assert len(found) == len(inner.search(query)) - 1
    units = EarlierIndex(UnitDouble(new), old, new)
    found = units.unit_similarities("Wann ist das DMS fertig?", ["DV-2.1", "DV-2.9"])
    # The 2.'s DMS units that the 3. prints alike, under the 2.'s ids; its period differs, and
    # Social Intranet (DV 2.9 of the 2.) is not in the 3. at all.
    texts = [u.text for u, _ in found]
    assert {u.project_id for u, _ in found} == {"DV-2.1"}
    assert "DV 2.1 Dokumentenmanagementsystem" in texts
    assert not [t for t in texts if "2024" in t or "2026" in t]
    assert len(found) == len(record_units(old["DV-2.1"])) - 1

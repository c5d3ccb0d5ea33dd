"""The parsed catalogue, checked against values printed in the Maßnahmenkatalog."""

from __future__ import annotations

import json
import re

import pytest

from corpus.models import Catalogue

DV_IDS = [f"DV-1.{i}" for i in range(1, 6)] + [f"DV-2.{i}" for i in range(1, 11)]
DV_IDS += [f"DV-3.{i}" for i in range(1, 9)]
DS_IDS = [f"DS-1.{i}" for i in range(1, 9)] + [f"DS-2.{i}" for i in range(0, 7)]
DS_IDS += [f"DS-3.{i}" for i in range(1, 6)]

KEYS = [
    "id",
    "label",
    "number",
    "title",
    "smart_city_field",
    "impact_area",
    "action_field",
    "action_field_no",
    "description",
    "periods",
    "measures",
    "responsible_text",
    "responsible",
    "source",
]
# A word split by the PDF's line break: letter, hyphen, space, lower-case letter; German
# ellipsis hyphens ("Mobilfunk- und Glasfasernetze") are not splits.
SPLIT_WORD = re.compile(r"[a-zäöüß]- (?!und\b|oder\b|sondern\b|bzw\.)[a-zäöüß]")
DEBRIS = re.compile(r"\|\s*\d+")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def test_all_43_ids_in_catalogue_order(catalogue: Catalogue) -> None:
    assert catalogue.ids() == DV_IDS + DS_IDS
    assert len(DV_IDS) == 23 and len(DS_IDS) == 20


def test_serialised_keys_exactly(catalogue: Catalogue) -> None:
    for project in catalogue.projects:
        data = project.to_dict()
        assert list(data) == KEYS
        assert set(data["source"]) == {"document", "line_start", "line_end"}
        assert all(set(p) == {"label", "start", "end", "text"} for p in data["periods"])
        json.dumps(data)  # serialisable


@pytest.mark.parametrize("pid", [i for i in DV_IDS + DS_IDS if i != "DS-2.0"])
def test_every_project_is_complete(catalogue: Catalogue, pid: str) -> None:
    project = catalogue[pid]
    assert project.title and project.description
    assert project.periods, pid
    assert project.measures, pid
    assert project.responsible, pid
    assert project.responsible_text.startswith(project.responsible_text.strip())


def test_overview_ds_2_0_has_no_measures(catalogue: Catalogue) -> None:
    overview = catalogue["DS-2.0"]
    assert overview.title == "Aktionsfelder der Smart City"
    assert overview.measures == () and overview.periods == () and overview.responsible == ()
    assert "Smart Mobility" in overview.description


def test_e_payment(catalogue: Catalogue) -> None:
    p = catalogue["DS-1.8"]
    assert (p.label, p.number, p.title) == ("DS 1.8", "1.8", "E-Payment")
    assert (p.impact_area, p.action_field, p.action_field_no) == (
        "Digitale Stadt",
        "E-Government",
        1,
    )
    assert p.responsible == ("Fachbereich 20", "Fachbereich 10 – Abteilung 10.1")
    assert p.responsible_text == "Fachbereich 20, Fachbereich 10 – Abteilung 10.1"
    assert p.measures == (
        "Einführung verwaltungsintern koordinieren",
        "E-Payment in Online-Diensten einbinden",
    )
    assert [(x.label, x.start, x.end) for x in p.periods] == [("Umsetzung", 2020, 2021)]
    assert p.periods[0].text == (
        "Umsetzung: 2020 bis 2021. Danach ggfs. laufende Betreuung in technischer Hinsicht."
    )
    assert p.source.line_start == 1050


def test_titles_and_smart_city_fields(catalogue: Catalogue) -> None:
    assert catalogue["DV-2.8"].title == "eGov-Basisstruktur"
    assert catalogue["DS-2.5"].title == "Handyparken"
    assert catalogue["DS-2.5"].smart_city_field == "Smart Mobility"
    assert catalogue["DS-2.1"].title == "Digitalisierung von Schulen und Bildung"
    assert catalogue["DS-2.1"].smart_city_field == "Smart People"
    assert catalogue["DS-2.3"].smart_city_field == "Smart Governance"
    assert catalogue["DV-3.5"].title == "Sichtbarkeit von „Quick Wins“"
    assert catalogue["DV-2.10"].title == "Digitale Kommunikation (intern)"
    assert catalogue["DV-1.1"].smart_city_field is None
    assert catalogue["DV-2.3"].action_field == "Smart Working"
    assert catalogue["DV-2.3"].action_field_no == 2
    assert catalogue["DS-3.5"].action_field == "Partizipation"


@pytest.mark.parametrize(
    ("pid", "expected"),
    [
        ("DV-1.1", [("Zeitraum Erstellung", 2020, 2023), ("Zeitraum Durchführung", None, 2030)]),
        ("DV-1.2", [("Zeitraum Erstellung", 2023, 2025), ("Zeitraum Durchführung", None, 2030)]),
        (
            "DV-1.4",
            [("Zeitraum Erstellung", 2021, 2023), ("Zeitraum Umsetzung & Betreuung", None, 2030)],
        ),
        ("DV-2.3", [("Einführung", 2021, 2021)]),
        ("DV-2.5", [("Zeitraum Einführung", 2021, 2023)]),
        ("DV-3.1", [("Zeitraum", None, 2030)]),
        ("DV-3.7", [("Zeitraum", None, None)]),
        ("DS-1.2", [("Konzepterstellung", 2021, 2021)]),
        ("DS-1.5", [("Konzipierung", 2024, 2024), ("Umsetzung", None, 2030)]),
        ("DS-1.6", [("Konzipierung", 2025, 2026)]),
        ("DS-2.1", [("Zeitraum initiale Umsetzung", 2020, 2023)]),
        ("DS-2.6", [("Konzipierung und Umsetzung", 2026, 2027)]),
        ("DS-3.5", [("Zeitraum", None, None)]),
    ],
)
def test_periods(catalogue: Catalogue, pid: str, expected: list) -> None:
    assert [(p.label, p.start, p.end) for p in catalogue[pid].periods] == expected


def test_period_text_keeps_what_follows(catalogue: Catalogue) -> None:
    assert catalogue["DV-2.1"].periods[0].text == (
        "Zeitraum Umsetzung: 2020 bis 2024. Danach laufender Support."
    )
    assert (
        catalogue["DV-2.2"].periods[0].text.endswith("Danach weiterhin reguläre Prozessaufnahme.")
    )
    assert catalogue["DS-1.2"].periods[0].text == (
        "Konzepterstellung: 2021. Laufende Pflege bis 2030."
    )


def test_measures_wrapped_over_lines_come_out_whole(catalogue: Catalogue) -> None:
    assert (
        "Aufbau eines Netzwerks für den Netzausbau (Telekommunikationsunternehmen, "
        "Wirtschaft, Politik, …)"
    ) in catalogue["DV-1.4"].measures
    assert (
        "Aufbau eines Netzwerks für den WLAN-Ausbau (Telekommunikationsunternehmen, "
        "Wirtschaft, etc.)"
    ) in catalogue["DV-1.5"].measures
    assert len(catalogue["DV-1.4"].measures) == 6
    assert catalogue["DV-2.1"].measures[6] == (
        "Weitere Einbindung von Verwaltungsspitze, Personalrat, Datenschutzbeauftragter, "
        "Schwerbehindertenvertretung"
    )


def test_inline_measure(catalogue: Catalogue) -> None:
    assert catalogue["DS-3.4"].measures == (
        "Konzipierung einer Digitalisierungsinitiative zur Steigerung der Digitalkompetenzen "
        "in Kleve",
    )


@pytest.mark.parametrize(
    ("pid", "units"),
    [
        ("DV-1.3", ["Fachbereich 10 – Abteilung 10.1", "Fachbereich 20 – Abteilung 20.1"]),
        ("DV-1.4", ["Fachbereich 20", "WTM Kleve GmbH", "Fachbereich 10 – Abteilung 10.1"]),
        (
            "DV-2.2",
            [
                "Fachbereich 10 – Abteilung 10.2",
                "Fachbereich 10 – Abteilung 10.1",
                "alle Fachbereiche",
            ],
        ),
        (
            "DV-2.3",
            [
                "Fachbereich 10 – Abteilung 10.1",
                "Fachbereich 10 – Abteilung 10.3",
                "alle Fachbereiche",
            ],
        ),
        ("DV-3.2", ["Fachbereich 10 – Abteilung 10.1", "alle Mitarbeitenden"]),
        (
            "DV-3.4",
            ["alle Dezernats- und Fachbereichsleitungen", "Fachbereich 10 – Abteilung 10.1"],
        ),
        ("DS-1.3", ["Verwaltungsvorstand", "Fachbereich 10 – Abteilung 10.1", "alle Fachbereiche"]),
        ("DS-1.6", ["Fachbereich 10 – Abteilung 10.2", "Fachbereich 10 – Abteilung 10.1"]),
        ("DS-2.4", ["Fachbereich 10 – Abteilung 10.1", "WTM Kleve GmbH", "Fachbereich 20"]),
        ("DS-3.3", ["Volkshochschule Kleve", "Fachbereich 10 – Abteilung 10.1"]),
        (
            "DS-2.6",
            [
                "Fachbereich 10 – Abteilung 10.1",
                "Klimaschutzmanager",
                "Stadtwerke Kleve GmbH",
                "Umweltbetriebe der Stadt Kleve AöR",
            ],
        ),
    ],
)
def test_responsible_units(catalogue: Catalogue, pid: str, units: list[str]) -> None:
    assert list(catalogue[pid].responsible) == units


def test_role_notes_kept_apart_from_units(catalogue: Catalogue) -> None:
    roles = {r.unit: r.role for r in catalogue["DV-2.1"].responsible_roles}
    assert roles == {
        "Fachbereich 10 – Abteilung 10.1": "Koordination und Einführung",
        "alle Fachbereiche": None,
    }
    assert catalogue["DV-2.1"].responsible_text == (
        "Fachbereich 10 – Abteilung 10.1 (Koordination und Einführung), alle Fachbereiche"
    )


def test_fachbereich_20_takes_part_in_eight_projects(catalogue: Catalogue) -> None:
    ids = [
        p.id
        for p in catalogue.projects
        if any(u == "Fachbereich 20" or u.startswith("Fachbereich 20 –") for u in p.responsible)
    ]
    assert ids == ["DV-1.3", "DV-1.4", "DV-2.5", "DS-1.8", "DS-2.1", "DS-2.2", "DS-2.4", "DS-2.5"]


def test_no_debris_glyphs_or_split_words(catalogue: Catalogue) -> None:
    texts = [json.dumps(p.to_dict(), ensure_ascii=False) for p in catalogue.projects]
    texts += [s.text for s in catalogue.sections]
    for text in texts:
        assert not DEBRIS.search(text), DEBRIS.search(text)
        assert not PRIVATE_USE.search(text)
        assert not SPLIT_WORD.search(text), text[SPLIT_WORD.search(text).start() - 40 :][:80]
    description = catalogue["DV-1.1"].description
    assert "Digitalisierungsaufgaben" in description and "Digitali- sierungs" not in description


def test_hyphen_kept_before_capitals(catalogue: Catalogue) -> None:
    assert "OZG-Leistungen" in catalogue["DS-1.3"].description
    assert "E-Rechnungsempfangenden" in catalogue["DV-2.5"].description
    assert "Mobile-Office-Zeiten" in catalogue["DV-2.3"].description


def test_general_sections(catalogue: Catalogue) -> None:
    ids = [s.id for s in catalogue.sections]
    assert ids == [
        "fortschreibung",
        "wirkungsbereiche-und-aktionsfelder",
        "digitalisierungsprojekte",
        "zeitstrahl-zur-umsetzung",
        "detailbetrachtung",
        "smart-city-aktionsfelder",
    ]
    by_id = {s.id: s for s in catalogue.sections}
    assert "jährliche Fortschreibung" in by_id["fortschreibung"].text
    assert (
        "Zeitraum vom Jahr 2020 bis zum Jahr 2030"
        in by_id["wirkungsbereiche-und-aktionsfelder"].text
    )
    assert by_id["fortschreibung"].source.line_start == 1


def test_source_lines_cover_the_project(catalogue: Catalogue) -> None:
    lines = catalogue.document
    assert lines == "massnahmenkatalog-2-fortschreibung"
    p = catalogue["DS-2.6"]
    assert (p.source.line_start, p.source.line_end) == (1260, 1293)


def test_enumerated_definitions_are_paragraphs_of_their_own(catalogue: Catalogue) -> None:
    paragraphs = catalogue["DS-2.0"].description.split("\n\n")
    assert "5 Smart Living: Die Lebensqualität fördern und verbessern" in paragraphs
    assert (
        "6 Smart Mobility: Die Verkehrsinfrastruktur effizient und umweltschonend gestalten"
        in paragraphs
    )

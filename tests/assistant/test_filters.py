"""Complete lists from the structured fields: exact id sets taken from the catalogue."""

from __future__ import annotations

import pytest

from assistant.filters import (
    ListFilter,
    Terms,
    all_departments,
    parse_filter,
    select,
    takes_part,
)
from assistant.text import fold

FB20 = ["DV-1.3", "DV-1.4", "DV-2.5", "DS-1.8", "DS-2.1", "DS-2.2", "DS-2.4", "DS-2.5"]


def ids(projects):
    return [p.id for p in projects]


@pytest.fixture(scope="module")
def terms(catalogue) -> Terms:
    return Terms.of(catalogue)


def test_fachbereich_20_takes_part_in_exactly_eight_projects(catalogue):
    assert ids(select(catalogue, ListFilter(unit="Fachbereich 20"))) == FB20


def test_a_fachbereich_takes_part_through_its_abteilung(catalogue):
    assert takes_part(catalogue["DV-1.3"], "Fachbereich 20") == "Fachbereich 20 – Abteilung 20.1"
    assert takes_part(catalogue["DS-1.8"], "Fachbereich 20") == "Fachbereich 20"
    assert takes_part(catalogue["DV-1.1"], "Fachbereich 20") is None


def test_alle_fachbereiche_is_not_a_named_participation(catalogue):
    # DV 2.1 names "alle Fachbereiche" but no Fachbereich 20: it is not in the FB-20 list.
    assert "DV-2.1" not in FB20
    assert "DV-2.1" in ids(all_departments(catalogue))
    assert len(all_departments(catalogue)) == 20


def test_fachbereich_10_includes_all_its_abteilungen(catalogue):
    found = ids(select(catalogue, ListFilter(unit="Fachbereich 10")))
    assert len(found) == 42  # every project but the DS 2.0 overview
    assert "DS-3.3" in found  # via "Fachbereich 10 – Abteilung 10.1"


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (
            ListFilter(unit="Fachbereich 10 – Abteilung 10.2"),
            ["DV-2.2", "DV-2.5", "DV-2.6", "DV-2.7", "DS-1.6"],
        ),
        (ListFilter(unit="WTM Kleve GmbH"), ["DV-1.4", "DV-1.5", "DS-2.2", "DS-2.4", "DS-2.5"]),
        (ListFilter(unit="Kreis Kleve"), ["DS-2.1", "DS-2.2"]),
        (ListFilter(unit="Fachbereich 61"), ["DS-3.1", "DS-3.2"]),
        (ListFilter(smart_field="Smart Living"), ["DS-2.2", "DS-2.4", "DS-2.6"]),
        (
            ListFilter(action_field="Partizipation"),
            ["DS-3.1", "DS-3.2", "DS-3.3", "DS-3.4", "DS-3.5"],
        ),
        (
            ListFilter(permanent=True),
            ["DV-3.1", "DV-3.2", "DV-3.4", "DV-3.5", "DV-3.7", "DV-3.8", "DS-3.5"],
        ),
        (ListFilter(start_from=2026), ["DS-2.6", "DS-3.3", "DS-3.4"]),
    ],
)
def test_select_is_complete(catalogue, flt, expected):
    assert ids(select(catalogue, flt)) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("An welchen Projekten ist Fachbereich 20 beteiligt?", ListFilter(unit="Fachbereich 20")),
        ("Welche Projekte hat FB 61?", ListFilter(unit="Fachbereich 61")),
        (
            "Bei welchen Vorhaben ist die 10.2 dabei?",
            ListFilter(unit="Fachbereich 10 – Abteilung 10.2"),
        ),
        ("Wo ist die WTM überall beteiligt?", ListFilter(unit="WTM Kleve GmbH")),
        ("Projekte mit dem Kreis Kleve?", ListFilter(unit="Kreis Kleve")),
        ("Welche Projekte starten 2026 oder später?", ListFilter(start_from=2026)),
        ("Welche Projekte sind Daueraufgaben?", ListFilter(permanent=True)),
        ("Welche Projekte laufen unter Smart Living?", ListFilter(smart_field="Smart Living")),
        # a field's name misspelt; "Smart City" is no field
        ("welche projekte laufen unter smart liveing?", ListFilter(smart_field="Smart Living")),
        ("was gehoert zu smart mobilty", ListFilter(smart_field="Smart Mobility")),
        (
            "Alle Projekte im Aktionsfeld Veraenderungsmanagement",
            ListFilter(action_field="Veränderungsmanagement"),
        ),
        # a one-word field's name written apart
        (
            "welche projekte gehoeren zu veraenderungs-management",
            ListFilter(action_field="Veränderungsmanagement"),
        ),
        ("alle projekte der strategie planung", ListFilter(action_field="Strategieplanung")),
        # negative: the two words apart of each other are no name
        ("welche projekte laufen bei strategie und planung", None),
    ],
)
def test_parse_filter(question, expected, terms):
    assert parse_filter(question, fold(question), terms) == expected


def test_projects_of_a_unit_alone_and_without_it(catalogue):
    alone = ListFilter(unit="Fachbereich 10 – Abteilung 10.1", unit_mode="allein")
    assert ids(select(catalogue, alone)) == [
        "DV-1.1",
        "DV-3.1",
        "DV-3.3",
        "DS-1.2",
        "DS-1.4",
        "DS-3.4",
        "DS-3.5",
    ]
    without = select(catalogue, ListFilter(unit="Fachbereich 20", unit_mode="nicht"))
    assert len(without) == 34 and not set(ids(without)) & set(FB20)
    assert select(catalogue, ListFilter(unit="Fachbereich 10", unit_mode="nicht")) == []


def test_parse_filter_reads_negation_and_alone(terms):
    q = "Welche Projekte macht die 10.1 allein?"
    assert parse_filter(q, fold(q), terms).unit_mode == "allein"
    q = "An welchen Projekten ist FB 20 nicht beteiligt?"
    assert parse_filter(q, fold(q), terms).unit_mode == "nicht"


@pytest.mark.parametrize(
    ("question", "units", "expected"),
    [
        (
            "welche projekte macht die 10.1 zusammen mit dem FB 61?",
            ("Fachbereich 10 – Abteilung 10.1", "Fachbereich 61"),
            ["DS-3.1", "DS-3.2"],
        ),
        (
            "An welchen Projekten sind Fachbereich 20 und die WTM gemeinsam beteiligt?",
            ("Fachbereich 20", "WTM Kleve GmbH"),
            ["DV-1.4", "DS-2.2", "DS-2.4", "DS-2.5"],
        ),
        # An Abteilung names its Fachbereich along: one unit, not two.
        (
            "Welche Projekte hat Fachbereich 20, Abteilung 20.1?",
            ("Fachbereich 20 – Abteilung 20.1",),
            ["DV-1.3"],
        ),
        # "oder" offers either unit: the first one's projects, as before.
        ("Welche Projekte hat FB 20 oder FB 32?", ("Fachbereich 20",), FB20),
    ],
)
def test_units_named_together_take_part_together(question, units, expected, terms, catalogue):
    flt = parse_filter(question, fold(question), terms)
    assert flt.units == units
    assert ids(select(catalogue, flt)) == expected


def test_running_for_good_is_a_permanent_task(terms):
    flt = parse_filter(
        "Welche Vorhaben zum Kulturwandel laufen dauerhaft?",
        fold("Welche Vorhaben zum Kulturwandel laufen dauerhaft?"),
        terms,
    )
    assert flt == ListFilter(action_field="Veränderungsmanagement", permanent=True)


@pytest.mark.parametrize(
    ("question", "permanent"),
    [
        ("Welche Vorhaben sind als dauerhafte Aufgabe gedacht?", True),
        ("Welche Projekte laufen ohne festes Ende?", True),
        ("Welche Projekte haben kein Ende?", True),
        # an end that is named, or "ohne" something else
        ("Welche Projekte enden 2025?", False),
        ("Welche Projekte laufen ohne Fachbereich 20?", False),
    ],
)
def test_a_permanent_task_in_other_words(terms, question, permanent):
    flt = parse_filter(question, fold(question), terms)
    assert bool(flt and flt.permanent) is permanent


@pytest.mark.parametrize(
    ("question", "within", "expected"),
    [
        (
            "welche projekte sind für den zeitraum 2026 bis 2030 angesetzt",
            (2026, 2030),
            ["DS-2.6", "DS-3.3", "DS-3.4"],  # DS 2.6: 2026-2027, inside the span
        ),
        (
            "Was läuft zwischen 2023 und 2024?",
            (2023, 2024),
            ["DV-1.3", "DV-2.8", "DV-2.9", "DS-1.5"],
        ),
        # one year, years in falling order, or a year that names a start: no span
        ("Welche Projekte laufen 2026?", None, None),
        ("Was wurde von 2023 auf 2021 vorgezogen?", None, None),
        ("Welche Projekte starten 2026 und laufen bis 2030?", None, None),
    ],
)
def test_a_span_of_two_years_lists_the_phases_inside_it(
    terms, catalogue, question, within, expected
):
    flt = parse_filter(question, fold(question), terms)
    assert (flt.within if flt else None) == within
    if expected:
        assert [p.id for p in select(catalogue, flt)] == expected


def test_the_terms_come_from_the_records_and_the_data_file(terms):
    assert terms.action_fields == {
        "strategieplanung": "Strategieplanung",
        "smart working": "Smart Working",
        "veranderungsmanagement": "Veränderungsmanagement",
        "change management": "Veränderungsmanagement",  # the data file's words
        "kulturwandel": "Veränderungsmanagement",
        "e-government": "E-Government",
        "egovernment": "E-Government",
        "partizipation": "Partizipation",
        "burgerbeteiligung": "Partizipation",
        "participation": "Partizipation",
    }
    assert terms.smart_city == "Smart City"
    # The projects' fields first, then the overview's others (DS 2.0 defines six).
    assert terms.smart_fields == (
        "People",
        "Living",
        "Governance",
        "Mobility",
        "Environment",
        "Business",
    )
    # every ending a question inflects the adjective with ("zwischen digitaler Verwaltung …")
    assert terms.areas == {
        f"digitale{ending} {noun.lower()}": f"Digitale {noun}"
        for noun in ("Verwaltung", "Stadt")
        for ending in ("", "n", "r", "s", "m")
    }
    assert [unit for _, unit in terms.bodies][:2] == ["WTM Kleve GmbH", "Kreis Kleve"]


def test_every_department_a_question_names():
    from assistant.filters import named_departments

    assert named_departments(fold("Macht das FB 20 und nicht mehr die 10.1?")) == [
        "Fachbereich 10 – Abteilung 10.1",
        "Fachbereich 20",
    ]

"""The timeline from the parsed periods: exact phases, open ends, coverage of a year."""

from __future__ import annotations

import pytest

from corpus.timeline import Phase, plan_span, timeline


@pytest.fixture(scope="module")
def rows(catalogue):
    span, found = timeline(catalogue)
    return span, {r.project.id: r for r in found}


def test_the_plan_spans_what_the_catalogue_states_widened_to_printed_years(catalogue):
    # "für den Zeitraum vom Jahr 2020 bis zum Jahr 2030"; DS 1.4 was implemented 2019-2020
    assert plan_span(catalogue) == (2019, 2030)


def test_exact_phases(rows):
    _span, by_id = rows
    assert by_id["DV-1.1"].phases == (
        Phase("Erstellung", 2020, 2023, False, "Zeitraum Erstellung: 2020-2023."),
        Phase("Durchführung", None, 2030, True, "Zeitraum Durchführung: bis 2030."),
    )
    assert by_id["DS-1.8"].phases == (
        Phase(
            "Umsetzung",
            2020,
            2021,
            True,
            "Umsetzung: 2020 bis 2021. Danach ggfs. laufende Betreuung in technischer Hinsicht.",
        ),
    )
    # a phase the text gives without any year: its text, no years, an open end
    assert by_id["DV-3.7"].phases == (
        Phase(
            "Zeitraum",
            None,
            None,
            True,
            "Zeitraum: Daueraufgabe und bereits aktuell im laufenden Betrieb.",
        ),
    )
    # a phase that simply ends
    assert by_id["DS-2.1"].phases[0] == Phase(
        "initiale Umsetzung", 2020, 2023, False, "Zeitraum initiale Umsetzung: 2020 bis 2023."
    )
    assert by_id["DS-2.0"].phases == ()  # the Smart-City overview has no periods


def test_a_year_is_covered_by_printed_years_and_open_ends(rows):
    span, by_id = rows
    assert by_id["DS-2.1"].runs_in(2023, span) and not by_id["DS-2.1"].runs_in(2024, span)
    assert by_id["DS-1.8"].runs_in(2027, span)  # "danach laufende Betreuung"
    assert by_id["DV-3.7"].runs_in(2020, span) and by_id["DV-3.7"].runs_in(2030, span)
    assert by_id["DS-2.6"].starts_in(2026) and not by_id["DS-2.6"].runs_in(2025, span)
    # "Durchführung: bis 2030" follows "Erstellung: 2023-2025", it does not start with the plan
    assert by_id["DV-1.2"].ranges(span)[1][:2] == (2026, 2030)
    assert not by_id["DV-1.2"].runs_in(2022, span)


def test_planned_phases_leave_out_the_support_after_them(rows):
    span, by_id = rows
    assert not by_id["DS-1.8"].planned_in(2027, span)  # only its support runs then
    assert by_id["DV-1.1"].planned_in(2027, span)  # "Durchführung: bis 2030" after 2023
    assert not by_id["DV-1.1"].planned_in(2031, span)
    assert by_id["DS-3.5"].planned_in(2022, span)  # a Daueraufgabe without years

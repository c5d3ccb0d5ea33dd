"""What changed between editions: the fictitious 3rd edition against the bundled 2nd."""

from __future__ import annotations

from pathlib import Path

from corpus.diff import Delay, diff_catalogues
from corpus.editions import load_editions
from corpus.models import Period

DMS_2024 = {
    "label": "Zeitraum Umsetzung",
    "start": 2020,
    "end": 2024,
    "text": "Zeitraum Umsetzung: 2020 bis 2024. Danach laufender Support.",
}
DMS_2026 = {**DMS_2024, "end": 2026, "text": DMS_2024["text"].replace("2024", "2026")}
EXPECTED = {
    "from": 2,
    "to": 3,
    "added": ["DV-3.9"],
    "removed": ["DV-2.9"],
    "renumbered": [{"from": "DV-2.10", "to": "DV-2.9"}],
    "changed": [
        {
            "id": "DV-2.1",
            "fields": ["periods"],
            "before": {"periods": [DMS_2024]},
            "after": {"periods": [DMS_2026]},
        },
        {
            "id": "DS-1.8",
            "fields": ["responsible"],
            "before": {"responsible": ["Fachbereich 20", "Fachbereich 10 – Abteilung 10.1"]},
            "after": {
                "responsible": [
                    "Fachbereich 20",
                    "Fachbereich 32",
                    "Fachbereich 10 – Abteilung 10.1",
                ]
            },
        },
    ],
}


def test_the_diff_finds_exactly_the_changes_made(two_editions: Path) -> None:
    assert load_editions(two_editions).diff().to_dict() == EXPECTED
    assert load_editions(two_editions).diff(2, 3).to_dict() == EXPECTED


def test_the_bundled_edition_against_itself_is_empty(catalogue) -> None:
    found = diff_catalogues(catalogue, catalogue, 2, 2)
    assert found.empty
    assert load_editions().diff().to_dict() == {
        "from": 2,
        "to": 2,
        "added": [],
        "removed": [],
        "renumbered": [],
        "changed": [],
    }


def test_delays_are_periods_that_end_later(two_editions: Path) -> None:
    assert load_editions(two_editions).diff().delays() == [
        Delay("DV-2.1", "Zeitraum Umsetzung", Period(**DMS_2024), Period(**DMS_2026))
    ]


def test_backwards_the_changes_turn_round(two_editions: Path) -> None:
    found = load_editions(two_editions).diff(3, 2)
    assert (found.added, found.removed) == (("DV-2.9",), ("DV-3.9",))
    assert found.renumbered == (("DV-2.9", "DV-2.10"),)
    assert found.delays() == []  # DV 2.1 comes earlier, not later

from __future__ import annotations

import pytest

from corpus.lookup import find_project_refs, resolve_project
from katalog.errors import AmbiguousProjectError, UnknownProjectError


@pytest.mark.parametrize("ref", ["DS-1.8", "DS 1.8", "ds1.8", "ds 1.8", " Ds-1.8 ", "1.8"])
def test_forms_of_e_payment(catalogue, ref: str) -> None:
    assert resolve_project(catalogue, ref).id == "DS-1.8"


def test_bare_number_unique_to_one_area(catalogue) -> None:
    assert resolve_project(catalogue, "2.10").id == "DV-2.10"
    assert resolve_project(catalogue, "3.8").id == "DV-3.8"


def test_bare_shared_number_is_ambiguous(catalogue) -> None:
    with pytest.raises(AmbiguousProjectError) as info:
        resolve_project(catalogue, "1.1")
    assert info.value.candidates == ["DV-1.1", "DS-1.1"]
    assert "DV 1.1 Digitalisierungsstrategie" in info.value.message
    assert "DS 1.1 Internet" in info.value.message


@pytest.mark.parametrize("ref", ["DS 9.9", "DV 3.9", "4.1", "E-Payment", ""])
def test_unknown_names_the_valid_ranges(catalogue, ref: str) -> None:
    with pytest.raises(UnknownProjectError) as info:
        resolve_project(catalogue, ref)
    assert info.value.message.endswith("Gültig sind DV 1.1 – DV 3.8 und DS 1.1 – DS 3.5.")


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("Was ist Projekt 2.5 der Digitalen Verwaltung?", [("DV", "2.5")]),
        ("und die 1.8?", [(None, "1.8")]),
        ("Vergleich DS 2.4 und dv-1.5", [("DS", "2.4"), ("DV", "1.5")]),
        ("Seit dem 18.04.2020 gilt die Pflicht", []),
        ("Projekt 2.10 in der Digitalen Verwaltung", [("DV", "2.10")]),
        # Numbers a later edition may print: a fourth field, a twelfth project.
        ("Was ist DS 4.12, und was DV 3.11?", [("DS", "4.12"), ("DV", "3.11")]),
        ("Stand vom 1.12.2026", []),
    ],
)
def test_refs_in_running_text(text: str, refs: list) -> None:
    assert find_project_refs(text) == refs

"""Resolving the ways people write a project number ("DS-1.8", "DS 1.8", "ds1.8", "1.8")."""

from __future__ import annotations

import re

from corpus.models import Catalogue, Project
from katalog.errors import AmbiguousProjectError, UnknownProjectError

_AREA_WORDS = {
    "dv": "DV",
    "ds": "DS",
    "digitale verwaltung": "DV",
    "digitalen verwaltung": "DV",
    "digitale stadt": "DS",
    "digitalen stadt": "DS",
}
_REF = re.compile(r"^\s*(?:(?P<area>dv|ds)\s*[-_ ]?\s*)?(?P<number>\d{1,2}\.\d{1,2})\s*$", re.I)
# Inside running text: "DS 1.8", "ds-1.8", "Projekt 2.5", "die 1.8" (never dates like 18.04.2020);
# any field and project number an edition may print (the caller checks it exists).
_TEXT_REF = re.compile(
    r"(?<![\d.])(?:(?P<area>\b(?:DV|DS))\s*[-_ ]?\s*)?(?P<number>[1-9]\.(?:1[0-9]|[0-9]))(?!\.?\d)",
    re.I,
)


def valid_ranges(catalogue: Catalogue) -> str:
    """ "DV 1.1 – DV 3.8 und DS 1.1 – DS 3.5" for messages."""
    parts = []
    for code in ("DV", "DS"):
        labels = [p.label for p in catalogue.projects if p.area_code == code and p.measures]
        if labels:
            parts.append(f"{labels[0]} – {labels[-1]}")
    return " und ".join(parts)


def candidates(catalogue: Catalogue, number: str) -> list[Project]:
    return [p for p in catalogue.projects if p.number == number]


def resolve_project(catalogue: Catalogue, ref: str) -> Project:
    """The project `ref` names; a bare number shared by both Wirkungsbereiche is ambiguous."""
    match = _REF.match(ref or "")
    if match:
        number = match["number"]
        if match["area"]:
            project = catalogue.get(f"{match['area'].upper()}-{number}")
            if project:
                return project
        else:
            found = candidates(catalogue, number)
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                names = " und ".join(f"{p.label} {p.title}" for p in found)
                raise AmbiguousProjectError(
                    f"Die Nummer '{number}' gibt es in beiden Wirkungsbereichen: {names}. "
                    f"Bitte mit DV oder DS angeben, z. B. '{found[0].label}'.",
                    [p.id for p in found],
                )
    shown = ref.strip() if len(ref.strip()) <= 40 else ref.strip()[:40] + "…"  # no echo of 1 MB
    raise UnknownProjectError(
        f"Projekt '{shown}' gibt es nicht. Gültig sind {valid_ranges(catalogue)}."
    )


def find_project_refs(text: str) -> list[tuple[str | None, str]]:
    """Project numbers mentioned in running text, with their Wirkungsbereich where stated.

    "Projekt 2.5 der Digitalen Verwaltung" gives ("DV", "2.5"); "die 1.8" gives (None, "1.8").
    """
    refs: list[tuple[str | None, str]] = []
    lowered = text.lower()
    area_in_text = [code for word, code in _AREA_WORDS.items() if len(word) > 2 and word in lowered]
    context = area_in_text[0] if len(set(area_in_text)) == 1 else None
    for match in _TEXT_REF.finditer(text):
        area = match["area"].upper() if match["area"] else context
        ref = (area, match["number"])
        if ref not in refs:
            refs.append(ref)
    return refs

"""Normalising the printed Zuständigkeit into queryable units with their role notes."""

from __future__ import annotations

import re
from collections.abc import Mapping

from corpus.models import Responsible

DASH = "–"
ALL_DEPARTMENTS = "alle Fachbereiche"

_DEPT_DIVISIONS = re.compile(r"^Fachbereich\s+(\d+)\s*[–-]\s*Abteilung(?:en)?\s+(.+)$")
_DEPT = re.compile(r"^Fachbereich\s+(\d+)$")
_DIVISION_NO = re.compile(r"\b(\d{1,2}\.\d)\b")
_BARE_DIVISIONS = re.compile(r"^\d{1,2}\.\d\b")
_ROLE = re.compile(r"^(?P<unit>.*?)\s*\((?P<role>[^()]*)\)?\s*$")


def _split_top_level(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p.strip().rstrip(".").strip() for p in parts if p.strip()]


def _split_role(segment: str) -> tuple[str, str | None]:
    if "(" in segment:
        match = _ROLE.match(segment)
        if match:
            return match["unit"].strip(), match["role"].strip() or None
    return segment.rstrip(")").strip(), None


def _division(department: str, number: str) -> str:
    return f"Fachbereich {department} {DASH} Abteilung {number}"


def parse_responsible(
    text: str, bodies: Mapping[str, str] | None = None
) -> tuple[Responsible, ...]:
    """Units named in a Zuständigkeit, in printed order, each once.

    "Fachbereich 10 – Abteilungen 10.2 und 10.1 (Koordination und Einführung), alle Fachbereiche"
    gives both divisions with the role note, then "alle Fachbereiche". ``bodies`` maps short
    forms printed for a body to its full name (the edition's data file: "WTM" -> "WTM Kleve
    GmbH").
    """
    bodies = bodies or {}
    units: list[Responsible] = []
    department: str | None = None
    for segment in _split_top_level(text):
        name, role = _split_role(segment)
        found: list[str] = []
        if match := _DEPT_DIVISIONS.match(name):
            department = match[1]
            found = [_division(department, n) for n in _DIVISION_NO.findall(match[2])]
        elif _BARE_DIVISIONS.match(name) and department:
            found = [_division(department, n) for n in _DIVISION_NO.findall(name)]
        elif match := _DEPT.match(name):
            department = match[1]
            found = [f"Fachbereich {department}"]
        elif re.search(r"\ball(?:e|en|er)\b.*Fachbereiche", name, re.IGNORECASE):
            found = [ALL_DEPARTMENTS]
            if name.lower() != ALL_DEPARTMENTS.lower():
                role = role or name
        else:
            name = bodies.get(name, name)
            found = [re.sub(r"^Alle\b", "alle", name)]
        for unit in found:
            if all(u.unit != unit for u in units):
                units.append(Responsible(unit, role))
    return tuple(units)

"""Parsing of the printed time statements ("Zeitraum Erstellung: 2020-2023. Danach ...")."""

from __future__ import annotations

import re

from corpus.models import Period

# "Label: rest" where the label is a short capitalised phrase ("Zeitraum Umsetzung & Betreuung").
_LABEL = r"[A-ZÄÖÜ][\wÄÖÜäöüß&\- ]{0,60}?"
_STATEMENT_START = re.compile(rf"^\s*(?P<label>{_LABEL}):\s+(?P<rest>.*)$")
# Inside one paragraph a new statement starts after a full stop: "... 2025. Zeitraum ...: bis".
_SPLIT = re.compile(rf"(?<=\.)\s+(?=(?:{_LABEL}):\s)")
_TIME_WORDS = re.compile(r"\b(?:19|20)\d{2}\b|Daueraufgabe")

_RANGE = re.compile(r"\b((?:19|20)\d{2})\s*(?:-|–|bis)\s*((?:19|20)\d{2})\b")
_SLASH = re.compile(r"\b((?:19|20)\d{2})/((?:19|20)\d{2})\b")
_UNTIL = re.compile(r"\bbis\s+((?:19|20)\d{2})\b")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
# The first statement of a period ends at the first full stop or comma after it.
_HEAD_END = re.compile(r"\.(?:\s|$)|,\s")

MAX_LABEL_WORDS = 6


def starts_period(line: str) -> bool:
    """Whether a line opens the time statements of a project."""
    match = _STATEMENT_START.match(line)
    if not match or len(match["label"].split()) > MAX_LABEL_WORDS:
        return False
    return bool(_TIME_WORDS.search(match["rest"]))


def years(statement: str) -> tuple[int | None, int | None]:
    """Start and end year of a statement's first sentence ("bis 2030" → (None, 2030))."""
    head = _HEAD_END.split(statement, maxsplit=1)[0]
    for pattern in (_RANGE, _SLASH):
        if match := pattern.search(head):
            return int(match[1]), int(match[2])
    if match := _UNTIL.search(head):
        return None, int(match[1])
    if match := _YEAR.search(head):
        return int(match[1]), int(match[1])
    return None, None


def parse_periods(text: str) -> tuple[Period, ...]:
    """All periods of a project's time block, already joined into running text."""
    periods: list[Period] = []
    for part in _SPLIT.split(text.strip()):
        match = _STATEMENT_START.match(part)
        if not match:
            if periods:  # a sentence without a label belongs to the statement before it
                last = periods.pop()
                periods.append(Period(last.label, last.start, last.end, f"{last.text} {part}"))
            continue
        start, end = years(match["rest"])
        periods.append(Period(match["label"].strip(), start, end, part.strip()))
    return tuple(periods)

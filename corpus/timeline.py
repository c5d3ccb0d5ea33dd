"""The plan as a timeline: every printed period of every project as a phase with its years.

Derived from the parsed periods only. A phase keeps the catalogue's own text; its years are
the printed ones (none are invented): "bis 2030" has an end and no start, "Daueraufgabe" and
"danach laufende Pflege" mark an open end, and a period without any year is a phase with its
text and no years. The span of the plan is the one the catalogue states for itself ("für den
Zeitraum vom Jahr 2020 bis zum Jahr 2030"), widened to any printed year outside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.models import Catalogue, Project

# "danach laufende Pflege", "Daueraufgabe", "im laufenden Betrieb", "laufender Support"
_OPEN = re.compile(r"\b(?:danach|daueraufgabe|laufende[nrs]?)\b", re.IGNORECASE)
_SPAN = re.compile(r"Zeitraum vom Jahr (\d{4}) bis zum Jahr (\d{4})")
_PREFIX = re.compile(r"^Zeitraum\s+(?:der\s+)?", re.IGNORECASE)


@dataclass(frozen=True)
class Phase:
    label: str  # "Erstellung", "Umsetzung & Betreuung", "Zeitraum"
    start: int | None  # first year, as printed
    end: int | None  # last year, as printed
    open_end: bool  # goes on after `end` (or throughout, without years)
    text: str  # the catalogue's sentence

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "open_end": self.open_end,
            "text": self.text,
        }


def phases(project: Project, span: tuple[int, int]) -> list[Phase]:
    """The project's phases in printed order."""
    found = []
    for period in project.periods:
        label = _PREFIX.sub("", period.label).strip() or period.label
        ends_plan = period.start is None and period.end == span[1]  # "bis 2030"
        open_end = bool(_OPEN.search(period.text)) or ends_plan
        found.append(Phase(label, period.start, period.end, open_end, period.text))
    return found


def plan_span(catalogue: Catalogue) -> tuple[int, int]:
    """The years the plan covers: as the catalogue states them, widened to every printed
    year."""
    stated = next(
        (m for s in catalogue.sections if (m := _SPAN.search(" ".join(s.text.split())))), None
    )
    years = [y for p in catalogue.projects for x in p.periods for y in (x.start, x.end) if y]
    first, last = (int(stated.group(1)), int(stated.group(2))) if stated else (2020, 2030)
    return min([first, *years]), max([last, *years])


@dataclass(frozen=True)
class TimelineRow:
    project: Project
    phases: tuple[Phase, ...]

    def ranges(self, span: tuple[int, int]) -> list[tuple[int, int, Phase]]:
        """(first year, last year, phase) of each phase with a printed year. A phase
        without a printed start ("Durchführung: bis 2030") follows the one before it, or
        starts with the plan."""
        found = []
        previous_end: int | None = None
        for ph in self.phases:
            if ph.start is None and ph.end is None:
                continue
            start = ph.start if ph.start is not None else (previous_end or span[0] - 1) + 1
            end = ph.end if ph.end is not None else start
            found.append((start, max(start, end), ph))
            previous_end = end
        return found

    def planned_in(self, year: int, span: tuple[int, int]) -> bool:
        """Whether a planned phase runs in `year`: its printed years (see ``ranges``), or a
        Daueraufgabe without years, throughout the plan. The support, care or operation
        that follows a phase ("danach laufende Betreuung") does not count."""
        if any(start <= year <= end for start, end, _ in self.ranges(span)):
            return True
        endless = any(p.start is None and p.end is None and p.open_end for p in self.phases)
        return endless and span[0] <= year <= span[1]

    def runs_in(self, year: int, span: tuple[int, int]) -> bool:
        """Whether the project runs in `year`, open ends included (the Zeitstrahl's filter):
        a planned phase, or the open end after one, up to the end of the plan."""
        if self.planned_in(year, span):
            return True
        return any(ph.open_end and end < year <= span[1] for _, end, ph in self.ranges(span))

    def starts_in(self, year: int) -> bool:
        return any(p.start == year for p in self.phases)


def timeline(catalogue: Catalogue) -> tuple[tuple[int, int], list[TimelineRow]]:
    """The plan's span and one row per project (the overview without periods included)."""
    span = plan_span(catalogue)
    return span, [TimelineRow(p, tuple(phases(p, span))) for p in catalogue.projects]

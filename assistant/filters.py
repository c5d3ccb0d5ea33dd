"""List questions answered from the structured fields, completely.

A ``ListFilter`` is what a list question asks for (a unit, an Aktionsfeld, a Smart-City-Feld,
a Wirkungsbereich, Daueraufgaben, a start or end year); ``select`` returns every project that
matches, never the top few of a ranking.

Participation rule for units: a Fachbereich takes part in a project when the printed
Zuständigkeit names it or one of its Abteilungen ("Fachbereich 20" includes "Fachbereich 20 –
Abteilung 20.1"). "alle Fachbereiche" is not counted as a named participation; the answer states
separately how many projects name "alle Fachbereiche".
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from assistant.text import fold, fre, words
from assistant.words import word_list
from corpus.models import Catalogue, Project
from corpus.timeline import TimelineRow, phases, plan_span

ALL_DEPARTMENTS = "alle Fachbereiche"
FIELD_SPELLING = 80  # rapidfuzz ratio of a Smart-City field name as written to the name
_DEPT = fre(r"\b(?:fachbereich|fb)\s*(\d{2})\b(?!\.\d)")
_DIVISION = fre(r"\b(?:abteilung(?:en)?|abt\.?|die|der)\s*(\d{2}\.\d)\b")
_YEAR = r"(20[2-3]\d)"
_START_FROM = fre(
    rf"\b(?:ab|nach|seit)\s+{_YEAR}\b.*\b(beginn|start|anfang|los)\w*"
    rf"|\b(beginn|start|anfang|los)\w*.*\b(?:ab|nach)\s+{_YEAR}\b"
    rf"|\b{_YEAR}\s+oder\s+spater\b|\berst\s+(?:ab\s+)?{_YEAR}\b"
)
_START_IN = fre(
    rf"\b{_YEAR}\s+(gestartet|begonnen|beginn\w*|start\w*|angefangen)"
    rf"|\b(beginn\w*|start\w*|angefangen)\s+(?:im jahr\s+|in\s+)?{_YEAR}\b"
)
_END_BY = fre(
    rf"\b(?:bis|vor)\s+(?:ende\s+)?{_YEAR}\b.*\b(fertig|abgeschlossen|beendet|enden|endet)\w*"
    rf"|\b(fertig|abgeschlossen|beendet|enden|endet)\w*.*\b(?:bis|vor)\s+(?:ende\s+)?{_YEAR}\b"
)
_RUNNING = fre(
    rf"\b(laufen|lauft|aktiv|umgesetzt)\w*\s+(?:im jahr\s+|in\s+)?{_YEAR}\b"
    rf"|\b(?:im jahr|in)\s+{_YEAR}\s+(laufen|lauft|aktiv|umgesetzt|geplant|vorgesehen)"
    rf"|\b(?:fur|im jahr)\s+{_YEAR}\s+(geplant|vorgesehen)"
)


def smart_field_definitions(overview: Project) -> dict[str, str]:
    """ "governance" -> "Smart Governance: Die Stadtverwaltung ... digitalisieren", as the
    overview of the Smart-City fields defines them, in its order."""
    found = {}
    for line in re.split(r"\n+|\s(?=\d Smart )", overview.description):
        m = re.match(r"\s*\d\s+Smart (\w+):\s*(.+)", line)
        if m:
            found[m.group(1).lower()] = f"Smart {m.group(1)}: {m.group(2).strip()}"
    return found


@dataclass(frozen=True)
class Terms:
    """What a list question can name in one catalogue, from its records and its edition's
    knowledge: Aktionsfelder (with other words for them), the Aktionsfeld that holds the
    Smart-City fields, those fields, the Wirkungsbereiche and the bodies of the Zuständigkeiten.
    """

    action_fields: dict[str, str]  # folded word -> Aktionsfeld ("kulturwandel" -> …)
    smart_city: str | None  # the Aktionsfeld whose projects carry a Smart-City field
    smart_fields: tuple[str, ...]  # "People", "Living", …: the projects' first, in order
    areas: dict[str, str]  # "digitalen verwaltung" -> "Digitale Verwaltung"
    bodies: tuple[tuple[re.Pattern[str], str], ...]  # how a question names a unit

    @classmethod
    def of(cls, catalogue: Catalogue) -> Terms:
        knowledge = catalogue.knowledge
        smart = [p for p in catalogue.projects if p.smart_city_field]
        smart_city = smart[0].action_field if smart else None
        action_fields: dict[str, str] = {}
        areas: dict[str, str] = {}
        for p in catalogue.projects:
            if p.action_field != smart_city and p.action_field not in action_fields.values():
                action_fields[fold(p.action_field)] = p.action_field
                for word in knowledge.action_field_words.get(p.action_field, ()):
                    action_fields[word] = p.action_field
            for form in inflected(p.impact_area):
                areas.setdefault(form, p.impact_area)
        fields = [p.smart_city_field.removeprefix("Smart ") for p in smart]
        overview = catalogue.overview
        if overview is not None:
            fields += [
                f.split(":")[0].removeprefix("Smart ")
                for f in smart_field_definitions(overview).values()
            ]
        bodies = tuple((b.asked, b.name) for b in knowledge.bodies if b.asked)
        return cls(action_fields, smart_city, tuple(dict.fromkeys(fields)), areas, bodies)


def inflected(name: str) -> list[str]:
    """A name that opens on an adjective, folded, in every ending a question gives it:
    "Digitale Verwaltung" -> "digitale verwaltung", "digitalen verwaltung" ("der Digitalen
    Verwaltung"), "digitaler verwaltung" ("zwischen digitaler Verwaltung und …"), …"""
    endings = ("", "n", "r", "s", "m")
    return list(dict.fromkeys(fold(re.sub(r"^(\w+e) ", rf"\g<1>{e} ", name)) for e in endings))


@dataclass(frozen=True)
class ListFilter:
    unit: str | None = None  # "Fachbereich 20", "Fachbereich 10 – Abteilung 10.2", "WTM Kleve GmbH"
    action_field: str | None = None
    smart_field: str | None = None  # "Smart Living"
    area: str | None = None
    permanent: bool = False  # Daueraufgaben
    start_from: int | None = None
    start_in: int | None = None
    end_by: int | None = None
    running_in: int | None = None
    # A span the question names by its two years ("für den Zeitraum 2026 bis 2030"): the
    # projects with a stated phase inside it.
    within: tuple[int, int] | None = None
    unit_mode: str = "beteiligt"  # "beteiligt" | "nicht" (not taking part) | "allein" (sole unit)
    # Further units that take part as well ("Welche Projekte macht die 10.1 zusammen mit FB 61?")
    also: tuple[str, ...] = ()

    @property
    def timed(self) -> bool:
        """Whether the filter names a time (a year or a span)."""
        return bool(
            self.start_from or self.start_in or self.end_by or self.running_in or self.within
        )

    @property
    def units(self) -> tuple[str, ...]:
        return (self.unit, *self.also) if self.unit else ()

    def describe(self) -> str:
        """German noun phrase for the answer ("im Aktionsfeld Partizipation")."""
        parts = []
        if self.area:
            parts.append(f"im Wirkungsbereich {self.area}")
        if self.action_field:
            parts.append(f"im Aktionsfeld {self.action_field}")
        if self.smart_field:
            parts.append(f"im Smart-City-Aktionsfeld {self.smart_field}")
        if self.permanent:
            parts.append("als Daueraufgabe")
        if self.start_from:
            parts.append(f"mit Beginn {self.start_from} oder später")
        if self.start_in:
            parts.append(f"mit Beginn im Jahr {self.start_in}")
        if self.end_by:
            parts.append(f"mit Abschluss bis {self.end_by}")
        if self.running_in:
            parts.append(f"mit Laufzeit im Jahr {self.running_in}")
        if self.within:
            parts.append(f"im Zeitraum {self.within[0]} bis {self.within[1]}")
        return ", ".join(parts)


def named_units(folded: str, terms: Terms) -> list[str]:
    """The units a question names, Abteilungen first, then Fachbereiche (without the one of a
    named Abteilung), then other bodies ("WTM", "Stadtwerke")."""
    units = named_departments(folded)
    divisions = [u.split(" – ")[0] for u in units if " – " in u]
    units = [u for u in units if u not in divisions]
    units += [body for pattern, body in terms.bodies if pattern.search(folded)]
    return list(dict.fromkeys(units))


def parse_filter(question: str, folded: str, terms: Terms) -> ListFilter | None:
    named = named_units(folded, terms)
    unit = named[0] if named else None
    # A one-word name may be written apart ("strategie planung", "veränderungs-management").
    tokens = words(folded)
    joined = {a + b for a, b in itertools.pairwise(tokens)}
    action = next(
        (
            v
            for k, v in terms.action_fields.items()
            if re.search(rf"\b{re.escape(k)}\b", folded) or k in joined
        ),
        None,
    )
    # The word after "smart" names a field, misspelt too ("smart liveing", "smart mobilty").
    after = re.findall(r"\bsmart[ -](\w+)", folded)
    smart = next(
        (
            f"Smart {f}"
            for f in terms.smart_fields
            if any(fuzz.ratio(word, f.lower()) >= FIELD_SPELLING for word in after)
        ),
        None,
    )
    if re.search(
        r"\baktionsfeld\w*\s+smart[ -]city\b|\bsmart[ -]city[ -]aktionsfeld\b"
        r"|\bsmart[ -]city[ -](projekt|vorhaben)\w*|\b(unter|zu[mr]?|im bereich) smart[ -]city\b"
        r"(?![ -]strat)",
        folded,
    ):
        action = action or (terms.smart_city if not smart else None)
    area = next((v for k, v in terms.areas.items() if k in folded), None)
    permanent = bool(
        fre(r"\bdaueraufgabe\w*|\bdauerhaft(e|en)?\b|\b(kein(en)?|ohne) (festes )?ende\b").search(
            folded
        )
    )
    start = start_in = end = running = None
    if m := _START_FROM.search(folded):
        start = int(next(g for g in m.groups() if g and g.isdigit()))
        if re.search(rf"\bnach\s+{start}\b", folded):
            start += 1
    elif m := _START_IN.search(folded):
        start_in = int(next(g for g in m.groups() if g and g.isdigit()))
    if m := _END_BY.search(folded):
        end = int(next(g for g in m.groups() if g and g.isdigit()))
    if m := _RUNNING.search(folded):
        running = int(next(g for g in m.groups() if g and g.isdigit()))
    within = None
    years = [int(y) for y in re.findall(rf"\b{_YEAR}\b", folded)]
    if not (start or start_in or end or running) and len(years) == 2 and years[0] < years[1]:
        within = (years[0], years[1])
    mode = "beteiligt"
    if unit and word_list("negation").intersection(tokens):
        mode = "nicht"
    elif unit and word_list("sole").intersection(tokens):
        mode = "allein"
    # Two units named together ask for the projects of both; "oder" offers either.
    together = mode == "beteiligt" and "oder" not in tokens
    found = ListFilter(
        unit,
        action,
        smart,
        area,
        permanent,
        start,
        start_in,
        end,
        running,
        within,
        unit_mode=mode,
        also=tuple(named[1:]) if together else (),
    )
    return found if found != ListFilter() else None


def named_departments(folded: str) -> list[str]:
    """Every Fachbereich and Abteilung a question names, in the catalogue's wording
    ("Seit wann macht FB 20 das und nicht mehr die 10.1?" -> Fachbereich 20 and Fachbereich
    10 – Abteilung 10.1)."""
    units = [f"Fachbereich {n.split('.')[0]} – Abteilung {n}" for n in _DIVISION.findall(folded)]
    units += [f"Fachbereich {n}" for n in _DEPT.findall(folded)]
    return list(dict.fromkeys(units))


def takes_part(project: Project, unit: str) -> str | None:
    """The printed unit by which `unit` takes part in `project` (None when it does not)."""
    for named in project.responsible:
        if named == unit:
            return named
        if unit.startswith("Fachbereich ") and " – " not in unit and named.startswith(unit + " – "):
            return named
    return None


def _unit_matches(project: Project, unit: str, mode: str) -> bool:
    if mode == "nicht":
        return not takes_part(project, unit)
    if mode == "allein":
        return bool(project.responsible) and all(
            takes_part(_only(project, named), unit) for named in project.responsible
        )
    return bool(takes_part(project, unit))


def _only(project: Project, named: str) -> Project:
    """The project as if `named` were its only unit (to test each unit on its own)."""
    from dataclasses import replace

    return replace(project, responsible=(named,))


def start_year(project: Project) -> int | None:
    years = [p.start for p in project.periods if p.start]
    return min(years) if years else None


def end_year(project: Project) -> int | None:
    """The end of the first stated period (the project's own phase, not "bis 2030" care)."""
    ends = [p.end for p in project.periods if p.end and p.start]
    return max(ends) if ends else None


def is_permanent(project: Project) -> bool:
    return any("daueraufgabe" in p.text.lower() for p in project.periods)


def select(catalogue: Catalogue, flt: ListFilter) -> list[Project]:
    span = plan_span(catalogue)
    out = []
    for p in catalogue.projects:
        if not p.measures:  # DS 2.0 is an overview, not a project
            continue
        if flt.unit and not _unit_matches(p, flt.unit, flt.unit_mode):
            continue
        if not all(takes_part(p, unit) for unit in flt.also):
            continue
        if flt.action_field and p.action_field != flt.action_field:
            continue
        if flt.smart_field and p.smart_city_field != flt.smart_field:
            continue
        if flt.area and p.impact_area != flt.area:
            continue
        if flt.permanent and not is_permanent(p):
            continue
        if flt.start_from and not ((start_year(p) or 0) >= flt.start_from):
            continue
        if flt.start_in and start_year(p) != flt.start_in:
            continue
        if flt.end_by and not ((end_year(p) or 9999) <= flt.end_by):
            continue
        if flt.running_in and not TimelineRow(p, tuple(phases(p, span))).planned_in(
            flt.running_in, span
        ):
            continue
        if flt.within and not any(
            phase.start and phase.end and flt.within[0] <= phase.start <= phase.end <= flt.within[1]
            for phase in p.periods
        ):
            continue
        out.append(p)
    return out


def all_departments(catalogue: Catalogue) -> list[Project]:
    return [p for p in catalogue.projects if ALL_DEPARTMENTS in p.responsible]


def following(catalogue: Catalogue, flt: ListFilter, found: list[Project]) -> list[Project]:
    """Projects of the filter whose only phase in ``flt.running_in`` is the open end after a
    planned phase (support, care, operation)."""
    from dataclasses import replace

    span = plan_span(catalogue)
    rest = select(catalogue, replace(flt, running_in=None))
    return [
        p
        for p in rest
        if p not in found
        and TimelineRow(p, tuple(phases(p, span))).runs_in(flt.running_in or 0, span)
    ]

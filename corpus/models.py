"""Record types of the catalogue: one frozen dataclass per concept.

Ids come from the catalogue's own numbers ("DV-1.1", "DS-2.5"), so re-parsing and
re-indexing are idempotent.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

IMPACT_AREAS = {"DV": "Digitale Verwaltung", "DS": "Digitale Stadt"}
AREA_CODES = {name: code for code, name in IMPACT_AREAS.items()}


@dataclass(frozen=True)
class Period:
    """One printed time statement, e.g. "Zeitraum Erstellung: 2020-2023."."""

    label: str
    start: int | None
    end: int | None
    text: str


@dataclass(frozen=True)
class Responsible:
    """One responsible unit as it can be queried, plus the role note printed beside it."""

    unit: str
    role: str | None = None


@dataclass(frozen=True)
class Source:
    document: str
    line_start: int
    line_end: int


@dataclass(frozen=True)
class Project:
    id: str  # "DS-1.8"
    label: str  # "DS 1.8"
    number: str  # "1.8"
    title: str
    smart_city_field: str | None
    impact_area: str
    action_field: str
    action_field_no: int
    description: str
    periods: tuple[Period, ...]
    measures: tuple[str, ...]
    responsible_text: str
    responsible: tuple[str, ...]
    responsible_roles: tuple[Responsible, ...]
    source: Source

    @property
    def area_code(self) -> str:
        return self.id.split("-", 1)[0]

    def to_dict(self) -> dict[str, Any]:
        """The serialised form with exactly the keys of the published record format."""
        return {
            "id": self.id,
            "label": self.label,
            "number": self.number,
            "title": self.title,
            "smart_city_field": self.smart_city_field,
            "impact_area": self.impact_area,
            "action_field": self.action_field,
            "action_field_no": self.action_field_no,
            "description": self.description,
            "periods": [asdict(p) for p in self.periods],
            "measures": list(self.measures),
            "responsible_text": self.responsible_text,
            "responsible": list(self.responsible),
            "source": asdict(self.source),
        }


@dataclass(frozen=True)
class Section:
    """A general chapter (foreword, structure, timeline, DS 2.0 overview, ...)."""

    id: str  # "fortschreibung", "DS-2.0", ...
    title: str
    text: str
    source: Source

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "source": asdict(self.source),
        }


@dataclass(frozen=True)
class Body:
    """A unit the Zuständigkeiten name beside the Fachbereiche ("WTM Kleve GmbH")."""

    name: str  # as the records print it
    short: str | None = None  # a short form printed or said for it ("WTM")
    asked: re.Pattern[str] | None = None  # how a question names it, over folded text


@dataclass(frozen=True)
class Knowledge:
    """What the edition's data file (``<catalogue>.edition.toml``) says about this city and
    this edition, resolved to the edition's project ids by ``corpus.knowledge``. Empty for a
    catalogue without one: then only what the records themselves say is known."""

    source: str = ""  # the data file's name
    # project id -> folded phrases that name it in a question, in the file's order
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    weak: frozenset[str] = frozenset()  # folded aliases that are everyday words
    links: dict[str, tuple[str, ...]] = field(default_factory=dict)  # phrases in documents
    generic: frozenset[str] = frozenset()  # project ids whose title alone names nothing
    twins: dict[str, tuple[str, ...]] = field(default_factory=dict)  # folded word -> ids
    twin_pairs: tuple[tuple[str, str], ...] = ()  # in catalogue order
    bodies: tuple[Body, ...] = ()
    abbreviations: dict[str, str] = field(default_factory=dict)  # short -> long, in order
    committee: str | None = None  # the abbreviation of the committee reports go to
    other_places: tuple[str, ...] = ()  # folded names of towns the catalogue is not about
    overview: str | None = None  # the id of the project introducing the Smart-City fields
    # Aktionsfeld -> other folded words for it in questions
    action_field_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # project (or general section) id -> (unit kind, position) -> questions that unit answers
    # (``….questions.jsonl``); kind "section" is a sentence of a general section
    asked: dict[str, dict[tuple[str, int], tuple[str, ...]]] = field(default_factory=dict)

    @property
    def body_aliases(self) -> dict[str, str]:
        """Short forms printed in a Zuständigkeit -> the unit's name ("WTM" -> "WTM Kleve
        GmbH")."""
        return {b.short: b.name for b in self.bodies if b.short}

    @property
    def short_names(self) -> frozenset[str]:
        """Abbreviations of bodies and of the committee: they name no product."""
        names = {b.short for b in self.bodies if b.short}
        return frozenset(names | ({self.committee} if self.committee else set()))

    @property
    def committee_name(self) -> str | None:
        """ "Ausschuss für Personal und Digitalisierung (APD)"."""
        if not self.committee:
            return None
        return f"{self.abbreviations[self.committee]} ({self.committee})"

    def are_twins(self, project_ids: list[str]) -> bool:
        """Whether these are exactly the two projects of one shared topic."""
        return any(set(project_ids) == set(pair) for pair in self.twin_pairs)


@dataclass(frozen=True)
class Catalogue:
    projects: tuple[Project, ...]
    sections: tuple[Section, ...]
    document: str = "massnahmenkatalog-2-fortschreibung"
    edition: int = 0  # the Fortschreibung's number; 0 where the document names none
    edition_name: str = ""  # "2. Fortschreibung"
    name: str = ""  # the catalogue's own name, where its text gives one ("kleve.digital 2030")
    knowledge: Knowledge = field(default_factory=Knowledge, compare=False, repr=False)
    _by_id: dict[str, Project] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({p.id: p for p in self.projects})

    def get(self, project_id: str) -> Project | None:
        return self._by_id.get(project_id)

    def __getitem__(self, project_id: str) -> Project:
        return self._by_id[project_id]

    def ids(self) -> list[str]:
        return [p.id for p in self.projects]

    @property
    def overview(self) -> Project | None:
        """The project introducing the Smart-City fields, as the edition's data file names it."""
        return self.get(self.knowledge.overview) if self.knowledge.overview else None

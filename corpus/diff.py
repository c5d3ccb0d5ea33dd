"""What changed between two editions of the catalogue.

Projects are matched by id first; a project whose id is the same but whose title and text are
another project's is not the same project. What is left is matched by title and content
similarity (a renumbered project keeps its title or most of its words). Per matched project
the fields ``title``, ``description``, ``periods``, ``measures`` and ``responsible`` are
compared, whitespace folded, and kept with their old and new values.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from corpus.german import content_stems, fold
from corpus.models import Catalogue, Period, Project

if TYPE_CHECKING:
    from corpus.editions import Edition

FIELDS = ("title", "description", "periods", "measures", "responsible")
FIELD_NAMES = {
    "title": "Titel",
    "description": "Beschreibung",
    "periods": "Zeitraum",
    "measures": "Einzelmaßnahmen",
    "responsible": "Zuständigkeit",
}
# Same id: the same project unless both its title and its words are another's.
SAME_ID_TITLE = 0.6
SAME_ID_CONTENT = 0.3
# Another id: the same project when its title is (nearly) the same or most words are.
MOVED_TITLE = 0.85
MOVED_CONTENT = 0.5


def _squash(text: str) -> str:
    return " ".join(text.split())


def field_value(p: Project, name: str) -> Any:
    """A field as it is shown in a diff (the published record's form)."""
    if name == "periods":
        return [asdict(x) for x in p.periods]
    if name == "measures":
        return list(p.measures)
    if name == "responsible":
        return list(p.responsible)
    return getattr(p, name)


def shown(name: str, value: Any) -> str:
    """A field's value in one readable line."""
    if name == "periods":
        return " ".join(x["text"] for x in value) or "keine Angabe"
    if name == "responsible":
        return ", ".join(value) or "keine Angabe"
    if name == "measures":
        return "; ".join(value) or "keine"
    return _squash(value)


def _comparable(p: Project, name: str) -> Any:
    value = field_value(p, name)
    if isinstance(value, str):
        return _squash(value)
    if name == "periods":
        return [_squash(x["text"]) for x in value]
    return [_squash(x) for x in value]


def _words(p: Project) -> frozenset[str]:
    return frozenset(content_stems(" ".join([p.description, *p.measures])))


def similarity(a: Project, b: Project) -> tuple[float, float]:
    """(title similarity, content similarity), each in [0, 1]."""
    title = fuzz.ratio(fold(a.title), fold(b.title)) / 100
    wa, wb = _words(a), _words(b)
    content = len(wa & wb) / len(wa | wb) if wa | wb else 1.0
    return title, content


@dataclass(frozen=True)
class Change:
    id: str  # the id in the newer edition
    fields: tuple[str, ...]
    before: dict[str, Any]
    after: dict[str, Any]
    previous_id: str | None = None  # where it was renumbered

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "fields": list(self.fields),
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True)
class Delay:
    """A period that ends (or starts) later in the newer edition."""

    id: str
    label: str
    before: Period
    after: Period


@dataclass(frozen=True)
class Diff:
    start: int  # edition numbers
    end: int
    added: tuple[str, ...]
    removed: tuple[str, ...]
    renumbered: tuple[tuple[str, str], ...]
    changed: tuple[Change, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.start,
            "to": self.end,
            "added": list(self.added),
            "removed": list(self.removed),
            "renumbered": [{"from": a, "to": b} for a, b in self.renumbered],
            "changed": [c.to_dict() for c in self.changed],
        }

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renumbered or self.changed)

    def change(self, project_id: str) -> Change | None:
        return next((c for c in self.changed if c.id == project_id), None)

    def delays(self) -> list[Delay]:
        found = []
        for c in self.changed:
            if "periods" not in c.fields:
                continue
            before = [Period(**x) for x in c.before["periods"]]
            after = [Period(**x) for x in c.after["periods"]]
            for old, new in _paired_periods(before, after):
                if _later(old, new):
                    found.append(Delay(c.id, new.label, old, new))
        return found


def _paired_periods(before: list[Period], after: list[Period]) -> list[tuple[Period, Period]]:
    """Periods paired by label, else by position."""
    pairs = []
    for i, new in enumerate(after):
        old = next((p for p in before if fold(p.label) == fold(new.label)), None)
        if old is None and i < len(before):
            old = before[i]
        if old is not None:
            pairs.append((old, new))
    return pairs


def _later(old: Period, new: Period) -> bool:
    old_end, new_end = old.end or old.start, new.end or new.start
    if old_end is not None and new_end is not None and new_end != old_end:
        return new_end > old_end
    return new.start is not None and old.start is not None and new.start > old.start


def match(old: Catalogue, new: Catalogue) -> list[tuple[Project, Project]]:
    """Pairs (old, new) of the same project, in the newer edition's order."""
    pairs: dict[str, Project] = {}  # new id -> old project
    for p in new.projects:
        before = old.get(p.id)
        if before is not None:
            title, content = similarity(before, p)
            if title >= SAME_ID_TITLE or content >= SAME_ID_CONTENT:
                pairs[p.id] = before
    taken = {b.id for b in pairs.values()}
    left_old = [p for p in old.projects if p.id not in taken]
    left_new = [p for p in new.projects if p.id not in pairs]
    scored = []
    for a in left_old:
        for b in left_new:
            title, content = similarity(a, b)
            if title >= MOVED_TITLE or content >= MOVED_CONTENT:
                scored.append((max(title, content), a, b))
    for _score, a, b in sorted(scored, key=lambda x: -x[0]):
        if a.id not in taken and b.id not in pairs:
            pairs[b.id] = a
            taken.add(a.id)
    return [(pairs[p.id], p) for p in new.projects if p.id in pairs]


def changes(old: Project, new: Project) -> Change | None:
    fields = tuple(f for f in FIELDS if _comparable(old, f) != _comparable(new, f))
    if not fields:
        return None
    return Change(
        id=new.id,
        fields=fields,
        before={f: field_value(old, f) for f in fields},
        after={f: field_value(new, f) for f in fields},
        previous_id=old.id if old.id != new.id else None,
    )


def diff_catalogues(old: Catalogue, new: Catalogue, start: int = 0, end: int = 0) -> Diff:
    pairs = match(old, new)
    matched_new = {b.id for _, b in pairs}
    matched_old = {a.id for a, _ in pairs}
    found = [changes(a, b) for a, b in pairs]
    return Diff(
        start=start,
        end=end,
        added=tuple(p.id for p in new.projects if p.id not in matched_new),
        removed=tuple(p.id for p in old.projects if p.id not in matched_old),
        renumbered=tuple((a.id, b.id) for a, b in pairs if a.id != b.id),
        changed=tuple(c for c in found if c is not None),
    )


def diff_editions(old: Edition, new: Edition) -> Diff:
    return diff_catalogues(old.catalogue, new.catalogue, old.number, new.number)

"""What changed between editions of the catalogue, answered from the diff (``corpus.diff``).

"Was ist neu in der 3. Fortschreibung?", "Welche Projekte haben sich verzögert?", "Was hat
sich bei E-Payment geändert?", "Seit wann ist Fachbereich 32 an E-Payment beteiligt?": which
of these a question asks is decided by the rules of ``decides = "change"`` in
``assistant/data/rules.toml``. Every answer names both editions and cites the projects of the
newer one; with one edition loaded it says that only that one is known.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant import compose
from assistant.filters import takes_part
from assistant.models import Audience, Citation, Intent
from assistant.rules import decide
from corpus.diff import FIELD_NAMES, Diff, shown
from corpus.editions import Edition, Editions

if TYPE_CHECKING:
    from assistant.router import Context, Draft
    from assistant.understand import Understanding

_ORDINALS = ("erste", "zweite", "dritte", "vierte", "funfte", "sechste", "siebte", "achte")
_ONE = rf"(?:\d{{1,2}}\.?|(?:{'|'.join(_ORDINALS)})[nmrs]?)"
# "3. Fortschreibung", "der dritten Fortschreibung", "der 2. und 3. Fortschreibung"
_NAMED = re.compile(
    rf"\b((?:{_ONE}\s*(?:(?:und|oder|bis|zur|zu|,)\s*(?:der\s+)?)?)+)fortschreibung"
)


def named_editions(folded: str) -> list[int]:
    """The edition numbers a folded question names."""
    numbers: list[int] = []
    for match in _NAMED.finditer(folded):
        for word in re.findall(rf"\d{{1,2}}|{'|'.join(_ORDINALS)}", match[1]):
            numbers.append(int(word) if word.isdigit() else _ORDINALS.index(word) + 1)
    return list(dict.fromkeys(numbers))


def _draft(body: str, cites: list[Citation], used=(), abstained: bool = False) -> Draft:
    from assistant.router import Draft

    intent = Intent.UNBEANTWORTBAR if abstained else Intent.AENDERUNG
    return Draft(body, cites, intent, abstained=abstained, used=tuple(used))


def _only_one(editions: Editions, named: list[int]) -> str:
    known = " und ".join(e.name for e in editions.editions)
    missing = [n for n in named if editions.find(n) is None]
    lead = f"Die {missing[0]}. Fortschreibung liegt mir nicht vor. " if missing else ""
    if len(editions) == 1:
        return (
            f"{lead}Mir liegt nur eine Ausgabe des Maßnahmenkatalogs vor, die {known}. "
            "Was sich zwischen Fortschreibungen geändert hat, kann ich daher nicht sagen."
        )
    return f"{lead}Mir liegen diese Ausgaben vor: {known}."


class EditionChanges:
    """Questions about what changed between editions (a router handler)."""

    def run(self, u: Understanding, ctx: Context) -> Draft | None:
        # The whole question: "3. Fortschreibung" ends no sentence.
        rule = decide(u.question, "change")
        if rule is None:
            return None
        editions: Editions = ctx.assistant.editions
        named = named_editions(u.folded)
        missing = [n for n in named if editions.find(n) is None]
        kind = rule.value
        if kind == "ausgabe" and all(n < editions.newest.number for n in missing):
            # A loaded edition is named, or an earlier one: the catalogue itself answers
            # (from that edition, or saying it is missing: ``assistant.earlier``).
            return None
        projects = ctx.named()
        unit = u.filter.unit if u.filter else None
        if kind == "seit" and not (unit and projects):
            return None
        if missing or len(editions) == 1:
            body = _only_one(editions, named)
            if kind == "seit":
                p = projects[0]
                said = "beteiligt" if takes_part(p, unit) else "nicht genannt"
                body += f" In der {editions.newest.name} ist {unit} an {p.label} {p.title} {said}."
                return _draft(body, [compose.cite(p, p.responsible_text)], [p], abstained=True)
            return _draft(body, [], abstained=True)
        present = sorted(named)
        start = present[0] if len(present) > 1 else None
        old, new = editions.pair(start, present[-1] if present else None)
        if old is new:
            body = (
                f"Die {new.name} ist die älteste Ausgabe, die mir vorliegt; was sich gegenüber "
                "früheren Fortschreibungen geändert hat, kann ich nicht sagen."
            )
            return _draft(body, [], abstained=True)
        found = editions.diff(old.number, new.number)
        if kind == "seit":
            return since(editions, projects[0], unit, ctx.audience)
        if kind == "verzoegert":
            return delayed(found, old, new, projects, ctx.audience)
        if projects:
            return project_changes(found, old, new, projects, ctx.audience)
        return summary(found, old, new, ctx.audience)


def _name(p, audience: Audience) -> str:
    return compose.name(p, audience)


def summary(found: Diff, old: Edition, new: Edition, audience: Audience) -> Draft:
    """Everything that changed, in one paragraph."""
    cat, before = new.catalogue, old.catalogue
    parts = [f"Von der {old.name} zur {new.name}:"]
    cites: dict[str, Citation] = {}
    if found.empty:
        parts.append("An den Projekten hat sich nichts geändert.")
    if found.added:
        added = [cat[i] for i in found.added]
        verb = "ist" if len(added) == 1 else "sind"
        names = compose.join_de([_name(p, audience) for p in added])
        parts.append(f"Neu {verb} {names}.")
        cites.update({p.id: compose.cite(p, f"{p.number} {p.title}") for p in added})
    if found.removed:
        gone = compose.join_de([f"{before[i].label} {before[i].title}" for i in found.removed])
        parts.append(f"Nicht mehr enthalten: {gone} (Nummern der {old.name}).")
    for a, b in found.renumbered:
        p = cat[b]
        parts.append(f"{before[a].label} {before[a].title} heißt jetzt {p.label}.")
        cites.setdefault(p.id, compose.cite(p, f"{p.number} {p.title}"))
    if found.changed:
        said = []
        for change in found.changed:
            p = cat[change.id]
            fields = compose.join_de([FIELD_NAMES[f] for f in change.fields])
            said.append(f"bei {_name(p, audience)} {_article(change.fields)}{fields}")
            cites.setdefault(p.id, compose.cite(p, _quote(p, change.fields)))
        parts.append(f"Geändert haben sich {compose.join_de(said)}.")
    used = [cat[i] for i in cites]
    return _draft(" ".join(parts), list(cites.values()), used)


def _article(fields: tuple[str, ...]) -> str:
    first = fields[0]
    return {"title": "der ", "description": "die ", "periods": "der ", "measures": "die "}.get(
        first, "die "
    )


def _quote(p, fields: tuple[str, ...]) -> str:
    if "periods" in fields:
        return " ".join(x.text for x in p.periods)
    if "responsible" in fields:
        return f"Zuständigkeit: {p.responsible_text}"
    if "measures" in fields:
        return "; ".join(p.measures)
    return f"{p.number} {p.title}"


def delayed(found: Diff, old: Edition, new: Edition, projects, audience: Audience) -> Draft:
    cat = new.catalogue
    delays = found.delays()
    if projects:
        ids = {p.id for p in projects}
        delays = [d for d in delays if d.id in ids]
    if not delays:
        about = (
            " bei " + compose.join_de([_name(p, audience) for p in projects]) if projects else ""
        )
        body = (
            f"Von der {old.name} zur {new.name} hat sich{about} kein Zeitraum nach hinten "
            "verschoben."
        )
        cites = [compose.cite(p, " ".join(x.text for x in p.periods)) for p in projects]
        return _draft(body, cites, projects)
    parts = [f"Von der {old.name} zur {new.name} haben sich diese Zeiträume verschoben:"]
    cites: dict[str, Citation] = {}
    for d in delays:
        p = cat[d.id]
        parts.append(f"{_name(p, audience)}: vorher „{d.before.text}“, jetzt „{d.after.text}“.")
        cites.setdefault(p.id, compose.cite(p, d.after.text))
    return _draft(" ".join(parts), list(cites.values()), [cat[i] for i in cites])


def project_changes(found: Diff, old: Edition, new: Edition, projects, audience: Audience) -> Draft:
    parts, cites = [], []
    renamed = {b: a for a, b in found.renumbered}
    for p in projects[:2]:
        name = _name(p, audience)
        if p.id in found.added:
            parts.append(f"{name} ist in der {new.name} neu; die {old.name} enthält es nicht.")
            cites.append(compose.cite(p, f"{p.number} {p.title}"))
            continue
        said = []
        if p.id in renamed:
            said.append(f"es hat die Nummer {old.catalogue[renamed[p.id]].label} abgelöst")
        change = found.change(p.id)
        for f in change.fields if change else ():
            before, after = shown(f, change.before[f]), shown(f, change.after[f])
            if f in ("description", "measures"):
                said.append(f"{_article((f,))}{FIELD_NAMES[f]} wurde überarbeitet")
            else:
                said.append(f"{_article((f,))}{FIELD_NAMES[f]}: vorher „{before}“, jetzt „{after}“")
        if p.id in renamed:
            said[0] = f"die Nummer: vorher {old.catalogue[renamed[p.id]].label}, jetzt {p.label}"
        if said:
            parts.append(
                f"Bei {name} hat sich von der {old.name} zur {new.name} geändert: "
                f"{compose.join_de(said)}."
            )
        else:
            parts.append(f"Bei {name} hat sich von der {old.name} zur {new.name} nichts geändert.")
        cites.append(compose.cite(p, _quote(p, change.fields if change else ())))
    return _draft(" ".join(parts), cites, projects[:2])


def since(editions: Editions, project, unit: str, audience: Audience) -> Draft:
    """The first edition, going back from the newest, since which ``unit`` takes part."""
    name = _name(project, audience)
    cite = [compose.cite(project, f"Zuständigkeit: {project.responsible_text}")]
    if not takes_part(project, unit):
        body = f"In der {editions.newest.name} ist {unit} an {name} nicht beteiligt."
        return _draft(body, cite, [project])
    first, pid = editions.newest, project.id
    for older in reversed(editions.editions[:-1]):
        newer = editions.editions[editions.editions.index(older) + 1]
        pairs = {b.id: a for a, b in editions_match(older, newer)}
        before = pairs.get(pid)
        if before is None or not takes_part(before, unit):
            then = (
                "gab es das Projekt noch nicht"
                if before is None
                else f"war {unit} dort noch nicht genannt"
            )
            body = (
                f"{unit} ist an {name} seit der {first.name} beteiligt; in der {older.name} {then}."
            )
            return _draft(body, cite, [project])
        first, pid = older, before.id
    body = (
        f"{unit} ist an {name} schon in der {first.name} beteiligt, der ältesten Ausgabe, die "
        "mir vorliegt, und seitdem durchgehend."
    )
    return _draft(body, cite, [project])


def editions_match(old: Edition, new: Edition):
    from corpus.diff import match

    return match(old.catalogue, new.catalogue)

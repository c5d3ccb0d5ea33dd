"""The edition's data file: what belongs to this city and this edition of the catalogue.

Beside every catalogue file may lie ``<its name>.edition.toml`` (the bundled one:
``corpus/data/massnahmenkatalog-2-fortschreibung.edition.toml``): the words people use for its
projects, keyed by the printed title; the projects two Wirkungsbereiche share; the bodies its
Zuständigkeiten name; its abbreviations and the committee reports go to; which project
introduces the Smart-City fields. ``read_edition_file`` reads and types it, ``attach`` checks
it against the parsed records and resolves it to their ids (``Catalogue.knowledge``). A title,
body or Aktionsfeld the edition does not print stops the program with a German message naming
it. An edition without a file of its own borrows the file of the newest edition that has one
(``corpus.editions``), for the titles it shares with that edition; the rest is left out.

Beside it may lie ``<its name>.questions.jsonl``: for units of the records and of the general
sections (named by title and text), questions people ask whose answer that unit is
(``Knowledge.asked``; see ``corpus/data/SOURCE.md``). It is read and checked with the data file.
"""

from __future__ import annotations

import json
import logging
import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from corpus.german import fold, sentences
from corpus.models import Body, Catalogue, Knowledge
from katalog.errors import EditionKnowledgeError

log = logging.getLogger(__name__)

SUFFIX = ".edition.toml"
ASKED_SUFFIX = ".questions.jsonl"
LEAD = "Wissen zur Ausgabe"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProjectEntry(_Entry):
    title: str
    aliases: tuple[str, ...] = ()  # phrases that name it in a question
    weak: tuple[str, ...] = ()  # those of the aliases that are everyday words
    links: tuple[str, ...] = ()  # phrases that name it in a document
    generic: bool = False  # the title alone is too common a word to name it

    @model_validator(mode="after")
    def _weak_are_aliases(self) -> ProjectEntry:
        aliases = {fold(a) for a in self.aliases}
        for word in self.weak:
            if fold(word) not in aliases:
                raise ValueError(
                    f"„{word}“ steht unter weak, aber nicht unter aliases von „{self.title}“"
                )
        return self


class BodyEntry(_Entry):
    name: str
    short: str | None = None
    asked: str | None = None  # a regular expression over the folded question

    @field_validator("asked")
    @classmethod
    def _compiles(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                re.compile(fold(pattern))
            except re.error as exc:
                raise ValueError(
                    f"„{pattern}“ ist kein gültiger regulärer Ausdruck ({exc})"
                ) from exc
        return pattern


class TwinEntry(_Entry):
    titles: tuple[str, str]
    words: tuple[str, ...]


class AskedEntry(_Entry):
    """Questions that one unit answers (a description sentence or a measure of a record, or
    a sentence of a general section), written as people put them; the unit is named by its
    project's or section's title and its text."""

    title: str
    kind: Literal["sentence", "measure", "section"]
    text: str
    questions: tuple[str, ...] = Field(min_length=1)


class EditionFile(BaseModel):
    """The data file as written, before it is checked against the records."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str = ""  # the file name, for messages
    overview: str | None = None  # the title of the project introducing the Smart-City fields
    committee: str | None = None  # an abbreviation
    other_places: tuple[str, ...] = ()  # towns the catalogue says nothing about
    abbreviations: dict[str, str] = {}
    action_field_words: dict[str, tuple[str, ...]] = {}
    body: tuple[BodyEntry, ...] = ()
    twins: tuple[TwinEntry, ...] = ()
    project: tuple[ProjectEntry, ...] = ()
    asked: tuple[AskedEntry, ...] = ()  # from the sibling ``….questions.jsonl``

    @model_validator(mode="after")
    def _consistent(self) -> EditionFile:
        if self.committee and self.committee not in self.abbreviations:
            raise ValueError(f"der Ausschuss „{self.committee}“ steht nicht unter [abbreviations]")
        seen: set[str] = set()
        for entry in self.project:
            if entry.title in seen:
                raise ValueError(f"der Titel „{entry.title}“ hat zwei [[project]]-Einträge")
            seen.add(entry.title)
        return self

    @property
    def body_aliases(self) -> dict[str, str]:
        """What the parser needs before the records exist: "WTM" -> "WTM Kleve GmbH"."""
        return {b.short: b.name for b in self.body if b.short}


def edition_file_path(catalogue_path: Path) -> Path:
    """``massnahmenkatalog-2-fortschreibung.txt`` -> ``….edition.toml`` beside it."""
    return catalogue_path.with_name(catalogue_path.stem + SUFFIX)


def _where(loc: tuple) -> str:
    """ "[[project]] Nr. 4, weak" for ("project", 3, "weak")."""
    parts = [str(p) for p in loc]
    if len(loc) >= 2 and isinstance(loc[1], int):
        parts[:2] = [f"[[{loc[0]}]] Nr. {loc[1] + 1}"]
    return ", ".join(parts)


def asked_file_path(catalogue_path: Path) -> Path:
    """``massnahmenkatalog-2-fortschreibung.txt`` -> ``….questions.jsonl`` beside it."""
    return catalogue_path.with_name(catalogue_path.stem + ASKED_SUFFIX)


def _asked_name(edition_file: str) -> str:
    """ "….edition.toml" -> "….questions.jsonl": the questions file named in messages."""
    return edition_file.removesuffix(SUFFIX) + ASKED_SUFFIX


def parse_asked_lines(text: str, source: str) -> list[dict]:
    """The lines of a questions file as objects (blank lines skipped)."""
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise EditionKnowledgeError(
                f"{LEAD}: '{source}', Zeile {number} ist kein gültiges JSON ({exc.msg})."
            ) from exc
    return rows


def parse_edition_file(text: str, source: str, asked: list[dict] | None = None) -> EditionFile:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise EditionKnowledgeError(f"{LEAD}: '{source}' ist kein gültiges TOML ({exc}).") from exc
    if asked is not None:
        data = {**data, "asked": asked}
    try:
        return EditionFile.model_validate({**data, "source": source})
    except ValidationError as exc:
        error = exc.errors()[0]
        loc, where = error["loc"], _where(error["loc"])
        if error["type"] == "extra_forbidden":
            where, said = _where(loc[:-1]), f"'{loc[-1]}' ist kein bekannter Eintrag"
        elif error["type"] == "missing":
            where, said = _where(loc[:-1]), f"'{loc[-1]}' fehlt"
        elif error["type"] == "value_error":
            said = str(error["ctx"]["error"])
        else:
            said = f"ungültiger Wert ({error['msg']})"
        if loc and loc[0] == "asked":  # a line of the questions file
            source = _asked_name(source)
            where = ", ".join([f"Eintrag {loc[1] + 1}", *map(str, loc[2:])])
        place = f"'{source}', {where}" if where else f"'{source}'"
        raise EditionKnowledgeError(f"{LEAD}: {place}: {said}.") from exc


def read_edition_file(catalogue_path: Path) -> EditionFile | None:
    """The data file beside ``catalogue_path``, typed; None when there is none."""
    path = edition_file_path(catalogue_path)
    if not path.is_file():
        return None
    questions = asked_file_path(catalogue_path)
    asked = parse_asked_lines(_read(questions), questions.name) if questions.is_file() else None
    return parse_edition_file(_read(path), path.name, asked)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise EditionKnowledgeError(
            f"{LEAD}: '{path.name}' lässt sich nicht lesen ({exc.strerror})."
        ) from exc


def _in(catalogue: Catalogue) -> str:
    """ "in der 2. Fortschreibung" (or "im Maßnahmenkatalog" for an unnumbered edition)."""
    return f"in der {catalogue.edition_name}" if catalogue.edition else "im Maßnahmenkatalog"


def attach(catalogue: Catalogue, file: EditionFile | None, own: bool = True) -> Catalogue:
    """``catalogue`` with the knowledge of ``file`` resolved to its ids, and the overview as a
    general section. ``own``: the file belongs to this edition, so every title, body and
    Aktionsfeld it names must be in it (else ``EditionKnowledgeError``); a file borrowed from
    another edition gives only what this one shares with it."""
    if file is None:
        return catalogue
    by_title = {p.title: p for p in catalogue.projects}
    left_out: list[str] = []

    def project_id(title: str) -> str | None:
        found = by_title.get(title)
        if found is None:
            if own:
                raise EditionKnowledgeError(
                    f"{LEAD}: Der Titel „{title}“ steht nicht {_in(catalogue)}. Bitte in "
                    f"'{file.source}' den Titel so schreiben, wie ihn die Ausgabe druckt."
                )
            left_out.append(title)
            return None
        return found.id

    aliases: dict[str, tuple[str, ...]] = {}
    links: dict[str, tuple[str, ...]] = {}
    weak: set[str] = set()
    generic: set[str] = set()
    for entry in file.project:
        pid = project_id(entry.title)
        if pid is None:
            continue
        if entry.aliases:
            aliases[pid] = tuple(fold(a) for a in entry.aliases)
        if entry.links:
            links[pid] = entry.links
        weak |= {fold(w) for w in entry.weak}
        if entry.generic:
            generic.add(pid)

    twins: dict[str, tuple[str, ...]] = {}
    pairs: list[tuple[str, str]] = []
    order = {pid: i for i, pid in enumerate(catalogue.ids())}
    for twin in file.twins:
        ids = [project_id(t) for t in twin.titles]
        if None in ids:
            continue
        for word in twin.words:
            twins[fold(word)] = tuple(ids)
        first, second = sorted(ids, key=order.__getitem__)
        pairs.append((first, second))

    printed = {unit for p in catalogue.projects for unit in p.responsible}
    bodies = []
    for body in file.body:
        if own and body.name not in printed:
            raise EditionKnowledgeError(
                f"{LEAD}: Die Stelle „{body.name}“ nennt keine Zuständigkeit {_in(catalogue)}. "
                f"Bitte in '{file.source}' den Namen so schreiben, wie ihn die Ausgabe druckt."
            )
        asked = re.compile(fold(body.asked)) if body.asked else None
        bodies.append(Body(body.name, body.short, asked))

    fields = {p.action_field for p in catalogue.projects}
    field_words: dict[str, tuple[str, ...]] = {}
    for name, words in file.action_field_words.items():
        if name not in fields:
            if own:
                raise EditionKnowledgeError(
                    f"{LEAD}: Das Aktionsfeld „{name}“ gibt es {_in(catalogue)} nicht. "
                    f"Vorhanden: {', '.join(sorted(fields))}."
                )
            left_out.append(name)
            continue
        field_words[name] = tuple(fold(w) for w in words)

    overview = project_id(file.overview) if file.overview else None
    asked = _resolve_asked(catalogue, file, own, left_out)
    if left_out:
        log.info(
            "edition knowledge borrowed",
            extra={"fields": {"source": file.source, "left_out": left_out}},
        )
    knowledge = Knowledge(
        source=file.source,
        aliases=aliases,
        weak=frozenset(weak),
        links=links,
        generic=frozenset(generic),
        twins=twins,
        twin_pairs=tuple(pairs),
        bodies=tuple(bodies),
        abbreviations=dict(file.abbreviations),
        committee=file.committee,
        other_places=tuple(fold(place) for place in file.other_places),
        overview=overview,
        action_field_words=field_words,
        asked=asked,
    )
    sections = catalogue.sections
    if overview is not None:
        from corpus.parser import overview_section

        sections = (*sections, overview_section(catalogue[overview]))
    return replace(catalogue, sections=sections, knowledge=knowledge)


def _resolve_asked(
    catalogue: Catalogue, file: EditionFile, own: bool, left_out: list[str]
) -> dict[str, dict[tuple[str, int], tuple[str, ...]]]:
    """The questions of ``file.asked`` by project (or general section) id and unit (kind,
    position). A unit is found by its text, so a renumbered project or a moved sentence keeps
    its questions; in a borrowed file, units whose text this edition does not print are left
    out."""
    by_title = {p.title: p for p in catalogue.projects}
    by_section = {s.title: s for s in catalogue.sections}
    units: dict[str, dict[tuple[str, str], int]] = {}
    asked: dict[str, dict[tuple[str, int], tuple[str, ...]]] = {}
    for entry in file.asked:
        # The id questions are filed under: the project's, or the general section's.
        owner = (by_section if entry.kind == "section" else by_title).get(entry.title)
        if owner is not None and owner.id not in units:
            if entry.kind == "section":
                units[owner.id] = {
                    ("section", fold(t)): i for i, t in enumerate(sentences(owner.text))
                }
            else:
                units[owner.id] = {
                    **{
                        ("sentence", fold(t)): i for i, t in enumerate(sentences(owner.description))
                    },
                    **{("measure", fold(t)): i for i, t in enumerate(owner.measures)},
                }
        position = units[owner.id].get((entry.kind, fold(entry.text))) if owner else None
        if position is None:
            if own:
                what = (
                    f"Der Titel „{entry.title}“"
                    if owner is None
                    else f"Der Text „{entry.text[:60]}“ unter „{entry.title}“"
                )
                source = _asked_name(file.source)
                raise EditionKnowledgeError(
                    f"{LEAD}: {what} steht nicht {_in(catalogue)}. Bitte in '{source}' so "
                    "schreiben, wie ihn die Ausgabe druckt."
                )
            left_out.append(entry.title)
            continue
        asked.setdefault(owner.id, {})[(entry.kind, position)] = entry.questions
    return asked

"""Editions of the catalogue: the yearly Fortschreibung, one file each.

``KATALOG_CATALOGUE_PATH`` names one file (one edition) or a folder in which every ``.txt`` or
``.pdf`` is one edition. An edition's number comes from the document's own title
("3. Fortschreibung des Maßnahmenkatalogs"), the file name being the fallback
("massnahmenkatalog-3-fortschreibung.txt"). The newest edition answers by default. Beside
each file may lie its data file, ``<file name>.edition.toml`` (``corpus.knowledge``).
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus.models import Catalogue
from katalog.errors import CorpusError, UnknownEditionError

if TYPE_CHECKING:
    from corpus.diff import Diff
    from corpus.knowledge import EditionFile

SUFFIXES = (".txt", ".pdf")
# The title is among the document's first lines; a number further down is running text
# ("Ähnlich wie in der ersten Fortschreibung …").
TITLE_LINES = 5
_NUMBERED = re.compile(r"\b(?P<no>\d{1,2})\.\s*Fortschreibung\b", re.I)
ORDINALS = ("erste", "zweite", "dritte", "vierte", "fünfte", "sechste", "siebte", "achte")
_WORDED = re.compile(rf"\b(?P<word>{'|'.join(ORDINALS)})\s+Fortschreibung\b", re.I)
_FILE_NAME = re.compile(r"(?P<no>\d{1,2})[-_. ]*(?:te[-_. ]*)?fortschreibung", re.I)


@dataclass(frozen=True)
class Edition:
    """One edition: its number, its name, the file it was read from, and its records."""

    number: int
    name: str  # "2. Fortschreibung"
    source: str  # the file name
    catalogue: Catalogue

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "name": self.name,
            "projects": len(self.catalogue.projects),
            "source": self.source,
        }


def edition_name(number: int) -> str:
    return f"{number}. Fortschreibung" if number else "Maßnahmenkatalog"


def title_number(text: str) -> int | None:
    """The edition number the document's title states, if it states one."""
    head = [line for line in text.splitlines()[:40] if line.strip()][:TITLE_LINES]
    for line in head:
        if match := _NUMBERED.search(line):
            return int(match["no"])
        if match := _WORDED.search(line):
            return ORDINALS.index(match["word"].lower()) + 1
    return None


def file_number(path: Path) -> int | None:
    match = _FILE_NAME.search(path.stem)
    return int(match["no"]) if match else None


@dataclass(frozen=True)
class Editions:
    """The editions that are loaded, oldest first; the last one answers by default."""

    editions: tuple[Edition, ...]
    _diffs: dict[tuple[int, int], Diff] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, catalogue: Catalogue) -> Editions:
        """One parsed catalogue as the only edition."""
        number, name = catalogue.edition, catalogue.edition_name or edition_name(0)
        return cls((Edition(number, name, catalogue.document, catalogue),))

    @property
    def newest(self) -> Edition:
        return self.editions[-1]

    @property
    def numbers(self) -> list[int]:
        return [e.number for e in self.editions]

    def __len__(self) -> int:
        return len(self.editions)

    def find(self, number: int) -> Edition | None:
        return next((e for e in self.editions if e.number == number), None)

    def get(self, number: int) -> Edition:
        found = self.find(number)
        if found is None:
            known = ", ".join(e.name for e in self.editions)
            raise UnknownEditionError(
                f"Die {edition_name(number)} ist nicht geladen. Vorhanden: {known}."
            )
        return found

    def previous(self, number: int) -> Edition | None:
        older = [e for e in self.editions if e.number < number]
        return older[-1] if older else None

    def pair(self, start: int | None = None, end: int | None = None) -> tuple[Edition, Edition]:
        """The editions to compare: by default the previous one against the newest (with one
        edition loaded, that edition against itself)."""
        to = self.get(end) if end is not None else self.newest
        if start is None:
            return self.previous(to.number) or to, to
        return self.get(start), to

    def diff(self, start: int | None = None, end: int | None = None) -> Diff:
        """What changed from edition ``start`` to ``end`` (default: the previous one against
        the newest); computed once per pair."""
        from corpus.diff import diff_editions

        old, new = self.pair(start, end)
        key = (old.number, new.number)
        if key not in self._diffs:
            self._diffs[key] = diff_editions(old, new)
        return self._diffs[key]


def _raw(path: Path) -> str:
    from corpus.parser import pdf_text

    return pdf_text(path) if path.suffix.lower() == ".pdf" else path.read_text(encoding="utf-8")


def _number(path: Path, raw: str) -> int:
    """Numbered by its title, where it has one, else by its file name."""
    return title_number(raw) or file_number(path) or 0


def _edition(path: Path, raw: str, file: EditionFile | None, own: bool) -> Edition:
    from corpus.knowledge import attach
    from corpus.parser import parse_text

    bodies = file.body_aliases if file else None
    catalogue = parse_text(raw, document=path.stem, bodies=bodies)
    if not catalogue.edition and (number := file_number(path)):
        catalogue = replace(catalogue, edition=number, edition_name=edition_name(number))
    catalogue = attach(catalogue, file, own=own)
    return Edition(catalogue.edition, catalogue.edition_name, path.name, catalogue)


def read_editions(path: Path) -> Editions:
    """The editions at ``path``: a file is one edition, a folder holds one per file. Each
    edition's data file (``corpus.knowledge``) lies beside it; one without a data file borrows
    that of the newest edition that has one."""
    from corpus.knowledge import read_edition_file

    if not path.exists():
        raise CorpusError(f"Die Katalogdatei oder der Katalogordner '{path}' gibt es nicht.")
    if not path.is_dir():
        files = [path]
    else:
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise CorpusError(
            f"Im Katalogordner '{path}' liegt keine Ausgabe: erwartet wird je Fortschreibung "
            "eine .txt- oder .pdf-Datei."
        )
    own = [read_edition_file(f) for f in files]
    with ThreadPoolExecutor(max_workers=min(4, len(files))) as pool:
        raws = list(pool.map(_raw, files))
        numbers = [_number(f, raw) for f, raw in zip(files, raws, strict=True)]
        with_file = [(n, i) for i, n in enumerate(numbers) if own[i] is not None]
        borrowed = own[max(with_file)[1]] if with_file else None
        knowledge = [file or borrowed for file in own]
        is_own = [file is not None for file in own]
        editions = sorted(
            pool.map(_edition, files, raws, knowledge, is_own), key=lambda e: e.number
        )
    for older, newer in zip(editions, editions[1:], strict=False):
        if older.number == newer.number:
            raise CorpusError(
                f"Die Dateien '{older.source}' und '{newer.source}' sind beide die {newer.name}. "
                "Bitte je Fortschreibung nur eine Datei in den Katalogordner legen."
            )
    return Editions(tuple(editions))


@lru_cache(maxsize=4)
def _cached(path: Path) -> Editions:
    return read_editions(path)


def load_editions(path: Path | None = None) -> Editions:
    """The editions at ``path`` (default: the bundled one), read once per process and path."""
    from corpus.parser import DEFAULT_PATH

    return _cached(Path(path or DEFAULT_PATH).resolve())

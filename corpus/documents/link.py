"""Linking chunks to the catalogue projects they speak about.

A chunk names a project by number ("DS 1.8", "Projekt 2.1", "DV-2.5"), by title (also inflected:
"des Dokumentenmanagementsystems", matched with rapidfuzz) or by an alias ("DMS", "E-Akte",
"XRechnung"). A bare number that exists in both Wirkungsbereiche ("2.1": DV 2.1 DMS and DS 2.1
Schulen) is resolved by a title or alias in the same chunk, by the Wirkungsbereich the chunk's
text or headings name, or by the projects the whole document names; failing all, it links both.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus.german import fold, fold_words
from corpus.models import Catalogue

log = logging.getLogger(__name__)

# The retrieval owner's domain lexicon; read for aliases when it is there.
DEFAULT_LEXICON = Path(__file__).resolve().parent.parent / "lexicon.toml"
FUZZY_MIN_CHARS = 10
_LEXICON_SKIP = {"know-how"}
FUZZY_SCORE = 90.0


def _number_pattern(catalogue: Catalogue) -> re.Pattern[str]:
    """A project number the catalogue has, with its Wirkungsbereich where written ("DS 1.8",
    "2.10"; never "2.100" or part of a date)."""
    numbers = sorted({p.number for p in catalogue.projects}, key=lambda n: (-len(n), n))
    codes = dict.fromkeys(p.area_code for p in catalogue.projects)
    if not numbers:
        return re.compile(r"(?!)")
    return re.compile(
        rf"(?<![\w.,])(?:(?P<area>{'|'.join(codes)})\s*[-_ ]?\s*)?"
        rf"(?P<number>{'|'.join(map(re.escape, numbers))})(?!\d)(?!\.\d)",
        re.I,
    )


# Words before a number that make it something other than a project ("Kapitel 2.1").
_NOT_A_PROJECT = re.compile(
    r"(?:kapitel|abschnitt|abschn|seite|version|anlage|anhang|tabelle|tab|abbildung|abb|ziffer|"
    r"punkt|nummer|gliederungspunkt|§|top)\.?\s*$",
    re.I,
)
_AREA = {
    "DV": re.compile(r"\bdigitale[nr]?\s+verwaltung", re.I),
    "DS": re.compile(r"\bdigitale[nr]?\s+stadt\b", re.I),
}


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    project_id: str
    fuzzy: bool


class ProjectLinker:
    """Finds the projects a text names; build once per catalogue, then call for each chunk."""

    def __init__(self, catalogue: Catalogue, lexicon_path: Path | None = DEFAULT_LEXICON) -> None:
        self.catalogue = catalogue
        self._order = {pid: i for i, pid in enumerate(catalogue.ids())}
        self._codes = list(dict.fromkeys(p.area_code for p in catalogue.projects))
        self._number = _number_pattern(catalogue)
        knowledge = catalogue.knowledge  # the edition's data file
        phrases: dict[tuple[str, ...], set[str]] = {}
        fuzzy: set[tuple[str, ...]] = set()

        def add(text: str, project_id: str, allow_fuzzy: bool = False) -> None:
            words = tuple(fold_words(text))
            if words and project_id in self._order:
                phrases.setdefault(words, set()).add(project_id)
                if allow_fuzzy and len(" ".join(words)) >= FUZZY_MIN_CHARS:
                    fuzzy.add(words)

        for project in catalogue.projects:
            if project.id not in knowledge.generic:  # "Internet" is no mention by itself
                add(project.title, project.id, allow_fuzzy=True)
        # Curated for linking (precision over recall: query expansion may be broad, a link
        # may not): unambiguous abbreviations and compounds only.
        for project_id, aliases in knowledge.links.items():
            for alias in aliases:
                add(alias, project_id)
        if lexicon_path is not None and lexicon_path.exists():
            for term, project_id in _lexicon_aliases(lexicon_path, phrases):
                add(term, project_id)
        # A phrase that names several projects ("WLAN") is no evidence for either.
        self._phrases = [
            _Phrase(words, next(iter(ids)), words in fuzzy)
            for words, ids in phrases.items()
            if len(ids) == 1
        ]

    # -- evidence ---------------------------------------------------------------------------

    def named(self, text: str) -> set[str]:
        """Projects named by title or alias in ``text``."""
        words = fold_words(text)
        found: set[str] = set()
        for phrase in self._phrases:
            if phrase.project_id not in found and _contains(words, phrase):
                found.add(phrase.project_id)
        return found

    def numbered(self, text: str, heading: bool = False) -> list[tuple[str | None, str]]:
        """(area or None, number) for every project number in ``text`` that exists.

        In a heading, a bare leading number is the document's own outline ("1.2 Ausblick")
        unless the heading also names a project with that number.
        """
        refs: list[tuple[str | None, str]] = []
        for match in self._number.finditer(text):
            if _NOT_A_PROJECT.search(text[: match.start()]):
                continue
            area = match["area"].upper() if match["area"] else None
            number = match["number"]
            if area and f"{area}-{number}" not in self._order:
                continue
            if not area and not self._candidates(number):
                continue
            if heading and not area and not text[: match.start()].strip():
                named = self.named(text[match.end() :])
                if not named & set(self._candidates(number)):
                    continue
            if (area, number) not in refs:
                refs.append((area, number))
        return refs

    def area_of(self, text: str) -> str | None:
        """The one Wirkungsbereich ``text`` names, if exactly one."""
        areas = [code for code, pattern in _AREA.items() if pattern.search(text)]
        return areas[0] if len(areas) == 1 else None

    # -- linking ----------------------------------------------------------------------------

    def link(
        self,
        text: str,
        headings: Sequence[str] = (),
        document_ids: Iterable[str] = (),
    ) -> tuple[str, ...]:
        """The projects a chunk speaks about, in catalogue order.

        ``headings`` are the chunk's heading path (outermost first); ``document_ids`` the
        projects the whole document names unambiguously (used only to resolve bare numbers).
        """
        named = self.named(text)
        refs = self.numbered(text)
        for heading in headings:
            named |= self.named(heading)
            refs += [r for r in self.numbered(heading, heading=True) if r not in refs]
        area_hint = self.area_of(" ".join([*headings, text]))
        document = set(document_ids)
        ids = set(named)
        for area, number in refs:
            if area:
                ids.add(f"{area}-{number}")
                continue
            candidates = self._candidates(number)
            chosen = (
                [c for c in candidates if c in named]
                or [c for c in candidates if area_hint and c.startswith(area_hint)]
                or [c for c in candidates if c in document]
                or candidates
            )
            ids.update(chosen)
        return tuple(sorted(ids, key=self._order.__getitem__))

    def document_ids(self, texts: Iterable[str]) -> set[str]:
        """Projects a document names unambiguously: numbers with DV/DS, titles and aliases."""
        ids: set[str] = set()
        for text in texts:
            ids |= self.named(text)
            ids |= {f"{a}-{n}" for a, n in self.numbered(text) if a}
        return ids

    def _candidates(self, number: str) -> list[str]:
        return [pid for code in self._codes if (pid := f"{code}-{number}") in self._order]


def _contains(words: list[str], phrase: _Phrase) -> bool:
    n = len(phrase.words)
    if n > len(words):
        return False
    first = phrase.words[0]
    for start in range(len(words) - n + 1):
        if words[start] == first and tuple(words[start : start + n]) == phrase.words:
            return True
    if not phrase.fuzzy:
        return False
    from rapidfuzz import fuzz

    target = " ".join(phrase.words)
    for start in range(len(words) - n + 1):
        if words[start][:3] != target[:3]:
            continue
        window = " ".join(words[start : start + n])
        if fuzz.ratio(window, target) >= FUZZY_SCORE:
            return True
    return False


def _lexicon_aliases(path: Path, known: dict[tuple[str, ...], set[str]]) -> list[tuple[str, str]]:
    """Aliases from the domain lexicon, where an entry's additions name exactly one project.

    The lexicon serves query expansion and is broad on purpose ("Smart City", "Transparenz",
    "Schul*"); a link must be precise, so only abbreviations ("DMS", "OZG") and hyphenated
    compounds ("E-Akte", "X-Rechnung") are taken.
    """
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:  # the lexicon's own tests report it
        log.warning("lexicon not used for links", extra={"path": str(path), "error": repr(exc)})
        return []
    out: list[tuple[str, str]] = []
    for entry in data.get("entry", []):
        targets: set[str] = set()
        for phrase in entry.get("add", []):
            targets |= known.get(tuple(fold_words(phrase)), set())
        if len(targets) != 1:
            continue
        project_id = next(iter(targets))
        for term in entry.get("when", []):
            if term.endswith("*") or " " in term or fold(term) in _LEXICON_SKIP:
                continue
            if (term.isupper() and len(term) >= 3) or ("-" in term and len(term) >= 6):
                out.append((term, project_id))
    return out

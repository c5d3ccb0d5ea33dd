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
# Curated for linking: unambiguous abbreviations and compounds only (precision over recall;
# query expansion may be broad, a link may not).
ALIASES: dict[str, tuple[str, ...]] = {
    "DV-1.1": ("Digitalstrategie",),
    "DV-1.2": ("Smart-City-Strategie",),
    "DV-1.5": ("WLAN-Ausbau",),
    "DV-2.1": (
        "DMS",
        "E-Akte",
        "eAkte",
        "elektronische Akte",
        "elektronischen Akte",
        "digitale Akte",
        "Dokumentenmanagement",
    ),
    "DV-2.2": ("Prozessmanagement", "Prozessaufnahme"),
    "DV-2.3": ("Homeoffice", "Home-Office", "mobiles Arbeiten", "mobile Arbeit", "Telearbeit"),
    "DV-2.5": (
        "E-Rechnung",
        "E-Rechnungen",
        "XRechnung",
        "Rechnungsworkflow",
        "elektronische Rechnung",
        "elektronischen Rechnungen",
    ),
    "DV-2.6": ("Workflows", "VIA-Workflows"),
    "DV-2.8": ("Organisationsdatenbank", "Basisstruktur"),
    "DV-2.9": ("Intranet",),
    "DS-1.1": ("Internetauftritt", "Internetseite", "Homepage", "Website", "Webseite"),
    "DS-1.3": ("OZG", "Onlinezugangsgesetz", "Online-Zugangsgesetz"),
    "DS-1.4": ("Ratsinformationssystem", "Ratsarbeit"),
    "DS-1.6": ("Bürgerbüro",),
    "DS-1.7": ("Formularwesen", "Online-Formulare", "Formularmanagement"),
    "DS-1.8": (
        "ePayment",
        "E-Payment",
        "Online-Bezahlung",
        "Onlinezahlung",
        "Online-Zahlung",
        "ePayBL",
        "elektronisches Bezahlen",
        "online bezahlen",
    ),
    "DS-2.2": ("Glasfaserausbau", "Breitbandausbau"),
    "DS-2.3": ("offene Daten", "offenen Daten", "Open-Data-Portal", "Datenportal"),
    "DS-2.4": ("flächendeckendes WLAN",),
    "DS-2.5": ("Handy-Parken", "Handyparken", "Parken per App"),
    "DS-2.6": ("LoRa", "LoRaWAN-Netz"),
    "DS-3.2": ("Beteiligungsplattform", "Online-Beteiligung", "Bürgerbeteiligung"),
    "DS-3.5": ("barrierefrei", "barrierefreie", "barrierefreien", "BITV"),
}
# Titles too common in ordinary prose to count as a mention by themselves.
GENERIC_TITLES = {"DS-1.1"}  # "Internet"
FUZZY_MIN_CHARS = 10
_LEXICON_SKIP = {"know-how"}
FUZZY_SCORE = 90.0

_NUMBER = re.compile(
    r"(?<![\w.,])(?:(?P<area>DV|DS)\s*[-_ ]?\s*)?(?P<number>[1-3]\.(?:10|[0-9]))(?!\d)(?!\.\d)",
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
        phrases: dict[tuple[str, ...], set[str]] = {}
        fuzzy: set[tuple[str, ...]] = set()

        def add(text: str, project_id: str, allow_fuzzy: bool = False) -> None:
            words = tuple(fold_words(text))
            if words and project_id in self._order:
                phrases.setdefault(words, set()).add(project_id)
                if allow_fuzzy and len(" ".join(words)) >= FUZZY_MIN_CHARS:
                    fuzzy.add(words)

        for project in catalogue.projects:
            if project.id not in GENERIC_TITLES:
                add(project.title, project.id, allow_fuzzy=True)
        for project_id, aliases in ALIASES.items():
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
        for match in _NUMBER.finditer(text):
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
        return [pid for pid in (f"DV-{number}", f"DS-{number}") if pid in self._order]


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

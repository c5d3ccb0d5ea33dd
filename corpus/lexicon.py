"""The domain lexicon (``corpus/lexicon.toml``): everyday words → the catalogue's vocabulary.

``load_lexicon().expand("Wer kümmert sich um die E-Akte?")`` returns the phrases to search
for in addition ("DMS", "Dokumentenmanagementsystem", ...). Matching works on folded words
(see :func:`fold`), so "zustandig", "zustaendig" and "zuständig" are the same word.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from corpus.german import fold, fold_words
from katalog.errors import CorpusError

DEFAULT_LEXICON = Path(__file__).resolve().parent / "lexicon.toml"
__all__ = ["DEFAULT_LEXICON", "Lexicon", "fold", "fold_words", "load_lexicon"]


@dataclass(frozen=True)
class Pattern:
    words: tuple[str, ...]
    prefix: bool  # the last word matches any word it begins

    def matches(self, words: list[str]) -> bool:
        first, n, last = self.words[0], len(self.words), self.words[-1]
        for start in range(len(words) - n + 1):
            word = words[start]
            if n == 1:
                if word == first or (self.prefix and word.startswith(first)):
                    return True
                continue
            if word != first:
                continue
            end = words[start + n - 1]
            if words[start + 1 : start + n - 1] == list(self.words[1:-1]) and (
                end == last or (self.prefix and end.startswith(last))
            ):
                return True
        return False


@dataclass(frozen=True)
class Entry:
    when: tuple[Pattern, ...]
    add: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[Entry, ...]

    def __post_init__(self) -> None:
        # The patterns that can match a word, keyed by their first word (or its prefix);
        # checking only those keeps expansion well under a millisecond.
        exact: dict[str, list[tuple[int, Pattern]]] = {}
        prefixes: dict[str, list[tuple[int, Pattern]]] = {}
        for number, entry in enumerate(self.entries):
            for pattern in entry.when:
                first = pattern.words[0]
                table = prefixes if pattern.prefix and len(pattern.words) == 1 else exact
                table.setdefault(first, []).append((number, pattern))
        object.__setattr__(self, "_exact", exact)
        object.__setattr__(self, "_prefixes", prefixes)

    def _fired(self, words: list[str], fired: set[int]) -> list[int]:
        found: set[int] = set()
        for word in set(words):
            candidates = list(self._exact.get(word, ()))
            for end in range(1, len(word) + 1):
                candidates += self._prefixes.get(word[:end], ())
            for number, pattern in candidates:
                if number not in fired and number not in found and pattern.matches(words):
                    found.add(number)
        return sorted(found)

    def expand(self, text: str) -> list[str]:
        """Phrases to search for besides ``text``, in lexicon order, without repeats.

        Applied until nothing new is added, so chains resolve (E-Akte → DMS → ...).
        """
        words = fold_words(text)
        added: list[str] = []
        seen: set[str] = set()
        fired: set[int] = set()
        new = self._fired(words, fired)
        while new:
            for number in new:
                fired.add(number)
                for phrase in self.entries[number].add:
                    key = fold(phrase)
                    if key not in seen:
                        seen.add(key)
                        added.append(phrase)
                        words = words + fold_words(phrase)
            new = self._fired(words, fired)
        return added


def _pattern(term: str) -> Pattern:
    prefix = term.endswith("*")
    words = tuple(fold_words(term.rstrip("*")))
    if not words:
        raise CorpusError(f"Leerer Begriff '{term}' im Lexikon.")
    return Pattern(words=words, prefix=prefix)


def parse_lexicon(text: str, where: str = "lexicon.toml") -> Lexicon:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(f"Das Lexikon {where} ist kein gültiges TOML ({exc}).") from exc
    entries = []
    for number, raw in enumerate(data.get("entry", []), start=1):
        when, add = raw.get("when"), raw.get("add")
        if not when or not add:
            raise CorpusError(f"Lexikon {where}, Eintrag {number}: 'when' und 'add' fehlen.")
        entries.append(Entry(when=tuple(_pattern(t) for t in when), add=tuple(add)))
    return Lexicon(entries=tuple(entries))


@lru_cache(maxsize=4)
def load_lexicon(path: Path | None = None) -> Lexicon:
    """The lexicon at ``path`` (default: the bundled ``corpus/lexicon.toml``)."""
    path = path or DEFAULT_LEXICON
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CorpusError(f"Das Lexikon '{path}' lässt sich nicht lesen ({exc.strerror}).") from exc
    return parse_lexicon(text, path.name)

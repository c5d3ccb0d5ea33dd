"""English words put into the catalogue's German where the two are cognates.

The glossary of ``assistant/data/words.toml`` lists the phrases that say what is asked and a
few topics; most topic words of an English question are spelled nearly as the catalogue's
German ("transparency" – Transparenz, "participation" – Partizipation, "communication" –
Kommunikation). They are read as the catalogue word they resemble, so that the German half of
the search and the German cue words see them too. A word resembles a catalogue word when,
written with German "k" for "c", its spelling ratio (``rapidfuzz``) to it reaches
``MIN_RATIO`` and both start alike; short words are left alone ("handle" is not "Handel").
"""

from __future__ import annotations

import re
from collections import Counter

from rapidfuzz import fuzz, process

from assistant.text import fold, record_text
from assistant.words import word_list, word_tables
from corpus.german import STOPWORDS
from corpus.models import Catalogue

MIN_LENGTH = 7  # letters of an English word that may be read as a cognate
MIN_RATIO = 85.0  # 80 also read "actually" as aktuell, "protect" as Projekts
SAME_START = 3  # letters both words begin with


class Cognates:
    """The catalogue's words by their folded spelling, and the lookup of English ones."""

    def __init__(self, catalogue: Catalogue) -> None:
        spelled: dict[str, Counter[str]] = {}
        for p in catalogue.projects:
            for word in re.findall(r"[A-Za-zÄÖÜäöüß]{5,}", record_text(p)):
                key = fold(word)
                if key not in STOPWORDS:
                    spelled.setdefault(key, Counter())[word] += 1
        self._spelling = {k: c.most_common(1)[0][0] for k, c in spelled.items()}
        self._keys = list(self._spelling)
        self._cache: dict[str, str | None] = {}
        # The glossary's German words are read already; false friends never are.
        glossed = {w for _e, de in word_tables()["gloss"]["pairs"] for w in de.split()}
        self._skip = glossed | word_list("english") | word_list("false_friends")

    def german(self, word: str) -> str | None:
        """The catalogue word an English ``word`` is a cognate of, as the catalogue spells
        it; None when there is none, or when the word is the catalogue's own already."""
        low = word.lower()
        if low in self._cache:
            return self._cache[low]
        found = None
        if len(low) >= MIN_LENGTH and low not in self._skip and fold(low) not in self._spelling:
            asked = low.replace("c", "k")
            candidates = [k for k in self._keys if k[:SAME_START] == asked[:SAME_START]]
            best = process.extractOne(asked, candidates, scorer=fuzz.ratio, score_cutoff=MIN_RATIO)
            if best is None and asked.endswith("s"):
                best = process.extractOne(
                    asked[:-1], candidates, scorer=fuzz.ratio, score_cutoff=MIN_RATIO
                )
            if best is not None:
                found = self._spelling[best[0]]
        self._cache[low] = found
        return found

    def read(self, text: str) -> str:
        """``text`` with each English cognate replaced by its catalogue word."""
        return re.sub(r"[A-Za-z]+", lambda m: self.german(m.group(0)) or m.group(0), text)

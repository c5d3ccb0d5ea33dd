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
from functools import lru_cache

from rapidfuzz import fuzz, process

from assistant.text import fold, record_text
from assistant.words import word_list, word_tables
from corpus.german import STOPWORDS
from corpus.models import Catalogue

MIN_LENGTH = 7  # letters of an English word that may be read as a cognate
MIN_RATIO = 85.0  # 80 also read "actually" as aktuell, "protect" as Projekts
SAME_START = 3  # letters both words begin with
CACHED_WORDS = 4096


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
        self._by_start: dict[str, list[str]] = {}
        for key in self._spelling:
            self._by_start.setdefault(key[:SAME_START], []).append(key)
        # Per instance and bounded: the words come from users' questions.
        self.german = lru_cache(maxsize=CACHED_WORDS)(self._german)
        # The glossary's German words are read already; false friends never are.
        glossed = {w for _e, de in word_tables()["gloss"]["pairs"] for w in de.split()}
        self._skip = glossed | word_list("english") | word_list("false_friends")

    def _german(self, word: str) -> str | None:
        """The catalogue word an English ``word`` is a cognate of, as the catalogue spells
        it; None when there is none, or when the word is the catalogue's own already
        (``german`` is this, cached)."""
        low = word.lower()
        if len(low) < MIN_LENGTH or low in self._skip or fold(low) in self._spelling:
            return None
        asked = low.replace("c", "k")
        candidates = self._by_start.get(asked[:SAME_START], [])
        best = process.extractOne(asked, candidates, scorer=fuzz.ratio, score_cutoff=MIN_RATIO)
        if best is None and asked.endswith("s"):
            best = process.extractOne(
                asked[:-1], candidates, scorer=fuzz.ratio, score_cutoff=MIN_RATIO
            )
        return self._spelling[best[0]] if best is not None else None

    def read(self, text: str) -> str:
        """``text`` with each English cognate replaced by its catalogue word."""
        return re.sub(r"[A-Za-z]+", lambda m: self.german(m.group(0)) or m.group(0), text)

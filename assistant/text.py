"""Text tools of the assistant: stem matching, overlap scoring, folded regexes.

Folding, words, stems, stop words and sentences come from the one German text module
(``corpus.german``) and are re-exported here for the assistant's modules.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from corpus.german import (
    STOPWORDS,
    SYNONYMS,
    compound_splits,
    content_stems,
    fold,
    sentences,
    stem,
    words,
)

if TYPE_CHECKING:
    from corpus.models import Project


def record_text(project: Project) -> str:
    """A project's whole record as one text: title, description, measures, responsibility
    and periods; what an answer can draw on."""
    return " ".join(
        [project.title, project.description, *project.measures, project.responsible_text]
        + [f"{period.label} {period.text}" for period in project.periods]
    )


__all__ = [
    "STOPWORDS",
    "SYNONYMS",
    "OverlapScorer",
    "compound_splits",
    "content_stems",
    "fold",
    "fre",
    "matches",
    "record_text",
    "sentences",
    "stem",
    "words",
]


def matches(query_stem: str, token: str) -> bool:
    """Whether a question stem meets a text token, compounds included."""
    if query_stem == token:
        return True
    # German compounds ("Verwaltungsleistungen" contains "leistung") and stems the stemmer
    # cut differently ("aktualisiert" / "Aktualisierungen").
    if len(query_stem) >= 5 and query_stem in token:
        return True
    if len(query_stem) >= 3 and len(token) >= len(query_stem) + 5 and token.startswith(query_stem):
        return True  # compound head: "dat" / "datenportal"
    if len(query_stem) >= 4 and token.startswith("ge") and token[2:].startswith(query_stem):
        return True  # participle: "messen" / "gemessen"
    return len(token) >= 5 and query_stem.startswith(token)


MAX_STEMS = 24


class OverlapScorer:
    """IDF-weighted stem overlap between a question and candidate sentences.

    Cheap and deterministic; used to pick the catalogue sentences an answer quotes.
    """

    def __init__(self, corpus: Iterable[str]) -> None:
        docs = [set(content_stems(text)) for text in corpus]
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(doc)
        self._n = max(len(docs), 1)
        self._df = df

    def rare(self, max_df: int) -> list[str]:
        """The stems found in at most ``max_df`` of the texts."""
        return [token for token, df in self._df.items() if df <= max_df]

    def idf(self, token: str) -> float:
        return math.log(1 + self._n / (1 + self._df.get(token, 0)))

    def score(self, question_stems: Iterable[str], sentence: str) -> float:
        tokens = set(content_stems(sentence))
        total = 0.0
        # At most MAX_STEMS of the question's words (in their order): a question of 500
        # random letters costs no more than a long real one.
        for q in list(dict.fromkeys(question_stems))[:MAX_STEMS]:
            if any(matches(q, t) for t in tokens):
                total += self.idf(q)
        return total


def fre(pattern: str) -> re.Pattern[str]:
    """A regex over folded text, its literal words folded the same way ("zuerst" -> "zurst")."""
    return re.compile(fold(pattern))

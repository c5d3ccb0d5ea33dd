"""The assistant's word lists (``assistant/data/words.toml``), read once."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

WORDS = Path(__file__).resolve().parent / "data" / "words.toml"


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict]:
    return tomllib.loads(WORDS.read_text("utf-8"))


def word_tables() -> dict[str, dict]:
    """All tables of the word file, for readers of structured entries (facets)."""
    return _tables()


@lru_cache(maxsize=64)
def word_list(name: str) -> frozenset[str]:
    """The lower-case words of the list ``name`` (built once; it is read per token)."""
    return frozenset(w.lower() for w in _tables()[name]["words"].split())


def is_english(question: str) -> bool:
    """English function words clearly outnumber German ones ("Who is in charge of …?")."""
    tokens = re.findall(r"\w+", question.lower())
    english = sum(1 for t in tokens if t in word_list("english"))
    german = sum(1 for t in tokens if t in word_list("german"))
    return english >= 2 and english > 2 * german


@lru_cache(maxsize=1)
def _gloss() -> tuple[tuple[re.Pattern[str], str], ...]:
    pairs = sorted(_tables()["gloss"]["pairs"], key=lambda p: -len(p[0]))
    return tuple((re.compile(rf"\b{re.escape(e)}\b", re.IGNORECASE), de) for e, de in pairs)


def gloss(question: str) -> str:
    """An English question with its phrases put into the German words the cues read, in
    place ("Which project management tool …?" -> "welche projektmanagement tool …?"); names
    and words without an entry stay as they are."""
    glossed = question
    for pattern, german in _gloss():
        glossed = pattern.sub(f" {german} ", glossed)
    return " ".join(glossed.split())

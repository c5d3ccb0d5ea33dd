"""The assistant's word lists (``assistant/data/words.toml``), read once."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

WORDS = Path(__file__).resolve().parent / "data" / "words.toml"


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict]:
    return tomllib.loads(WORDS.read_text("utf-8"))


def word_list(name: str) -> frozenset[str]:
    """The lower-case words of the list ``name``."""
    return frozenset(w.lower() for w in _tables()[name]["words"].split())

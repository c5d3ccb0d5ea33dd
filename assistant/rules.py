"""Decisions about a question kept as data (``assistant/data/rules.toml``): a declared list of
rules, each with an id, what it decides, its pattern over the folded question and the
example questions that show it; the first rule that fires decides."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from corpus.german import fold

RULES = Path(__file__).resolve().parent / "data" / "rules.toml"


@dataclass(frozen=True)
class Rule:
    id: str
    decides: str  # "intent"
    value: str  # e.g. "zustaendigkeit"
    why: str
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None
    positive: tuple[str, ...]
    negative: tuple[str, ...]

    def fires(self, question: str) -> bool:
        folded = fold(question)
        if not self.pattern.search(folded):
            return False
        return not (self.unless and self.unless.search(folded))


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES) -> tuple[Rule, ...]:
    data = tomllib.loads(path.read_text("utf-8"))
    rules = []
    for raw in data["rule"]:
        rules.append(
            Rule(
                id=raw["id"],
                decides=raw["decides"],
                value=raw["value"],
                why=raw["why"],
                pattern=re.compile(fold(raw["pattern"])),
                unless=re.compile(fold(raw["unless"])) if raw.get("unless") else None,
                positive=tuple(raw["positive"]),
                negative=tuple(raw["negative"]),
            )
        )
    return tuple(rules)


def decide(question: str, decides: str) -> Rule | None:
    """The first rule deciding ``decides`` that fires for the question."""
    return next((r for r in load_rules() if r.decides == decides and r.fires(question)), None)

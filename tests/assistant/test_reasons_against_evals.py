"""The patterns that decline a question before any evidence is ranked (the reasons of
``assistant.lexicon.UNANSWERABLE``) are kept honest by the labelled questions of ``evals/``:
no alternative of a pattern may decline more answerable questions than questions to decline
(two or more). Alternatives that did were taken out ("kaum jemand", "meine Daten",
"Nachbarkommune", "Datenschutz" each declined questions the catalogue answers)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from assistant.lexicon import UNANSWERABLE
from evals.dataset import load_questions

EVALS = Path(__file__).resolve().parents[2] / "evals"


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regex ("a|(b|c)d" -> ["a", "(b|c)d"])."""
    found, depth, current, i = [], 0, "", 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            current += pattern[i : i + 2]
            i += 2
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            found.append(current)
            current = ""
        else:
            current += char
        i += 1
    return [*found, current]


def test_alternatives_split_at_the_top_level_only():
    assert alternatives(r"\ba\b|(b|c)d|e\|f") == [r"\ba\b", "(b|c)d", r"e\|f"]


def test_no_reason_declines_more_answerable_questions_than_it_should(assistant):
    split = [
        (reason, alt, re.compile(alt))
        for reason, pattern in UNANSWERABLE
        for alt in alternatives(pattern.pattern)
    ]
    declined: Counter = Counter()
    answerable: Counter = Counter()
    for path in sorted(EVALS.glob("*.jsonl")):
        for q in load_questions(path):
            # as the service reads it: a judgement word the record uses is its topic
            u = assistant.understand(q.question)
            if not u.unanswerable:
                continue
            for reason, alt, rx in split:
                if reason == u.unanswerable.value and rx.search(u.folded):
                    (answerable if not q.should_abstain else declined)[(reason, alt)] += 1
    misfiring = {
        key: (answerable[key], declined[key])
        for key in answerable
        if answerable[key] >= 2 and answerable[key] > declined[key]
    }
    assert misfiring == {}
    assert sum(declined.values()) > 200  # the check reads the sets it is meant to read

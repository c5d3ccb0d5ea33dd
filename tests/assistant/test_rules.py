"""Every rule of assistant/data/rules.toml fires on its positive examples and on none of its
negative ones; every rule carries at least two of each."""

from __future__ import annotations

import pytest

from assistant.rules import load_rules

RULES = load_rules()
CASES = [(r.id, q, True) for r in RULES for q in r.positive] + [
    (r.id, q, False) for r in RULES for q in r.negative
]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_examples(rule):
    assert len(rule.positive) >= 2 and len(rule.negative) >= 2
    assert len({r.id for r in RULES}) == len(RULES)


@pytest.mark.parametrize(("rule_id", "question", "fires"), CASES)
def test_rule_examples(rule_id, question, fires):
    rule = next(r for r in RULES if r.id == rule_id)
    assert rule.fires(question) is fires

"""Eval questions and the scoring functions for retrieval and answers.

Pure functions; the question format and its loader live in evals/dataset.py and are
re-exported here (the only I/O: reading a JSONL question file). Everything else takes the
system's outputs (ranked ids, answers, latencies) as plain lists aligned with the questions.

Definitions (all shares are floats in [0, 1]; a metric over an empty set is ``None``):

- A *hit* for retrieval is any id of ``gold_projects`` ∪ ``acceptable_projects``. The rank of a
  question is the 1-based position of the first hit in its ranked list (``None`` if none).
  ``hit@k`` is the share of scored questions with rank ≤ k; ``mrr`` is the mean of 1/rank
  (0 for no hit). Only questions with at least one gold project are scored.
- Latency percentiles use the nearest-rank method over all questions passed in:
  the value at position ceil(p/100 · n) of the sorted latencies.
- Answer metrics follow issue 4, item 8; see :func:`answer_scores`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from evals.dataset import (
    AUDIENCES,
    QUESTION_TYPES,
    EvalDataError,
    EvalQuestion,
    load_questions,
)

__all__ = [
    "AUDIENCES",
    "QUESTION_TYPES",
    "EvalDataError",
    "EvalQuestion",
    "answer_scores",
    "contains_fact",
    "judge_answer",
    "load_questions",
    "percentile",
    "retrieval_scores",
]

_WHITESPACE = re.compile(r"\s+")
MISS_LIMIT_RANKED = 5


# --- shared helpers ------------------------------------------------------------------------


def normalise_text(text: str) -> str:
    """Lower-case and collapse every run of whitespace to one space (for fact matching)."""
    return _WHITESPACE.sub(" ", text).strip().casefold()


def contains_fact(answer: str, fact: str) -> bool:
    """Whether ``fact`` occurs in ``answer``, case-insensitive with whitespace normalised."""
    return normalise_text(fact) in normalise_text(answer)


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile: sorted(values)[ceil(p/100 · n) - 1]; None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    index = max(math.ceil(p / 100 * len(ordered)), 1) - 1
    return float(ordered[index])


def first_hit_rank(ranked_ids: Sequence[str], allowed: frozenset[str]) -> int | None:
    """1-based rank of the first id in ``allowed``, or None."""
    for position, project_id in enumerate(ranked_ids, start=1):
        if project_id in allowed:
            return position
    return None


def _share(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _check_lengths(questions: Sequence[EvalQuestion], **columns: Sequence[Any]) -> None:
    for name, column in columns.items():
        if len(column) != len(questions):
            raise ValueError(
                f"{name} has {len(column)} entries for {len(questions)} questions; "
                "they must be aligned one to one"
            )


def _rank_metrics(ranks: Sequence[int | None]) -> dict[str, Any]:
    n = len(ranks)
    result: dict[str, Any] = {"n": n}
    for k in (1, 3, 5):
        result[f"hit@{k}"] = _share(sum(1 for r in ranks if r is not None and r <= k), n)
    result["mrr"] = _mean([1 / r if r else 0.0 for r in ranks])
    return result


def _latency_metrics(latencies: Sequence[float]) -> dict[str, float | None]:
    return {"p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95)}


def _grouped(
    keys: Sequence[str], order: Sequence[str], build: Callable[[list[int]], dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Apply ``build`` to the question indices of each group, in ``order``."""
    groups: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        groups.setdefault(key, []).append(index)
    return {key: build(groups[key]) for key in order if key in groups}


# --- retrieval -----------------------------------------------------------------------------


def retrieval_scores(
    questions: Sequence[EvalQuestion],
    ranked_ids_per_question: Sequence[Sequence[str]],
    latencies_ms: Sequence[float],
) -> dict[str, Any]:
    """Score ranked project ids per question.

    Only questions with gold projects are scored (``n`` counts them); a hit is any id of
    gold ∪ acceptable. Latency percentiles cover every question passed in. ``by_type`` holds
    ``n``, ``hit@1/3/5``, ``mrr``, ``p50_ms``, ``p95_ms`` per question type. ``misses`` lists
    every scored question whose first ranked id is not a hit, with its rank (None if no hit
    at all) and the top five ranked ids.
    """
    _check_lengths(
        questions, ranked_ids_per_question=ranked_ids_per_question, latencies_ms=latencies_ms
    )
    scored = [i for i, q in enumerate(questions) if q.gold_projects]
    ranks = {
        i: first_hit_rank(ranked_ids_per_question[i], questions[i].allowed_projects) for i in scored
    }

    def build(indices: list[int]) -> dict[str, Any]:
        metrics = _rank_metrics([ranks[i] for i in indices if i in ranks])
        metrics.update(_latency_metrics([latencies_ms[i] for i in indices]))
        return metrics

    result = build(list(range(len(questions))))
    scored_types = [t for t in QUESTION_TYPES if any(questions[i].type == t for i in scored)]
    result["by_type"] = _grouped([q.type for q in questions], scored_types, build)
    result["misses"] = [
        {
            "id": questions[i].id,
            "question": questions[i].question,
            "type": questions[i].type,
            "gold": list(questions[i].gold_projects),
            "acceptable": list(questions[i].acceptable_projects),
            "rank": ranks[i],
            "ranked": list(ranked_ids_per_question[i][:MISS_LIMIT_RANKED]),
        }
        for i in scored
        if ranks[i] != 1
    ]
    return result


# --- answers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Judgement:
    """Per-question verdict; the aggregate metrics are sums over these."""

    cited: tuple[str, ...]
    cited_allowed: int
    gold_cited: int
    facts_found: int
    missing_facts: tuple[str, ...]
    abstained: bool
    rank: int | None
    strict: bool
    reasons: tuple[str, ...]


def _citation_id(citation: Any) -> str:
    """A citation is a dict with "id" (the JSON form) or an object with an ``id`` attribute."""
    return citation["id"] if isinstance(citation, dict) else citation.id


def judge_answer(question: EvalQuestion, answer: dict[str, Any]) -> _Judgement:
    """Judge one answer against one question (see :func:`answer_scores` for the rules)."""
    cited = tuple(dict.fromkeys(_citation_id(c) for c in answer.get("citations") or []))
    text = answer.get("answer") or ""
    abstained = bool(answer.get("abstained"))
    allowed = question.allowed_projects
    outside = [c for c in cited if c not in allowed]
    uncited_gold = [g for g in question.gold_projects if g not in cited]
    missing_facts = tuple(f for f in question.must_contain if not contains_fact(text, f))
    ranked = answer.get("ranked_ids")
    rank = first_hit_rank(ranked if ranked is not None else cited, allowed)
    reasons: list[str] = []
    if question.should_abstain:
        if not abstained:
            reasons.append("Hätte sich enthalten sollen")
    else:
        if abstained:
            reasons.append("Unnötig enthalten")
        reasons += [f"Zitat fehlt: {g}" for g in uncited_gold]
        reasons += [f"Zitat außerhalb von gold/acceptable: {c}" for c in outside]
        reasons += [f"Fakt fehlt: {f}" for f in missing_facts]
    return _Judgement(
        cited=cited,
        cited_allowed=len(cited) - len(outside),
        gold_cited=len(question.gold_projects) - len(uncited_gold),
        facts_found=len(question.must_contain) - len(missing_facts),
        missing_facts=missing_facts,
        abstained=abstained,
        rank=rank,
        strict=not reasons,
        reasons=tuple(reasons),
    )


def _answer_metrics(
    questions: Sequence[EvalQuestion],
    judgements: Sequence[_Judgement],
    latencies: Sequence[float],
    indices: Sequence[int],
) -> dict[str, Any]:
    answerable = [i for i in indices if not questions[i].should_abstain]
    abstain = [i for i in indices if questions[i].should_abstain]
    with_gold = [i for i in indices if questions[i].gold_projects]
    ranks = _rank_metrics([judgements[i].rank for i in with_gold])
    return {
        "n": len(indices),
        "strict_accuracy": _share(sum(judgements[i].strict for i in indices), len(indices)),
        "citation_precision": _share(
            sum(judgements[i].cited_allowed for i in answerable),
            sum(len(judgements[i].cited) for i in answerable),
        ),
        "citation_recall": _share(
            sum(judgements[i].gold_cited for i in answerable),
            sum(len(questions[i].gold_projects) for i in answerable),
        ),
        "fact_recall": _share(
            sum(judgements[i].facts_found for i in answerable),
            sum(len(questions[i].must_contain) for i in answerable),
        ),
        "abstain_recall": _share(sum(judgements[i].abstained for i in abstain), len(abstain)),
        "false_abstain_rate": _share(
            sum(judgements[i].abstained for i in answerable), len(answerable)
        ),
        "hit@1": ranks["hit@1"],
        "hit@3": ranks["hit@3"],
        "hit@5": ranks["hit@5"],
        "mrr": ranks["mrr"],
        **_latency_metrics([latencies[i] for i in indices]),
    }


def answer_scores(
    questions: Sequence[EvalQuestion],
    answers: Sequence[dict[str, Any]],
    latencies_ms: Sequence[float],
) -> dict[str, Any]:
    """Score answers: dicts with ``answer``, ``citations`` ([{"id", ...}]), ``abstained`` and
    optionally ``ranked_ids``.

    Per question, cited ids are the citation ids, de-duplicated in order; allowed ids are
    gold ∪ acceptable; a fact of ``must_contain`` is present when it occurs in ``answer``
    case-insensitively with whitespace normalised.

    - ``strict_accuracy``: share of all questions answered strictly right. A should-abstain
      question is right iff it was abstained (its citations and text do not matter). Any
      other question is right iff it was not abstained, every gold id is cited, no cited id
      lies outside gold ∪ acceptable, and every fact is present.
    - ``citation_precision``: micro average over the citations of answerable questions
      (should_abstain false): Σ cited ids within gold ∪ acceptable / Σ cited ids.
    - ``citation_recall``: micro average over the gold ids of answerable questions:
      Σ gold ids cited / Σ gold ids.
    - ``fact_recall``: micro average over the facts of answerable questions:
      Σ facts present / Σ facts.
    - ``abstain_recall``: share of should-abstain questions abstained.
    - ``false_abstain_rate``: share of answerable questions abstained.
    - ``hit@1/3/5``, ``mrr``: as in :func:`retrieval_scores`, over questions with gold
      projects, ranking by ``ranked_ids`` when given, else by the cited ids in order.
    - ``p50_ms``, ``p95_ms``: nearest-rank percentiles over all questions.

    ``by_type`` and ``by_audience`` repeat these metrics (with ``n``) per group. ``misses``
    lists every question not strictly right, with what was expected, what was given and the
    German reasons.
    """
    _check_lengths(questions, answers=answers, latencies_ms=latencies_ms)
    judgements = [judge_answer(q, a) for q, a in zip(questions, answers, strict=True)]

    def build(indices: list[int]) -> dict[str, Any]:
        return _answer_metrics(questions, judgements, latencies_ms, indices)

    result = build(list(range(len(questions))))
    result["by_type"] = _grouped([q.type for q in questions], QUESTION_TYPES, build)
    result["by_audience"] = _grouped([q.audience for q in questions], AUDIENCES, build)
    result["misses"] = [
        _miss(q, a, j)
        for q, a, j in zip(questions, answers, judgements, strict=True)
        if not j.strict
    ]
    return result


def _miss(question: EvalQuestion, answer: dict[str, Any], judgement: _Judgement) -> dict[str, Any]:
    return {
        "id": question.id,
        "question": question.question,
        "type": question.type,
        "audience": question.audience,
        "expected": {
            "gold": list(question.gold_projects),
            "acceptable": list(question.acceptable_projects),
            "must_contain": list(question.must_contain),
            "should_abstain": question.should_abstain,
        },
        "given": {
            "answer": answer.get("answer") or "",
            "citations": list(judgement.cited),
            "abstained": judgement.abstained,
        },
        "reasons": list(judgement.reasons),
    }

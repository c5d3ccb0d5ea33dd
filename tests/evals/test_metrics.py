"""Scoring functions on small hand-made inputs with exactly computed expected values."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from evals.metrics import (
    EvalQuestion,
    answer_scores,
    contains_fact,
    percentile,
    retrieval_scores,
)

FB10 = "Fachbereich 10 – Abteilung 10.1"


def question(
    id: str,
    type: str = "zustaendigkeit",
    audience: str = "citizen",
    gold: tuple[str, ...] = (),
    acceptable: tuple[str, ...] = (),
    must: tuple[str, ...] = (),
    abstain: bool = False,
) -> EvalQuestion:
    return EvalQuestion(
        id=id,
        question=f"Frage {id}",
        audience=audience,
        type=type,
        gold_projects=gold,
        acceptable_projects=acceptable,
        must_contain=must,
        should_abstain=abstain,
    )


def answer(text: str, cited: list[str], abstained: bool = False, **extra) -> dict:
    return {
        "answer": text,
        "citations": [{"id": c, "label": c.replace("-", " ")} for c in cited],
        "abstained": abstained,
        **extra,
    }


# --- helpers ---------------------------------------------------------------------------------


def test_percentile_nearest_rank():
    assert percentile([50, 10, 40, 20, 30], 50) == 30.0
    assert percentile([50, 10, 40, 20, 30], 95) == 50.0
    assert percentile([7.0], 95) == 7.0
    assert percentile(list(range(1, 101)), 95) == 95.0
    assert percentile([], 50) is None


def test_contains_fact_ignores_case_and_whitespace_but_not_the_dash():
    text = "Zuständig sind fachbereich 20 und Fachbereich 10 –\n  Abteilung 10.1."
    assert contains_fact(text, "Fachbereich 20")
    assert contains_fact(text, FB10)
    assert not contains_fact(text, "Fachbereich 10 - Abteilung 10.1")
    assert not contains_fact("FB 20", "Fachbereich 20")


# --- retrieval -------------------------------------------------------------------------------


RETRIEVAL_QUESTIONS = [
    question("r1", gold=("DS-1.8",)),
    question("r2", gold=("DV-1.5", "DS-2.4")),
    question("r3", type="beschreibung", gold=("DV-2.1",), acceptable=("DS-1.5",)),
    question("r4", type="zeitraum", gold=("DS-2.6",)),
    question("r5", type="unbeantwortbar", acceptable=("DS-2.5",), abstain=True),
]
RANKED = [
    ["DS-1.8", "DV-1.1"],  # rank 1
    ["DV-1.4", "DS-2.4", "DV-1.5"],  # rank 2
    ["DV-1.1", "DV-1.2", "DV-1.3", "DS-1.5", "DV-2.1", "DV-2.2"],  # rank 4 via acceptable
    [],  # no hit
    ["DS-2.5"],  # not scored: no gold projects
]


def test_retrieval_scores_overall():
    scores = retrieval_scores(RETRIEVAL_QUESTIONS, RANKED, [10, 20, 30, 40, 50])
    assert {k: v for k, v in scores.items() if k not in ("by_type", "misses")} == {
        "n": 4,
        "hit@1": 0.25,
        "hit@3": 0.5,
        "hit@5": 0.75,
        "mrr": 0.4375,
        "p50_ms": 30.0,
        "p95_ms": 50.0,
    }


def test_retrieval_scores_by_type_skips_types_without_gold():
    by_type = retrieval_scores(RETRIEVAL_QUESTIONS, RANKED, [10, 20, 30, 40, 50])["by_type"]
    assert list(by_type) == ["zustaendigkeit", "zeitraum", "beschreibung"]
    assert by_type["zustaendigkeit"] == {
        "n": 2,
        "hit@1": 0.5,
        "hit@3": 1.0,
        "hit@5": 1.0,
        "mrr": 0.75,
        "p50_ms": 10.0,
        "p95_ms": 20.0,
    }
    assert by_type["beschreibung"]["mrr"] == 0.25
    assert by_type["zeitraum"]["hit@5"] == 0.0


def test_retrieval_misses_are_all_questions_not_ranked_first():
    misses = retrieval_scores(RETRIEVAL_QUESTIONS, RANKED, [10, 20, 30, 40, 50])["misses"]
    assert [(m["id"], m["rank"]) for m in misses] == [("r2", 2), ("r3", 4), ("r4", None)]
    assert misses[1] == {
        "id": "r3",
        "question": "Frage r3",
        "type": "beschreibung",
        "gold": ["DV-2.1"],
        "acceptable": ["DS-1.5"],
        "rank": 4,
        "ranked": ["DV-1.1", "DV-1.2", "DV-1.3", "DS-1.5", "DV-2.1"],
    }


def test_retrieval_without_scored_questions():
    only_abstain = RETRIEVAL_QUESTIONS[4:]
    scores = retrieval_scores(only_abstain, RANKED[4:], [5.0])
    assert scores["n"] == 0
    assert scores["hit@1"] is None and scores["mrr"] is None
    assert scores["p50_ms"] == 5.0
    assert scores["by_type"] == {}
    assert scores["misses"] == []


def test_retrieval_rejects_misaligned_inputs():
    with pytest.raises(ValueError, match="latencies_ms has 1 entries for 5 questions"):
        retrieval_scores(RETRIEVAL_QUESTIONS, RANKED, [1.0])


# --- answers ---------------------------------------------------------------------------------


ANSWER_QUESTIONS = [
    question("a1", gold=("DS-1.8",), must=("Fachbereich 20", FB10)),
    question("a2", audience="employee", gold=("DV-1.5", "DS-2.4"), must=("WTM",)),
    question(
        "a3",
        type="beschreibung",
        gold=("DV-2.1",),
        acceptable=("DS-1.5",),
        must=("Dokumentenmanagementsystem",),
    ),
    question("a4", type="unbeantwortbar", acceptable=("DS-2.5",), abstain=True),
    question("a5", type="unbeantwortbar", audience="employee", abstain=True),
    question(
        "a6",
        type="struktur",
        audience="employee",
        must=("Digitale Verwaltung", "Digitale Stadt"),
    ),
    question("a7", type="zeitraum", gold=("DS-2.5",), must=("2021",)),
]
NO_INFO = "Dazu enthält der Maßnahmenkatalog keine Angaben."
ANSWERS = [
    # right: facts in other case and spacing, duplicate citation counted once
    answer(
        "Für E-Payment (DS 1.8) sind  fachbereich 20 und Fachbereich 10 –\nAbteilung 10.1 "
        "zuständig.",
        ["DS-1.8", "DS-1.8"],
    ),
    # one gold id missing, one citation outside gold ∪ acceptable
    answer("Zuständig sind Fachbereich 10 – Abteilung 10.1 und WTM.", ["DV-1.5", "DV-1.4"]),
    # citations right (one acceptable), fact missing
    answer("Die E-Akte ist die digitale Aktenführung.", ["DV-2.1", "DS-1.5"]),
    # abstained as it should; its citations do not count anywhere
    answer(NO_INFO + " Nächstes Projekt: Handyparken (DS 2.5).", ["DS-2.5", "DV-1.1"], True),
    # should have abstained, cites nothing
    answer("Das kostet 2 Euro.", []),
    # answerable structure question abstained
    answer(NO_INFO, [], True),
    # fact right, citation empty, retrieval ranking given separately
    answer("Das Handyparken startet 2021.", [], ranked_ids=["DV-1.1", "DS-2.5"]),
]
LATENCIES = [5.0, 1.0, 3.0, 2.0, 4.0, 7.0, 6.0]


def _top(scores: dict) -> dict:
    return {k: v for k, v in scores.items() if k not in ("by_type", "by_audience", "misses")}


def test_answer_scores_overall():
    scores = answer_scores(ANSWER_QUESTIONS, ANSWERS, LATENCIES)
    assert _top(scores) == {
        "n": 7,
        "strict_accuracy": pytest.approx(2 / 7),
        "citation_precision": 0.8,  # 4 of 5 citations on answerable questions allowed
        "citation_recall": 0.6,  # 3 of 5 gold ids cited
        "fact_recall": pytest.approx(4 / 7),
        "abstain_recall": 0.5,
        "false_abstain_rate": 0.2,
        "hit@1": 0.75,
        "hit@3": 1.0,
        "hit@5": 1.0,
        "mrr": 0.875,
        "p50_ms": 4.0,
        "p95_ms": 7.0,
    }


def test_answer_scores_by_audience():
    by_audience = answer_scores(ANSWER_QUESTIONS, ANSWERS, LATENCIES)["by_audience"]
    assert list(by_audience) == ["citizen", "employee"]
    assert _top(by_audience["citizen"]) == {
        "n": 4,
        "strict_accuracy": 0.5,
        "citation_precision": 1.0,
        "citation_recall": pytest.approx(2 / 3),
        "fact_recall": 0.75,
        "abstain_recall": 1.0,
        "false_abstain_rate": 0.0,
        "hit@1": pytest.approx(2 / 3),
        "hit@3": 1.0,
        "hit@5": 1.0,
        "mrr": pytest.approx((1 + 1 + 0.5) / 3),
        "p50_ms": 3.0,  # citizen latencies 5, 3, 2, 6 → sorted [2, 3, 5, 6]
        "p95_ms": 6.0,
    }
    employee = by_audience["employee"]
    assert employee["n"] == 3
    assert employee["strict_accuracy"] == 0.0
    assert employee["citation_precision"] == 0.5
    assert employee["abstain_recall"] == 0.0
    assert employee["false_abstain_rate"] == 0.5
    assert employee["fact_recall"] == pytest.approx(1 / 3)


def test_answer_scores_by_type_leaves_undefined_metrics_empty():
    by_type = answer_scores(ANSWER_QUESTIONS, ANSWERS, LATENCIES)["by_type"]
    assert list(by_type) == [
        "zustaendigkeit",
        "zeitraum",
        "beschreibung",
        "struktur",
        "unbeantwortbar",
    ]
    unanswerable = by_type["unbeantwortbar"]
    assert unanswerable["n"] == 2
    assert unanswerable["strict_accuracy"] == 0.5
    assert unanswerable["abstain_recall"] == 0.5
    assert unanswerable["citation_precision"] is None
    assert unanswerable["citation_recall"] is None
    assert unanswerable["fact_recall"] is None
    assert unanswerable["false_abstain_rate"] is None
    assert unanswerable["hit@1"] is None
    structure = by_type["struktur"]
    assert structure["citation_precision"] is None  # nothing cited
    assert structure["citation_recall"] is None  # no gold ids
    assert structure["fact_recall"] == 0.0
    assert structure["false_abstain_rate"] == 1.0


def test_answer_misses_say_what_was_expected_and_given():
    misses = answer_scores(ANSWER_QUESTIONS, ANSWERS, LATENCIES)["misses"]
    assert {m["id"]: m["reasons"] for m in misses} == {
        "a2": ["Zitat fehlt: DS-2.4", "Zitat außerhalb von gold/acceptable: DV-1.4"],
        "a3": ["Fakt fehlt: Dokumentenmanagementsystem"],
        "a5": ["Hätte sich enthalten sollen"],
        "a6": [
            "Unnötig enthalten",
            "Fakt fehlt: Digitale Verwaltung",
            "Fakt fehlt: Digitale Stadt",
        ],
        "a7": ["Zitat fehlt: DS-2.5"],
    }
    assert misses[0] == {
        "id": "a2",
        "question": "Frage a2",
        "type": "zustaendigkeit",
        "audience": "employee",
        "expected": {
            "gold": ["DV-1.5", "DS-2.4"],
            "acceptable": [],
            "must_contain": ["WTM"],
            "should_abstain": False,
        },
        "given": {
            "answer": "Zuständig sind Fachbereich 10 – Abteilung 10.1 und WTM.",
            "citations": ["DV-1.5", "DV-1.4"],
            "abstained": False,
        },
        "reasons": misses[0]["reasons"],
    }


def test_abstaining_is_all_that_counts_for_should_abstain_questions():
    q = [question("u1", type="unbeantwortbar", abstain=True)]
    cites_anything = [answer(NO_INFO, ["DV-1.1", "DS-3.5"], True)]
    scores = answer_scores(q, cites_anything, [1.0])
    assert scores["strict_accuracy"] == 1.0
    assert scores["abstain_recall"] == 1.0
    assert scores["citation_precision"] is None
    assert scores["misses"] == []


@dataclass(frozen=True)
class _Citation:
    id: str


def test_citation_objects_and_missing_keys_are_accepted():
    q = [question("c1", gold=("DS-1.8",), must=("Fachbereich 20",))]
    given = [{"answer": "Fachbereich 20", "citations": [_Citation("DS-1.8")]}]
    scores = answer_scores(q, given, [1.0])
    assert scores["strict_accuracy"] == 1.0
    empty = answer_scores(q, [{}], [1.0])
    assert empty["strict_accuracy"] == 0.0
    assert empty["citation_precision"] is None
    assert empty["citation_recall"] == 0.0
    assert empty["fact_recall"] == 0.0
    assert empty["hit@5"] == 0.0

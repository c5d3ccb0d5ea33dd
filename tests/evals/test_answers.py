"""The answer-eval runner: asks each question once, in a fresh session, and scores it."""

from __future__ import annotations

import json

from assistant.service import Assistant
from corpus.parser import load_catalogue
from evals.answers import run_answers
from katalog.settings import Settings


class NoHits:
    """A retriever that finds nothing (an index over no matching text): the questions below
    are answered from the structured fields alone."""

    def search(self, query: str, k: int = 10, where: dict | None = None) -> list:
        return []


QUESTIONS = [
    {
        "id": "t1",
        "question": "Wer ist für E-Payment zuständig?",
        "audience": "citizen",
        "type": "zustaendigkeit",
        "gold_projects": ["DS-1.8"],
        "acceptable_projects": [],
        "must_contain": ["Fachbereich 20", "Fachbereich 10 – Abteilung 10.1"],
        "should_abstain": False,
    },
    {
        "id": "t2",
        "question": "Welche Projekte hat FB 61?",
        "audience": "employee",
        "type": "liste",
        "gold_projects": ["DS-3.1", "DS-3.2"],
        "acceptable_projects": [],
        "must_contain": ["Fachbereich 61"],
        "should_abstain": False,
    },
    {
        "id": "t3",
        "question": "Was kostet das Handyparken?",
        "audience": "citizen",
        "type": "unbeantwortbar",
        "gold_projects": [],
        "acceptable_projects": ["DS-2.5"],
        "must_contain": [],
        "should_abstain": True,
    },
    {
        "id": "t4",
        "question": "Und wann?",
        "audience": "citizen",
        "type": "zeitraum",
        "gold_projects": ["DS-2.5"],
        "acceptable_projects": [],
        "must_contain": ["2021"],
        "should_abstain": False,
    },
]


def test_run_answers_scores_every_question_in_its_own_session(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in QUESTIONS), "utf-8")
    catalogue = load_catalogue()
    scores = run_answers(path, assistant=Assistant(catalogue, NoHits(), Settings()))
    assert scores["n"] == 4
    # t4 is a follow-up without its first question: no context leaks from t3, so it abstains.
    assert [m["id"] for m in scores["misses"]] == ["t4"]
    assert scores["strict_accuracy"] == 0.75
    assert scores["citation_precision"] == 1.0
    assert scores["abstain_recall"] == 1.0
    assert scores["by_type"]["liste"]["strict_accuracy"] == 1.0

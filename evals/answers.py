"""Answer evals: ask every question of a JSONL file in-process and score the answers.

Each question gets a fresh session (no follow-up context leaks between questions); latency is
the wall time of ``Assistant.ask`` alone, after ``warm_up``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from evals.metrics import answer_scores, load_questions


def run_answers(path: str | Path, assistant: Any = None, settings: Any = None) -> dict[str, Any]:
    """Scores of :func:`evals.metrics.answer_scores` for the questions in ``path``."""
    questions = load_questions(path)
    if assistant is None:
        from assistant.service import build_assistant
        from katalog.settings import get_settings

        assistant = build_assistant(settings or get_settings())
    assistant.warm_up()
    answers: list[dict[str, Any]] = []
    latencies: list[float] = []
    for question in questions:
        started = time.perf_counter()
        answer = assistant.ask(question.question, audience=question.audience)
        latencies.append((time.perf_counter() - started) * 1000)
        answers.append(answer.model_dump())
    return answer_scores(questions, answers, latencies)

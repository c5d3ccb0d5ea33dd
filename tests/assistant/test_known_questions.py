"""The questions each unit is known to answer (``….questions.jsonl``), on the real index."""

from __future__ import annotations

import pytest

from assistant.finder import KNOWN_DECISIVE, KNOWN_MARGIN

pytestmark = pytest.mark.slow


def test_a_near_paraphrase_of_a_known_question_decides_the_project(real_assistant):
    """The words point at the Online-Beteiligung (DS 3.2); one of DS 3.1's known questions
    says the same thing, closer than any other project's by more than the margin."""
    q = "Wer sorgt dafür, dass Bürger sehen können, woran die Verwaltung gerade arbeitet?"
    found = real_assistant.index.known_question_projects(q)
    best, second = sorted(found.values(), reverse=True)[:2]
    assert max(found, key=found.__getitem__) == "DS-3.1"
    assert best >= KNOWN_DECISIVE and best - second >= KNOWN_MARGIN
    answer = real_assistant.ask(q, audience="citizen")
    assert [c.id for c in answer.citations] == ["DS-3.1"]
    assert "Fachbereich 61" in answer.answer


def test_a_known_question_without_a_margin_leaves_the_search_to_decide(real_assistant):
    q = "ab wann seh ich als buergerin online woran die stadt gerade arbeitet"
    found = sorted(real_assistant.index.known_question_projects(q).values(), reverse=True)
    assert found[0] - found[1] < KNOWN_MARGIN or found[0] < KNOWN_DECISIVE
    finder = real_assistant.finder
    assert finder.decisive_project(finder.known_questions(q)) is None

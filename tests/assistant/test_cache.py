"""The answer cache for repeated first questions (assistant/cache.py)."""

from __future__ import annotations

from assistant.cache import CachedAssistant, cache_key

QUESTION = "Wer ist für E-Payment zuständig?"


class Counting:
    """Counts calls that reach the wrapped assistant."""

    def __init__(self, assistant) -> None:
        self.assistant = assistant
        self.calls = 0
        self.sessions = assistant.sessions

    def ask(self, question, audience="citizen", session_id=None):
        self.calls += 1
        return self.assistant.ask(question, audience, session_id)

    def warm_up(self) -> None:
        self.assistant.warm_up()


def test_key_ignores_case_blanks_and_trailing_punctuation():
    assert cache_key("  wer ist  für E-Payment zuständig ", "citizen") == cache_key(
        QUESTION, "citizen"
    )
    assert cache_key(QUESTION, "citizen") != cache_key(QUESTION, "employee")


def test_repeated_first_question_is_answered_once(assistant):
    inner = Counting(assistant)
    cached = CachedAssistant(inner)
    first = cached.ask(QUESTION)
    second = cached.ask("wer ist für e-payment zuständig")
    assert inner.calls == 1
    assert second.answer == first.answer
    assert [c.id for c in second.citations] == ["DS-1.8"]
    assert second.session_id != first.session_id
    assert cached.cached("Wann wird das Handyparken umgesetzt?") is None


def test_follow_up_after_a_hit_knows_the_project(assistant):
    cached = CachedAssistant(Counting(assistant))
    cached.ask(QUESTION)
    hit = cached.ask(QUESTION)
    follow_up = cached.ask("Und wann wird das umgesetzt?", session_id=hit.session_id)
    assert follow_up.session_id == hit.session_id
    assert [c.id for c in follow_up.citations] == ["DS-1.8"]
    assert follow_up.intent == "zeitraum"


def test_questions_in_a_session_are_not_cached(assistant):
    inner = Counting(assistant)
    cached = CachedAssistant(inner)
    first = cached.ask(QUESTION)
    cached.ask(QUESTION, session_id=first.session_id)
    cached.ask(QUESTION, session_id=first.session_id)
    assert inner.calls == 3


def test_bounded_number_of_entries(assistant):
    cached = CachedAssistant(Counting(assistant), max_entries=2)
    for question in (QUESTION, "Was ist Open Data?", "Was ist LoRaWAN?"):
        cached.ask(question)
    assert len(cached) == 2
    assert cached.cached(QUESTION) is None

"""Answers to repeated first questions from a small LRU cache.

Only questions without a ``session_id`` are cached: their answer depends on nothing but the
question and the audience. Every hit still gets a session of its own, seeded with the state
the original answer left behind, so a follow-up ("und wann?") works after a cached answer too.

Answers may quote ingested reports: the cache is emptied whenever the document index reports a
new generation (an ingest or a removal), and an answer computed before that is not stored.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from assistant.models import Answer, Audience
from assistant.session import new_session_id


def cache_key(question: str, audience: str) -> tuple[str, str]:
    """Case, runs of blanks and trailing punctuation do not make a question new."""
    return " ".join(question.casefold().split()).rstrip("?!. "), audience


class CachedAssistant:
    """Wraps an ``Assistant``; same ``ask``/``warm_up`` plus a cheap ``cached`` lookup."""

    def __init__(self, assistant: Any, max_entries: int = 2048, ttl_s: float = 3600.0) -> None:
        self.assistant = assistant
        self.max_entries = max_entries
        self.ttl_s = ttl_s
        self._items: OrderedDict[tuple[str, str], tuple[float, Answer, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._generation = 0  # of the documents the cached answers were computed with

    def __getattr__(self, name: str) -> Any:
        # catalogue, index, settings, sessions ... of the wrapped assistant
        return getattr(self.assistant, name)

    def warm_up(self) -> None:
        self.assistant.warm_up()

    def cached(self, question: str, audience: Audience = "citizen") -> Answer | None:
        """The cached answer under a fresh session, or None. Never computes anything."""
        key = cache_key(question, audience)
        generation = self._documents_generation()
        with self._lock:
            self._follow(generation)
            item = self._items.get(key)
            if item is None:
                return None
            stored_at, answer, state = item
            if time.monotonic() - stored_at > self.ttl_s:
                del self._items[key]
                return None
            self._items.move_to_end(key)
        session_id = new_session_id()
        sessions = getattr(self.assistant, "sessions", None)
        if sessions is not None and state is not None:
            sessions.put(session_id, _copy_state(state))
        return answer.model_copy(update={"session_id": session_id})

    def ask(
        self, question: str, audience: Audience = "citizen", session_id: str | None = None
    ) -> Answer:
        if session_id is None:
            hit = self.cached(question, audience)
            if hit is not None:
                return hit
        generation = self._documents_generation()
        answer = self.assistant.ask(question, audience, session_id)
        if session_id is None:
            self._store(question, audience, answer, generation)
        return answer

    def _documents_generation(self) -> int:
        documents = getattr(self.assistant, "documents", None)
        return documents.generation if documents is not None else 0

    def _follow(self, generation: int) -> None:
        """Under the lock: forget every answer when the documents changed."""
        if generation != self._generation:
            self._items.clear()
            self._generation = generation

    def _store(self, question: str, audience: str, answer: Answer, generation: int = 0) -> None:
        sessions = getattr(self.assistant, "sessions", None)
        state = sessions.get(answer.session_id)[1] if sessions is not None else None
        with self._lock:
            if generation < self._generation:
                return  # computed from documents that have changed since
            self._follow(generation)
            self._items[cache_key(question, audience)] = (time.monotonic(), answer, state)
            self._items.move_to_end(cache_key(question, audience))
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


def _copy_state(state: Any) -> Any:
    from dataclasses import replace

    return replace(state, project_ids=list(state.project_ids))

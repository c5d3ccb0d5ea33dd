"""Conversation context for follow-up questions: bounded in number, expiring, thread-safe."""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field


@dataclass
class SessionState:
    project_ids: list[str] = field(default_factory=list)  # the projects last answered about
    intent: str | None = None
    area: str | None = None  # "DV" | "DS" of the last project, for "und die 2.4?"
    touched: float = 0.0
    audience: str | None = None  # whose session: another audience's id starts a fresh one


class SessionStore:
    """At most `max_sessions` sessions, each forgotten `ttl_s` seconds after its last use."""

    def __init__(self, max_sessions: int = 1000, ttl_s: float = 1800, clock=time.monotonic):
        self._max = max(1, max_sessions)
        self._ttl = ttl_s
        self._clock = clock
        self._lock = threading.Lock()
        self._data: OrderedDict[str, SessionState] = OrderedDict()

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._data)

    def _expire(self) -> None:
        now = self._clock()
        while self._data:
            key, state = next(iter(self._data.items()))
            if now - state.touched <= self._ttl:
                break
            del self._data[key]

    def get(self, session_id: str | None) -> tuple[str, SessionState]:
        """The session's state (a copy) and its id; a new session for unknown or expired ids."""
        with self._lock:
            self._expire()
            state = self._data.get(session_id) if session_id else None
            if state is None:
                session_id = new_session_id()
                return session_id, SessionState()
            return session_id, SessionState(
                list(state.project_ids), state.intent, state.area, state.touched, state.audience
            )

    def put(self, session_id: str, state: SessionState) -> None:
        with self._lock:
            state.touched = self._clock()
            self._data[session_id] = state
            self._data.move_to_end(session_id)
            while len(self._data) > self._max:
                self._data.popitem(last=False)
            self._expire()


def new_session_id() -> str:
    return secrets.token_urlsafe(16)

"""A small LRU cache for answers to repeated, session-less questions.

Only first questions (no ``session_id``) are cached: a follow-up depends on its session.
Keys are the question with case and whitespace normalised, plus the audience.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any


def normalise(question: str) -> str:
    return " ".join(question.casefold().split()).rstrip("?!. ")


class AnswerCache:
    def __init__(self, max_entries: int = 2048, ttl_s: float = 3600.0) -> None:
        self.max_entries = max_entries
        self.ttl_s = ttl_s
        self._items: OrderedDict[tuple[str, str], tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, question: str, audience: str) -> Any | None:
        key = (normalise(question), audience)
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            stored_at, value = item
            if time.monotonic() - stored_at > self.ttl_s:
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return value

    def put(self, question: str, audience: str, value: Any) -> None:
        key = (normalise(question), audience)
        with self._lock:
            self._items[key] = (time.monotonic(), value)
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)

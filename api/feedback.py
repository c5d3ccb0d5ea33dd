"""Durable, append-only feedback: one JSON record a line under ``<data_dir>/feedback/``."""

from __future__ import annotations

import json
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


class FeedbackStore:
    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / "feedback" / "feedback.jsonl"
        self._lock = threading.Lock()

    def append(self, record: dict[str, Any]) -> None:
        entry = {"ts": datetime.now(UTC).isoformat(timespec="seconds"), **record}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())

    def read_all(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]

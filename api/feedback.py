"""Durable, append-only feedback: one JSON record a line under ``<data_dir>/feedback/``."""

from __future__ import annotations

import hashlib
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
        _append(self.path, self._lock, record)

    def read_all(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]


def feedback_id(line: str) -> str:
    """A record's id: derived from its stored line (records carry no id of their own)."""
    return "fb-" + hashlib.sha256(line.encode("utf-8")).hexdigest()[:12]


class ReviewStore:
    """What the staff workspace shows of the feedback: the thumbs-down records, newest first,
    each with whether it has been marked reviewed (``feedback/reviewed.jsonl``, append-only;
    the last mark of an id wins). Parsed once per change of either file."""

    def __init__(self, data_dir: Path) -> None:
        folder = Path(data_dir) / "feedback"
        self.feedback = folder / "feedback.jsonl"
        self.marks = folder / "reviewed.jsonl"
        self._lock = threading.Lock()
        self._cache: tuple[Any, list[dict[str, Any]]] = (None, [])

    def thumbs_down(self) -> list[dict[str, Any]]:
        """Each record as stored plus ``id`` and ``reviewed``."""
        stamp = (_stamp(self.feedback), _stamp(self.marks))
        with self._lock:
            if self._cache[0] == stamp:
                return self._cache[1]
        reviewed = self._reviewed()
        records = []
        for line in _lines(self.feedback):
            record = json.loads(line)
            if record.get("helpful") is False:
                fid = feedback_id(line)
                records.append({**record, "id": fid, "reviewed": reviewed.get(fid, False)})
        records.reverse()  # appended in time order: newest first
        with self._lock:
            self._cache = (stamp, records)
        return records

    def mark(self, fid: str, reviewed: bool) -> bool:
        """Mark one record (``False``: open again); ``False`` when there is no such record."""
        if not any(record["id"] == fid for record in self.thumbs_down()):
            return False
        _append(self.marks, self._lock, {"id": fid, "reviewed": reviewed})
        return True

    def _reviewed(self) -> dict[str, bool]:
        marks = (json.loads(line) for line in _lines(self.marks))
        return {mark["id"]: bool(mark["reviewed"]) for mark in marks}


def _append(path: Path, lock: threading.Lock, record: dict[str, Any]) -> None:
    """One record a line, stamped with the time, on disk before this returns."""
    entry = {"ts": datetime.now(UTC).isoformat(timespec="seconds"), **record}
    line = json.dumps(entry, ensure_ascii=False) + "\n"
    with lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _lines(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8") as handle:
            return [line.rstrip("\n") for line in handle if line.strip()]
    except FileNotFoundError:
        return []

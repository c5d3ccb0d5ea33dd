"""``documents/manifest.json``, the list of stored documents, and the lock its writers share.

Readers take no lock: the file is replaced whole (``os.replace``) and read again only when its
inode, mtime or size changed. Writers exclude each other with a thread lock and an ``flock`` on
``documents/.lock`` (several processes may share a data dir).
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from corpus.documents.models import Document
from katalog.files import fsync_dir, write_durably

MANIFEST = "manifest.json"
LOCK = ".lock"


class Manifest:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.RLock()
        self._depth = 0  # nesting of ``lock`` in the thread that holds it
        self._cache: tuple[tuple[int, int, int], int, dict[str, Document]] | None = None

    def read(self) -> tuple[int, dict[str, Document]]:
        """(generation, documents by id); (0, {}) before the first write."""
        path = self.root / MANIFEST
        try:
            stat = path.stat()
        except FileNotFoundError:
            return 0, {}
        key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        cache = self._cache
        if cache is not None and cache[0] == key:
            return cache[1], cache[2]
        data = json.loads(path.read_text(encoding="utf-8"))
        docs = {d["id"]: Document.from_dict(d) for d in data["documents"]}
        self._cache = (key, data["generation"], docs)
        return data["generation"], docs

    def write(self, generation: int, docs: dict[str, Document]) -> None:
        """Replace the manifest whole (the caller holds ``lock``)."""
        ordered = sorted(docs.values(), key=lambda d: d.id)
        payload = {"generation": generation, "documents": [d.to_dict() for d in ordered]}
        tmp = self.root / f".{MANIFEST}.{uuid.uuid4().hex[:8]}.tmp"
        write_durably(tmp, dumps(payload))
        os.replace(tmp, self.root / MANIFEST)
        fsync_dir(self.root)

    @contextmanager
    def lock(self) -> Iterator[None]:
        """The writers' lock; re-entrant within a thread: only the outermost level takes the
        flock (a second flock of the same file from this process would wait for itself)."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self.root.mkdir(parents=True, exist_ok=True)
            with open(self.root / LOCK, "a+b") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                self._depth = 1
                try:
                    yield
                finally:
                    self._depth = 0
                    fcntl.flock(handle, fcntl.LOCK_UN)


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")

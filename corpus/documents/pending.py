"""Pending ingests: a marker file per document being ingested, ``documents/pending/<id>.json``,
whose owner holds an ``flock`` on it while it works. The kernel drops the lock when the owner
ends however it ends (also ``kill -9``), so a marker nobody holds is an ingest that was cut
off, and one that is held is still at work, in this process or another."""

from __future__ import annotations

import fcntl
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from katalog.errors import DocumentError
from katalog.files import fsync_dir

if TYPE_CHECKING:
    from corpus.documents.models import Document
    from corpus.documents.store import DocumentStore


@dataclass(frozen=True)
class Marker:
    """A pending ingest; ``alive`` while its owner (a process) still works on it."""

    doc_id: str
    alive: bool


class Staged:
    """A document stored under a pending marker whose flock this object holds."""

    def __init__(self, store: DocumentStore, document: Document, handle: IO[bytes] | None):
        self.store = store
        self.document = document
        self.created = handle is not None  # False: the same content was stored meanwhile
        self._handle = handle

    def commit(self) -> None:
        """The ingest is complete: the marker goes."""
        if self._handle is not None:
            self.store._settle(self.document.id, self._handle, finish=True)
            self._handle = None

    def rollback(self) -> None:
        """The ingest failed: out of the manifest; its files go with the next clear."""
        if self._handle is not None:
            self.store._settle(self.document.id, self._handle, finish=False)
            self._handle = None


def claim(folder: Path, doc_id: str, filename: str) -> IO[bytes]:
    """Create (or take over a dead) marker and hold its flock; the caller holds the store's
    write lock. A live marker means the same content is being ingested right now."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{doc_id}.json"
    handle = open(path, "a+b")  # noqa: SIM115 - held until commit or rollback
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise DocumentError(
            f"Die Datei '{filename}' wird gerade schon aufgenommen ({doc_id}). Bitte warten, "
            "bis diese Aufnahme fertig ist."
        ) from None
    handle.seek(0)
    handle.truncate()
    info = {"doc_id": doc_id, "filename": filename, "pid": os.getpid()}
    handle.write(json.dumps(info, ensure_ascii=False).encode("utf-8"))
    handle.flush()
    os.fsync(handle.fileno())
    fsync_dir(folder)
    return handle


def take(path: Path) -> IO[bytes] | None:
    """The marker's flock when its owner is gone (the caller settles it), else None."""
    try:
        handle = open(path, "r+b")  # noqa: SIM115 - returned to the caller
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def markers(folder: Path) -> list[Marker]:
    if not folder.is_dir():
        return []
    return [Marker(path.stem, locked(path)) for path in sorted(folder.glob("doc-*.json"))]


def locked(path: Path) -> bool:
    """Whether a process holds the flock on ``path`` (its owner is alive)."""
    try:
        with open(path, "rb") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
            return False
    except FileNotFoundError:
        return False

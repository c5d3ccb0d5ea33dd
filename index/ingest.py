"""One document in or out, whole or not at all: the steps of `katalog ingest` and of the
service's ingest jobs (``api/jobs.py`` runs this in a child process).

Ingest: the checks that need no extraction → the text, read in a bounded child process
(``corpus.documents.sandbox``) → stored under a pending marker → embedded and indexed
(``sync_documents``; the document becomes visible when ``state.json`` is replaced) → the marker
goes. A failure rolls the store back; a process killed on the way leaves a marker nobody holds,
which ``index.consistency`` settles before a service says it is ready.

Removal: out of the manifest (files kept) → out of the index → files deleted.

``progress(stage, done, total)`` reports the stages ``extract``, ``store``, ``embed``,
``chroma``, ``snapshot``, ``state``, ``cleanup``, ``commit``. For the fault tests, the
environment variable ``KATALOG_INGEST_PAUSE=<stage>`` makes the process announce that stage on
stderr and wait there, so that a test can kill it at a known point.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.doc_chroma import catalogue_index_built
from index.doc_snapshot import docs_dir, published_documents
from index.documents import Progress, SyncReport, sync_documents

if TYPE_CHECKING:
    from corpus.documents.models import Document
    from corpus.documents.store import DocumentStore
    from index.types import Embedder
    from katalog.settings import Settings

PAUSE_ENV = "KATALOG_INGEST_PAUSE"


@dataclass(frozen=True)
class IngestResult:
    document: Document
    created: bool  # False: the same content was there already
    indexed: bool  # False: stored only, because `katalog index` has not run yet
    report: SyncReport | None = None


def ingest_document(
    settings: Settings,
    store: DocumentStore,
    data: bytes,
    filename: str,
    title: str | None = None,
    date: str = "",
    kind: str = "sonstiges",
    visibility: str = "",
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> IngestResult:
    """Take one document in; refusals are ``DocumentError``s with a German message."""
    step = _Steps(progress)
    sha = hashlib.sha256(data).hexdigest()
    _, existing = store.check(filename, len(data), sha, title, date, kind, visibility)
    index_built = catalogue_index_built(settings)
    if existing is not None:
        report = None
        if index_built and existing.id not in shown_ids(settings):
            report = sync_documents(settings, store, embedder, step)  # stored before the index
        return IngestResult(existing, False, index_built, report)
    step("extract", 0, 1)
    extracted = store.extract(data, filename)
    step("store", 0, 1)
    staged = store.stage(data, filename, extracted, title, date, kind, visibility)
    if not staged.created:  # the same content was stored meanwhile
        return IngestResult(staged.document, False, index_built)
    try:
        report = sync_documents(settings, store, embedder, step) if index_built else None
        step("commit", 0, 1)
        staged.commit()
    except BaseException:
        staged.rollback()
        raise
    return IngestResult(staged.document, True, index_built, report)


def remove_document(
    settings: Settings, store: DocumentStore, doc_id: str, embedder: Embedder | None = None
) -> tuple[Document, SyncReport | None]:
    """Take a document out of the store and the index; its page stays readable until the index
    no longer shows it."""
    if not catalogue_index_built(settings):
        return store.remove(doc_id), None
    doc = store.remove(doc_id, keep_files=True)
    return doc, sync_documents(settings, store, embedder)


def shown_ids(settings: Settings) -> set[str]:
    """The documents the index shows; empty when its snapshot is unreadable (a sync rebuilds)."""
    try:
        return set(published_documents(docs_dir(settings.index_dir)))
    except (OSError, ValueError):
        return set()


class _Steps:
    """Forwards progress; pauses at the stage named by ``KATALOG_INGEST_PAUSE`` (fault tests)."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.pause_at = os.environ.get(PAUSE_ENV, "")
        self.seen: set[str] = set()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(stage, done, total)
        if stage == self.pause_at and stage not in self.seen:
            print(f"{PAUSE_ENV}: {stage}", file=sys.stderr, flush=True)
            time.sleep(3600)
        self.seen.add(stage)

"""The document store: originals, extracted text and chunks under ``data_dir/documents/``.

Layout::

    documents/manifest.json           {"generation": n, "documents": [Document, ...]}
    documents/<doc id>/original.*     the file as ingested
    documents/<doc id>/text.md        the extracted text
    documents/<doc id>/chunks.json    the chunks with their project links
    documents/pending/<doc id>.json   an ingest under way; its owner holds an flock on it

A document is *stored* when the manifest lists it; it is *seen* (in answers, on its page, in
the API's list) only once the search index has taken it in as well: the index's ``state.json``
is the commit point that both partitions switch on at once (``index/documents.py``). An ingest
therefore stores a document under a pending marker (``stage``), the index takes it in, and the
marker goes (``Staged.commit``). A marker whose owner is gone (its flock is free) is an ingest
that was cut off; ``index/consistency.py`` finishes it (when the index already has it) or rolls
it back, before the service says it is ready.

Every write builds new files aside and swaps them in with ``os.replace``, so a crash at any
point leaves a complete state. A removal takes the document out of the manifest; its files stay
while the index may still show it, and ``clear_debris(keep)`` deletes them once it does not.
Writers exclude each other with a thread lock and an ``flock`` on ``documents/.lock`` (several
processes may share a data dir); readers take no lock: every file they read is replaced whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from corpus.documents.build import build, safe_filename, same_document, validate
from corpus.documents.extract import media_type_for, render_text
from corpus.documents.guard import Limits, default_limits
from corpus.documents.link import ProjectLinker
from corpus.documents.manifest import LOCK, MANIFEST, Manifest, dumps
from corpus.documents.models import Block, Chunk, Document, document_id
from corpus.documents.pending import Marker, Staged, claim, markers, take
from corpus.models import Catalogue
from katalog.errors import DocumentError, UnknownDocumentError
from katalog.files import fsync_dir as _fsync_dir
from katalog.files import write_durably as _write

if TYPE_CHECKING:
    from corpus.documents.sandbox import Bounds
    from katalog.settings import Settings

__all__ = ["DocumentStore", "Marker", "Staged", "safe_filename"]

log = logging.getLogger(__name__)

MAX_BYTES = 50 * 1024 * 1024
PENDING = "pending"
DOC_ID = re.compile(r"^doc-[0-9a-f]{8}$")
FILES = ("text.md", "chunks.json")  # besides original.*


class DocumentStore:
    def __init__(
        self,
        data_dir: Path,
        catalogue: Catalogue | None = None,
        max_bytes: int = MAX_BYTES,
        limits: Limits | None = None,
        bounds: Bounds | None = None,
    ) -> None:
        self.root = Path(data_dir) / "documents"
        self.max_bytes = max_bytes
        # With ``bounds``, text is read in a bounded child process (corpus.documents.sandbox).
        self.bounds = bounds
        self.limits = bounds.limits if bounds is not None else (limits or default_limits())
        self._catalogue = catalogue
        self._linker: ProjectLinker | None = None
        self.manifest = Manifest(self.root)

    @classmethod
    def from_settings(cls, settings: Settings, catalogue: Catalogue | None = None) -> DocumentStore:
        """The store of CLI and API alike: one size limit, bounded extraction."""
        from corpus.documents.sandbox import Bounds

        bounds = Bounds.from_settings(settings)
        return cls(settings.data_dir, catalogue, settings.max_upload_bytes, bounds=bounds)

    # -- reading ----------------------------------------------------------------------------

    def list(self, visibility: str | None = None) -> list[Document]:
        """All stored documents, newest first; ``visibility="public"`` narrows."""
        docs = [
            d
            for d in self.manifest.read()[1].values()
            if visibility is None or d.visibility == visibility
        ]
        return sorted(docs, key=lambda d: (d.date, d.title, d.id), reverse=True)

    def get(self, doc_id: str) -> Document | None:
        return self.manifest.read()[1].get(doc_id)

    @property
    def generation(self) -> int:
        """Grows with every change; lets the index notice that it must catch up."""
        return self.manifest.read()[0]

    def chunks(self, doc_id: str) -> list[Chunk]:
        """A document's chunks, read from its folder: also while a removal waits for the index
        (the index still shows it, so its page must still open)."""
        if not DOC_ID.match(doc_id or ""):
            raise self._unknown(doc_id)
        try:
            data = json.loads((self.root / doc_id / "chunks.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise self._unknown(doc_id) from None
        return [Chunk.from_dict(c) for c in data]

    def complete(self, doc: Document) -> bool:
        """All of a document's files are there."""
        folder = self.root / doc.id
        original = folder / f"original{Path(doc.filename).suffix.lower()}"
        return original.is_file() and all((folder / name).is_file() for name in FILES)

    def text(self, doc_id: str) -> str:
        doc = self._require(doc_id)
        try:
            return (self.root / doc.id / "text.md").read_text(encoding="utf-8")
        except FileNotFoundError:
            raise self._unknown(doc_id) from None

    def original(self, doc_id: str) -> Path:
        doc = self._require(doc_id)
        return self.root / doc.id / f"original{Path(doc.filename).suffix.lower()}"

    def pending(self) -> list[Marker]:
        """Pending ingests, each with whether its owner is still at work."""
        return markers(self.root / PENDING)

    # -- writing ----------------------------------------------------------------------------

    def check(
        self,
        filename: str,
        size: int,
        sha: str,
        title: str | None = None,
        date: str = "",
        kind: str = "sonstiges",
        visibility: str = "",
    ) -> tuple[str, Document | None]:
        """What can be refused before the text is read: (doc id, the stored document with
        this content or None)."""
        filename = safe_filename(filename)
        media_type_for(filename)
        if size == 0:
            raise DocumentError(
                f"Die Datei '{filename}' ist leer. Bitte die vollständige Datei erneut hochladen."
            )
        if size > self.max_bytes:
            raise self._too_large(filename, size)
        date, kind, visibility = validate(filename, date, kind, visibility)
        doc_id = document_id(sha)
        existing = self.get(doc_id)
        if existing is not None:
            title = " ".join((title or "").split()) or None
            same_document(existing, sha, filename, title, date, kind, visibility)
        return doc_id, existing

    def extract(self, data: bytes, filename: str) -> tuple[str, tuple[Block, ...]]:
        """(media type, blocks): in a bounded child process when the store has bounds."""
        filename = safe_filename(filename)
        if self.bounds is not None:
            from corpus.documents.sandbox import extract_bounded

            return extract_bounded(data, filename, self.bounds)
        from corpus.documents.extract import extract

        return extract(data, filename, self.limits)

    def stage(
        self,
        data: bytes,
        filename: str,
        extracted: tuple[str, tuple[Block, ...]],
        title: str | None = None,
        date: str = "",
        kind: str = "sonstiges",
        visibility: str = "",
    ) -> Staged:
        """Store a document under a pending marker (held until ``commit`` or ``rollback``)."""
        filename = safe_filename(filename)
        sha = hashlib.sha256(data).hexdigest()
        doc_id, existing = self.check(filename, len(data), sha, title, date, kind, visibility)
        if existing is not None:
            return Staged(self, existing, None)
        date, kind, visibility = validate(filename, date, kind, visibility)
        attrs = {
            "title": " ".join((title or "").split()) or None,
            "date": date,
            "kind": kind,
            "visibility": visibility,
        }
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        doc, chunks = build(
            doc_id, sha, len(data), filename, extracted, attrs, self.linker, self.limits, now
        )
        with self.manifest.lock():
            generation, docs = self.manifest.read()
            if doc_id in docs:  # the same content was stored meanwhile
                return Staged(self, docs[doc_id], None)
            handle = claim(self.root / PENDING, doc_id, filename)
            try:
                self._clear_staging()
                staging = self.root / f".staging-{doc_id}-{uuid.uuid4().hex[:8]}"
                staging.mkdir(parents=True)
                _write(staging / f"original{Path(filename).suffix.lower()}", data)
                _write(staging / "text.md", render_text(extracted[1]).encode("utf-8"))
                _write(staging / "chunks.json", dumps([c.to_dict() for c in chunks]))
                _fsync_dir(staging)
                _swap_in(staging, self.root / doc_id)
                _fsync_dir(self.root)
                self.manifest.write(generation + 1, {**docs, doc_id: doc})
            except BaseException:
                handle.close()
                raise
        log.info("document stored", extra={"doc_id": doc_id, "chunks": len(chunks)})
        return Staged(self, doc, handle)

    def ingest(
        self,
        path: Path,
        title: str | None = None,
        date: str = "",
        kind: str = "sonstiges",
        visibility: str = "",
    ) -> tuple[Document, bool]:
        """Take a file in (the store only; ``index.ingest`` also indexes it)."""
        path = Path(path)
        media_type_for(path.name)
        try:
            size = path.stat().st_size
            if size > self.max_bytes:
                raise self._too_large(path.name, size)
            data = path.read_bytes()
        except FileNotFoundError:
            raise DocumentError(
                f"Die Datei '{path}' gibt es nicht. Bitte den Pfad prüfen."
            ) from None
        except IsADirectoryError:
            raise DocumentError(
                f"'{path}' ist ein Ordner. Bitte die einzelnen Dateien angeben."
            ) from None
        return self.ingest_bytes(data, path.name, title, date, kind, visibility)

    def ingest_bytes(
        self,
        data: bytes,
        filename: str,
        title: str | None = None,
        date: str = "",
        kind: str = "sonstiges",
        visibility: str = "",
    ) -> tuple[Document, bool]:
        """Store content; ``created`` is False when the same content is already there."""
        sha = hashlib.sha256(data).hexdigest()
        _, existing = self.check(filename, len(data), sha, title, date, kind, visibility)
        if existing is not None:
            return existing, False
        staged = self.stage(
            data, filename, self.extract(data, filename), title, date, kind, visibility
        )
        staged.commit()
        return staged.document, staged.created

    def remove(self, doc_id: str, keep_files: bool = False) -> Document:
        """Forget a document: it leaves the manifest. ``keep_files`` while the index may still
        show it (``clear_debris`` deletes them once it does not)."""
        with self.manifest.lock():
            generation, docs = self.manifest.read()
            doc = docs.get(doc_id)
            if doc is None:
                raise self._unknown(doc_id)
            self.manifest.write(generation + 1, {k: v for k, v in docs.items() if k != doc_id})
            if not keep_files:
                shutil.rmtree(self.root / doc_id, ignore_errors=True)
        log.info("document removed", extra={"doc_id": doc_id})
        return doc

    def settle(self, doc_id: str, finish: bool) -> bool:
        """Finish or roll back an ingest whose owner is gone; False while it is still at work
        (or when there is no such marker)."""
        with self.manifest.lock():
            handle = take(self.root / PENDING / f"{doc_id}.json")
            if handle is None:
                return False
            self._settle(doc_id, handle, finish)
        return True

    def clear_debris(self, keep: Iterable[str] = (), dry_run: bool = False) -> list[str]:
        """Delete what nothing needs: leftovers of writes that were cut off, and the folders of
        documents that neither the manifest, a live ingest nor ``keep`` (what the index shows)
        names. Returns the names; ``dry_run`` only lists them."""
        keep = set(keep)
        with self.manifest.lock():
            if not self.root.is_dir():
                return []
            _, docs = self.manifest.read()
            markers = self.pending()
            live = {m.doc_id for m in markers if m.alive}
            debris = [
                self.root / PENDING / f"{m.doc_id}.json"
                for m in markers
                if not m.alive and m.doc_id not in docs
            ]
            for entry in sorted(self.root.iterdir()):
                name = entry.name
                if name in (MANIFEST, LOCK, PENDING) or name in docs or name in keep | live:
                    continue
                debris.append(entry)
            if not dry_run:
                for entry in debris:
                    _delete(entry)
        return [str(entry.relative_to(self.root)) for entry in debris]

    # -- internals --------------------------------------------------------------------------

    @property
    def linker(self) -> ProjectLinker:
        if self._linker is None:
            if self._catalogue is None:
                from corpus.parser import load_catalogue

                self._catalogue = load_catalogue()
            self._linker = ProjectLinker(self._catalogue)
        return self._linker

    def _settle(self, doc_id: str, handle: IO[bytes], finish: bool) -> None:
        with self.manifest.lock():
            if not finish:
                generation, docs = self.manifest.read()
                if doc_id in docs:
                    rest = {k: v for k, v in docs.items() if k != doc_id}
                    self.manifest.write(generation + 1, rest)
            (self.root / PENDING / f"{doc_id}.json").unlink(missing_ok=True)
            handle.close()
        log.info("ingest settled", extra={"doc_id": doc_id, "finished": finish})

    def _require(self, doc_id: str) -> Document:
        doc = self.get(doc_id)
        if doc is None:
            raise self._unknown(doc_id)
        return doc

    def _unknown(self, doc_id: str) -> UnknownDocumentError:
        return UnknownDocumentError(
            f"Ein Dokument '{doc_id[:40]}' gibt es nicht. `katalog documents` listet alle "
            "aufgenommenen Dokumente mit ihrer Kennung."
        )

    def _too_large(self, filename: str, size: int) -> DocumentError:
        return DocumentError(
            f"Die Datei '{filename}' ist mit {size / 1_048_576:.1f} MB zu groß (höchstens "
            f"{self.max_bytes / 1_048_576:.0f} MB). Bitte eine kleinere Fassung hochladen."
        )

    def _clear_staging(self) -> list[str]:
        """Under the write lock: leftovers of writes that were cut off."""
        cleared = []
        for entry in self.root.iterdir():
            if entry.name.startswith((".staging-", ".trash-", f".{MANIFEST}.")):
                _delete(entry)
                cleared.append(entry.name)
        return cleared


def _swap_in(staging: Path, target: Path) -> None:
    """Rename ``staging`` to ``target``; an old folder of that name (the files of a removal
    the index has not caught up with) is moved aside first and deleted after."""
    trash = None
    if target.exists():
        trash = target.with_name(f".trash-{target.name}-{uuid.uuid4().hex[:8]}")
        os.replace(target, trash)
    os.replace(staging, target)
    if trash is not None:
        shutil.rmtree(trash, ignore_errors=True)


def _delete(entry: Path) -> None:
    if entry.is_dir():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        entry.unlink(missing_ok=True)

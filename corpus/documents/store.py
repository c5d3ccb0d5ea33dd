"""The document store: originals, extracted text and chunks under ``data_dir/documents/``.

Layout::

    documents/manifest.json        {"generation": n, "documents": [Document, ...]}
    documents/<doc id>/original.*  the file as ingested
    documents/<doc id>/text.md     the extracted text (what citation links show)
    documents/<doc id>/chunks.json the chunks with their project links

The manifest is the truth: a document exists when the manifest lists it. Every write builds the
new files aside (a staging folder, a temporary manifest), flushes them and swaps them in with
``os.replace``, so a crash at any point leaves the previous state complete; folders the manifest
does not list are debris of such a crash and are cleared by the next write. Writers exclude each
other with a thread lock and an ``flock`` on ``documents/.lock`` (several processes may share a
data dir); readers take no lock, because every file they read is replaced atomically.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from corpus.documents.chunk import SECTION_SEPARATOR, split
from corpus.documents.extract import extract, media_type_for, render_text
from corpus.documents.link import ProjectLinker
from corpus.documents.models import (
    KINDS,
    VISIBILITIES,
    VISIBILITY_LABELS,
    Block,
    Chunk,
    Document,
    document_id,
)
from corpus.models import Catalogue
from katalog.errors import DocumentError, UnknownDocumentError
from katalog.files import fsync_dir as _fsync_dir
from katalog.files import write_durably as _write

log = logging.getLogger(__name__)

MAX_BYTES = 50 * 1024 * 1024
MANIFEST = "manifest.json"


class DocumentStore:
    def __init__(
        self, data_dir: Path, catalogue: Catalogue | None = None, max_bytes: int = MAX_BYTES
    ) -> None:
        self.root = Path(data_dir) / "documents"
        self.max_bytes = max_bytes
        self._catalogue = catalogue
        self._linker: ProjectLinker | None = None
        self._lock = threading.RLock()
        self._cache: tuple[tuple[int, int, int], int, dict[str, Document]] | None = None

    # -- reading ----------------------------------------------------------------------------

    def list(self, visibility: str | None = None) -> list[Document]:
        """All documents, newest first; ``visibility="public"`` for what citizens may see."""
        docs = [
            d
            for d in self._manifest()[1].values()
            if visibility is None or d.visibility == visibility
        ]
        return sorted(docs, key=lambda d: (d.date, d.title, d.id), reverse=True)

    def get(self, doc_id: str) -> Document | None:
        return self._manifest()[1].get(doc_id)

    @property
    def generation(self) -> int:
        """Grows with every change; lets the index notice that it must catch up."""
        return self._manifest()[0]

    def chunks(self, doc_id: str) -> list[Chunk]:
        data = self._read_json(self._require(doc_id), "chunks.json")
        return [Chunk.from_dict(c) for c in data]

    def text(self, doc_id: str) -> str:
        doc = self._require(doc_id)
        try:
            return (self.root / doc.id / "text.md").read_text(encoding="utf-8")
        except FileNotFoundError:
            raise self._unknown(doc_id) from None

    def original(self, doc_id: str) -> Path:
        doc = self._require(doc_id)
        return self.root / doc.id / f"original{Path(doc.filename).suffix.lower()}"

    # -- writing ----------------------------------------------------------------------------

    def ingest(
        self,
        path: Path,
        title: str | None = None,
        date: str = "",
        kind: str = "sonstiges",
        visibility: str = "",
    ) -> tuple[Document, bool]:
        """Take a file in; ``created`` is False when the same content is already there."""
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
        filename = safe_filename(filename)
        if len(data) > self.max_bytes:
            raise self._too_large(filename, len(data))
        date, kind, visibility = _validate(filename, date, kind, visibility)
        title = " ".join((title or "").split()) or None
        sha = hashlib.sha256(data).hexdigest()
        doc_id = document_id(sha)

        # Extraction is the slow part and needs no lock; it refuses bad files before any write.
        extracted = extract(data, filename) if self.get(doc_id) is None else None
        with self._write_lock():
            generation, docs = self._manifest()
            existing = docs.get(doc_id)
            if existing is not None:
                return self._same(existing, sha, filename, title, date, kind, visibility), False
            media_type, blocks = extracted or extract(data, filename)
            attrs = {
                "title": title or _first_heading(blocks) or Path(filename).stem,
                "date": date,
                "kind": kind,
                "visibility": visibility,
            }
            doc, chunks = self._build(doc_id, sha, data, filename, media_type, blocks, attrs)
            self._clear_debris(docs)
            staging = self.root / f".staging-{doc_id}-{uuid.uuid4().hex[:8]}"
            staging.mkdir(parents=True)
            _write(staging / f"original{Path(filename).suffix.lower()}", data)
            _write(staging / "text.md", render_text(blocks).encode("utf-8"))
            _write(staging / "chunks.json", _dumps([c.to_dict() for c in chunks]))
            _fsync_dir(staging)
            os.replace(staging, self.root / doc_id)
            _fsync_dir(self.root)
            self._write_manifest(generation + 1, {**docs, doc_id: doc})
        log.info("document ingested", extra={"doc_id": doc_id, "chunks": len(chunks)})
        return doc, True

    def remove(self, doc_id: str) -> Document:
        """Forget a document: it leaves the manifest first, then its folder is deleted."""
        with self._write_lock():
            generation, docs = self._manifest()
            doc = docs.get(doc_id)
            if doc is None:
                raise self._unknown(doc_id)
            rest = {k: v for k, v in docs.items() if k != doc_id}
            self._write_manifest(generation + 1, rest)
            self._clear_debris(rest)
        log.info("document removed", extra={"doc_id": doc_id})
        return doc

    # -- internals --------------------------------------------------------------------------

    @property
    def linker(self) -> ProjectLinker:
        if self._linker is None:
            if self._catalogue is None:
                from corpus.parser import load_catalogue

                self._catalogue = load_catalogue()
            self._linker = ProjectLinker(self._catalogue)
        return self._linker

    def _build(
        self,
        doc_id: str,
        sha: str,
        data: bytes,
        filename: str,
        media_type: str,
        blocks: tuple[Block, ...],
        attrs: dict[str, str],
    ) -> tuple[Document, list[Chunk]]:
        passages = split(blocks)
        linker = self.linker
        headings = [attrs["title"], *(b.text for b in blocks if b.kind == "heading")]
        context = linker.document_ids([*headings, *(p.text for p in passages)])
        chunks = [
            Chunk(
                id=f"{doc_id}:{position:04d}",
                doc_id=doc_id,
                position=position,
                text=passage.text,
                page=passage.page,
                section=_section(passage.headings, attrs["title"]),
                project_ids=linker.link(passage.text, passage.headings, context),
                **attrs,
            )
            for position, passage in enumerate(passages)
        ]
        order = {pid: i for i, pid in enumerate(linker.catalogue.ids())}
        linked = sorted({p for c in chunks for p in c.project_ids}, key=order.__getitem__)
        doc = Document(
            id=doc_id,
            filename=filename,
            media_type=media_type,
            sha256=sha,
            size=len(data),
            chunk_count=len(chunks),
            project_ids=tuple(linked),
            ingested_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            **attrs,
        )
        return doc, chunks

    def _same(
        self,
        existing: Document,
        sha: str,
        filename: str,
        title: str | None,
        date: str,
        kind: str,
        visibility: str,
    ) -> Document:
        """The stored document for identical content, unless the new attributes contradict it."""
        if existing.sha256 != sha:  # two contents share the id prefix: never overwrite
            raise DocumentError(
                f"Die Datei '{filename}' kann nicht aufgenommen werden: ihre Kennung "
                f"{existing.id} ist schon an ein anderes Dokument vergeben. Bitte die Datei "
                "leicht verändert erneut aufnehmen."
            )
        wanted = {"date": date, "kind": kind, "visibility": visibility}
        if title:
            wanted["title"] = title
        if any(getattr(existing, key) != value for key, value in wanted.items()):
            raise DocumentError(
                f"Die Datei '{filename}' ist bereits als {existing.id} aufgenommen "
                f"(„{existing.title}“, {existing.date}, {existing.kind}, "
                f"{VISIBILITY_LABELS[existing.visibility]}), mit anderen Angaben. Um Titel, "
                f"Datum, Art oder Sichtbarkeit zu ändern, bitte zuerst `katalog remove "
                f"{existing.id}` ausführen und die Datei dann neu aufnehmen."
            )
        return existing

    def _require(self, doc_id: str) -> Document:
        doc = self.get(doc_id)
        if doc is None:
            raise self._unknown(doc_id)
        return doc

    def _unknown(self, doc_id: str) -> UnknownDocumentError:
        return UnknownDocumentError(
            f"Ein Dokument '{doc_id}' gibt es nicht. `katalog documents` listet alle "
            "aufgenommenen Dokumente mit ihrer Kennung."
        )

    def _too_large(self, filename: str, size: int) -> DocumentError:
        return DocumentError(
            f"Die Datei '{filename}' ist mit {size / 1_048_576:.1f} MB zu groß (höchstens "
            f"{self.max_bytes / 1_048_576:.0f} MB). Bitte eine kleinere Fassung hochladen."
        )

    def _read_json(self, doc: Document, name: str) -> Any:
        try:
            return json.loads((self.root / doc.id / name).read_text(encoding="utf-8"))
        except FileNotFoundError:  # removed between the manifest read and this one
            raise self._unknown(doc.id) from None

    def _manifest(self) -> tuple[int, dict[str, Document]]:
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

    def _write_manifest(self, generation: int, docs: dict[str, Document]) -> None:
        ordered = sorted(docs.values(), key=lambda d: d.id)
        payload = {"generation": generation, "documents": [d.to_dict() for d in ordered]}
        tmp = self.root / f".{MANIFEST}.{uuid.uuid4().hex[:8]}.tmp"
        _write(tmp, _dumps(payload))
        os.replace(tmp, self.root / MANIFEST)
        _fsync_dir(self.root)

    def _clear_debris(self, docs: dict[str, Document]) -> None:
        """Delete what the manifest does not list: staging folders, removed or orphaned ones."""
        for entry in self.root.iterdir():
            if entry.name in (MANIFEST, ".lock") or entry.name in docs:
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        with self._lock:
            self.root.mkdir(parents=True, exist_ok=True)
            with open(self.root / ".lock", "a+b") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)


def _validate(filename: str, date: str, kind: str, visibility: str) -> tuple[str, str, str]:
    try:
        parsed = dt.date.fromisoformat((date or "").strip())
    except ValueError:
        raise DocumentError(
            f"Das Datum '{date}' für '{filename}' ist ungültig. Bitte im Format JJJJ-MM-TT "
            "angeben, z. B. 2024-03-12."
        ) from None
    if kind not in KINDS:
        raise DocumentError(
            f"Die Art '{kind}' für '{filename}' gibt es nicht. Erlaubt: {', '.join(KINDS)}."
        )
    if visibility not in VISIBILITIES:
        raise DocumentError(
            f"Die Sichtbarkeit '{visibility}' für '{filename}' gibt es nicht. Bitte 'public' "
            "(für alle) oder 'internal' (nur für Mitarbeitende) angeben."
        )
    return parsed.isoformat(), kind, visibility


def _section(headings: tuple[str, ...], title: str) -> str | None:
    """The heading path without the document's own title (which every citation names anyway)."""
    if headings and headings[0] == title:
        headings = headings[1:]
    return SECTION_SEPARATOR.join(headings) or None


def _first_heading(blocks: tuple[Block, ...]) -> str | None:
    return next((b.text for b in blocks if b.kind == "heading"), None)


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def safe_filename(name: str) -> str:
    """The base name without control characters (a NUL), path parts or more than 120
    characters; "dokument" when nothing is left."""
    base = Path(re.sub(r"[\x00-\x1f\x7f]", "", name or "").replace("\\", "/")).name.strip()
    if len(base) > 120:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 120 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 8 else base[:120]
    return base or "dokument"

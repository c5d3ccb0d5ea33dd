"""From an upload's attributes and extracted blocks to a ``Document`` and its ``Chunk``s: the
checks that need no extraction (file name, type, size, date, kind, visibility, identical
content already stored), then chunking and project links."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from corpus.documents.chunk import SECTION_SEPARATOR, split
from corpus.documents.guard import Limits, check_chunks
from corpus.documents.link import ProjectLinker
from corpus.documents.models import (
    KINDS,
    VISIBILITIES,
    VISIBILITY_LABELS,
    Block,
    Chunk,
    Document,
)
from katalog.errors import DocumentError


def validate(filename: str, date: str, kind: str, visibility: str) -> tuple[str, str, str]:
    """(ISO date, kind, visibility), or a German refusal naming the bad value."""
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


def same_document(
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


def build(
    doc_id: str,
    sha: str,
    size: int,
    filename: str,
    extracted: tuple[str, tuple[Block, ...]],
    attrs: dict[str, str | None],
    linker: ProjectLinker,
    limits: Limits,
    now: str,
) -> tuple[Document, list[Chunk]]:
    """The document and its chunks, each linked to the projects it speaks of."""
    media_type, blocks = extracted
    title = attrs["title"] or first_heading(blocks) or Path(filename).stem
    fields = {
        "title": title,
        "date": str(attrs["date"]),
        "kind": str(attrs["kind"]),
        "visibility": str(attrs["visibility"]),
    }
    passages = split(blocks)
    check_chunks(len(passages), filename, limits)
    headings = [title, *(b.text for b in blocks if b.kind == "heading")]
    context = linker.document_ids([*headings, *(p.text for p in passages)])
    chunks = [
        Chunk(
            id=f"{doc_id}:{position:04d}",
            doc_id=doc_id,
            position=position,
            text=passage.text,
            page=passage.page,
            section=_section(passage.headings, title),
            project_ids=linker.link(passage.text, passage.headings, context),
            **fields,
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
        size=size,
        chunk_count=len(chunks),
        project_ids=tuple(linked),
        ingested_at=now,
        **fields,
    )
    return doc, chunks


def _section(headings: tuple[str, ...], title: str) -> str | None:
    """The heading path without the document's own title (which every citation names anyway)."""
    if headings and headings[0] == title:
        headings = headings[1:]
    return SECTION_SEPARATOR.join(headings) or None


def first_heading(blocks: tuple[Block, ...]) -> str | None:
    return next((b.text for b in blocks if b.kind == "heading"), None)


def safe_filename(name: str) -> str:
    """The base name without control characters (a NUL), path parts or more than 120
    characters; "dokument" when nothing is left."""
    base = Path(re.sub(r"[\x00-\x1f\x7f]", "", name or "").replace("\\", "/")).name.strip()
    if len(base) > 120:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 120 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 8 else base[:120]
    return base or "dokument"

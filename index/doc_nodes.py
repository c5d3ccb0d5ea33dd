"""Chunks of ingested documents → nodes. One chunk is one node; it belongs to no project node.

Node id = chunk id ("doc-3f2a9c1b:0002"); text = "Titel (12.03.2024) – Abschnitt: chunk text"
(title and date in the text let BM25 and the embedding match "Bericht vom März"); metadata =
``Chunk.metadata()`` (doc id, date, visibility, links as "project:DS-1.8": True, ...) plus
``field="document"``. The content hash covers text, metadata and ``DOC_SCHEMA``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import TYPE_CHECKING, Any

from index.types import Node

if TYPE_CHECKING:
    from corpus.documents.models import Chunk

# Bump when the way chunk nodes are built changes: every chunk is then re-embedded.
DOC_SCHEMA = 1
FIELD = "document"


def german_date(iso: str) -> str:
    try:
        return dt.date.fromisoformat(iso).strftime("%d.%m.%Y")
    except ValueError:
        return iso


def node_header(title: str, date: str, section: str | None) -> str:
    """What precedes the chunk text in a node, one line: "Titel (12.03.2024) – Abschnitt"."""
    header = f"{title} ({german_date(date)})"
    if section:
        header += f" – {section}"
    return " ".join(header.split())


def chunk_node(chunk: Chunk) -> Node:
    metadata: dict[str, Any] = {**chunk.metadata(), "field": FIELD}
    text = f"{node_header(chunk.title, chunk.date, chunk.section)}: {chunk.text}"
    payload = json.dumps(
        {"schema": DOC_SCHEMA, "text": text, "metadata": metadata},
        ensure_ascii=False,
        sort_keys=True,
    )
    return Node(
        node_id=chunk.id,
        project_id=None,
        field=FIELD,
        text=text,
        metadata=metadata,
        content_hash=hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32],
    )


def chunk_text(node: Node) -> str:
    """The chunk's own text (the node text without its header)."""
    meta = node.metadata
    prefix = node_header(str(meta.get("title", "")), str(meta.get("date", "")), meta.get("section"))
    prefix += ": "
    return node.text[len(prefix) :] if node.text.startswith(prefix) else node.text

"""Record types and small interfaces of the retrieval layer.

``NodeHit`` and ``ProjectHit`` are what the assistant and the API consume; ``Embedder`` is the
one interface with several implementations (see ``index/embeddings.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

# The node kinds; a node never spans two projects.
FIELDS = ("overview", "measures", "responsible", "periods", "section")


@dataclass(frozen=True)
class Node:
    """One retrievable unit: a part of exactly one project, or a part of a general section."""

    node_id: str  # "project:DS-1.8:measures", "section:fortschreibung:0"
    project_id: str | None  # None for general sections
    field: str  # one of FIELDS
    text: str  # what is embedded and indexed lexically
    metadata: dict[str, Any] = field(default_factory=dict, compare=False)
    content_hash: str = ""

    @property
    def section_id(self) -> str | None:
        return self.metadata.get("section_id")


@dataclass(frozen=True)
class NodeHit:
    node_id: str
    project_id: str | None  # None for general sections
    field: str  # "overview" | "measures" | "responsible" | "periods" | "section"
    text: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "node_id": self.node_id,
            "project_id": self.project_id,
            "field": self.field,
            "text": self.text,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class ProjectHit:
    id: str  # "DS-1.8" (or a section id for section hits)
    score: float  # fused score in [0, 1], comparable across queries (for confidence)
    nodes: tuple[NodeHit, ...]  # supporting nodes, best first

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": round(self.score, 4),
            "nodes": [n.to_dict() for n in self.nodes],
        }


@dataclass(frozen=True)
class DocHit:
    """A chunk of an ingested document (Sachstandsbericht, ...) found for a query."""

    doc_id: str  # "doc-3f2a9c1b"
    chunk_id: str  # "doc-3f2a9c1b:0002"
    title: str
    date: str  # ISO date "2024-03-12"
    page: int | None  # 1-based, PDFs only
    section: str | None  # heading path, "Digitale Verwaltung › DMS (DV 2.1)"
    text: str  # the chunk's own text (without title and date)
    score: float  # fused score in [0, 1], same scale as ProjectHit.score
    project_ids: tuple[str, ...]  # linked catalogue projects, "DV-2.1"
    visibility: str = "public"  # "public" | "internal"
    kind: str = "sonstiges"  # "sachstandsbericht" | "sonstiges"

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "chunk_id": self.chunk_id,
            "title": self.title,
            "date": self.date,
            "page": self.page,
            "section": self.section,
            "text": self.text,
            "score": round(self.score, 4),
            "project_ids": list(self.project_ids),
            "visibility": self.visibility,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class BuildReport:
    """What one (incremental) build did."""

    embedding: str
    nodes_total: int
    embedded: int  # nodes whose vectors were computed in this run
    unchanged: int
    removed: int
    seconds: float
    projects_changed: tuple[str, ...] = ()
    projects_removed: tuple[str, ...] = ()
    units_embedded: int = 0  # evidence units (index/units.py) embedded in this run
    # New or changed nodes / units whose text was stored already (under another id, e.g. a
    # renumbered project's sentences in a new edition): its vector is taken over.
    reused: int = 0
    units_reused: int = 0
    asked_embedded: int = 0  # questions of units (``….questions.jsonl``) embedded in this run


@runtime_checkable
class Embedder(Protocol):
    """What the index needs from an embedding model.

    Both implementations are llama-index ``BaseEmbedding`` subclasses, which provide these
    methods; a test double only has to implement these three members.
    """

    model_name: str

    def get_query_embedding(self, query: str) -> list[float]: ...

    def get_text_embedding_batch(
        self, texts: list[str], show_progress: bool = False, **kwargs: Any
    ) -> list[list[float]]: ...

"""Record types of ingested documents: the document itself and its chunks.

A document's id derives from its content hash ("doc-3f2a9c1b"), a chunk's id from the document id
and its position ("doc-3f2a9c1b:0003"), so ingesting the same file again yields the same ids.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

KINDS = ("sachstandsbericht", "sonstiges")
VISIBILITIES = ("public", "internal")
KIND_LABELS = {"sachstandsbericht": "Sachstandsbericht", "sonstiges": "Sonstiges"}
VISIBILITY_LABELS = {"public": "öffentlich", "internal": "intern"}


def document_id(sha256: str) -> str:
    return f"doc-{sha256[:8]}"


@dataclass(frozen=True)
class Document:
    id: str  # "doc-3f2a9c1b"
    title: str
    date: str  # ISO date "2024-03-12"
    kind: str  # one of KINDS
    visibility: str  # one of VISIBILITIES
    filename: str  # the name it was ingested under
    media_type: str  # "application/pdf", "text/markdown", ...
    sha256: str
    size: int = 0  # bytes of the original
    chunk_count: int = 0
    project_ids: tuple[str, ...] = ()  # union of the chunks' links, catalogue order
    ingested_at: str = ""  # UTC timestamp, informational

    @property
    def is_public(self) -> bool:
        return self.visibility == "public"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["project_ids"] = list(self.project_ids)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(**{**data, "project_ids": tuple(data.get("project_ids", ()))})


@dataclass(frozen=True)
class Block:
    """One structural unit found by extraction: a heading or a paragraph (list item, table row)."""

    kind: str  # "heading" | "paragraph"
    text: str
    level: int = 0  # heading level 1..6; 0 for paragraphs
    page: int | None = None  # 1-based page number for PDFs

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Chunk:
    id: str  # "doc-3f2a9c1b:0003"
    doc_id: str
    position: int
    text: str
    page: int | None
    section: str | None  # the heading path, "Digitale Verwaltung › DMS (DV 2.1)"
    project_ids: tuple[str, ...]
    # The document's attributes, repeated so every chunk carries its own metadata.
    title: str
    date: str
    visibility: str
    kind: str

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["project_ids"] = list(self.project_ids)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chunk:
        return cls(**{**data, "project_ids": tuple(data.get("project_ids", ()))})

    def metadata(self) -> dict[str, str | int | bool]:
        """Flat metadata for vector stores and BM25: only str/int/bool values, no None, no lists.

        Links appear twice: as one comma-separated string and as one boolean key per project
        ("project:DS-1.8": True), which a Chroma ``where`` filter can test.
        """
        meta: dict[str, str | int | bool] = {
            "doc_id": self.doc_id,
            "chunk_id": self.id,
            "position": self.position,
            "title": self.title,
            "date": self.date,
            "visibility": self.visibility,
            "kind": self.kind,
            "project_ids": ",".join(self.project_ids),
        }
        if self.page is not None:
            meta["page"] = self.page
        if self.section:
            meta["section"] = self.section
        for project_id in self.project_ids:
            meta[f"project:{project_id}"] = True
        return meta

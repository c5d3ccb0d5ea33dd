"""The Chroma side of the document index: one collection per partition, named and checked
here; whether the catalogue index (which documents join) has been built."""

from __future__ import annotations

import logging
from typing import Any

from index.bm25 import BM25Index
from index.doc_nodes import DOC_SCHEMA
from index.vectorstore import VectorStoreError, drop_collection, make_client, open_collection
from katalog.settings import Settings

log = logging.getLogger(__name__)


def collection_name(settings: Settings, partition: str) -> str:
    return f"{settings.chroma_collection}-docs-{partition}"


def catalogue_index_built(settings: Settings) -> bool:
    """Whether ``katalog index`` has run (documents are synced from then on)."""
    if not settings.chroma_url:
        return BM25Index.exists(settings.index_dir / "bm25")
    try:
        return (
            open_collection(make_client(settings), settings.chroma_collection, create=False).count()
            > 0
        )
    except Exception:  # missing collection or unreachable server: not built (for us)
        return False


def open_doc_collection(client: Any, settings: Settings, partition: str, embedding: str) -> Any:
    name = collection_name(settings, partition)
    wanted = {"embedding": embedding, "doc_schema": DOC_SCHEMA, "partition": partition}
    try:
        collection = open_collection(client, name, create=True)
        meta = collection.metadata or {}
        if collection.count() and any(meta.get(k) != v for k, v in wanted.items()):
            log.info("document embedding changed; re-embedding", extra={"collection": name})
            drop_collection(client, name)
            collection = open_collection(client, name, create=True)
        if any((collection.metadata or {}).get(k) != v for k, v in wanted.items()):
            collection.modify(metadata=wanted)
        return collection
    except VectorStoreError:
        raise
    except Exception as exc:
        raise VectorStoreError(
            f"Die Chroma-Sammlung '{name}' für Dokumente ist nicht nutzbar "
            f"({type(exc).__name__}). Bitte `katalog index` erneut ausführen."
        ) from exc


def vectors_from_chroma(collection: Any, ids: list[str]) -> dict[str, list[float]]:
    if not ids:
        return {}
    try:
        got = collection.get(ids=ids, include=["embeddings"])
    except Exception:  # Chroma's on-disk client may not see another process' writes
        log.info("vectors not readable from Chroma; embedding again", extra={"count": len(ids)})
        return {}
    return {i: [float(x) for x in v] for i, v in zip(got["ids"], got["embeddings"], strict=True)}

"""Building (incrementally) and opening the persisted index.

Layout under ``settings.index_dir``: ``chroma/`` (the on-disk Chroma, unless
``KATALOG_CHROMA_URL`` points to a server), ``bm25/`` (BM25 matrices, node table and
score calibration) and ``vectors.npz`` (the vectors as Chroma holds them after the last build,
read on opening instead of Chroma; see ``index.snapshot``). The Chroma collection carries the
embedding spec in its metadata and every vector carries its node's content hash: a build
embeds only nodes that are new or whose hash changed, and deletes nodes that are gone.
Loading never builds anything.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from corpus.models import Catalogue
from index import snapshot
from index.bm25 import BM25Index
from index.engines import make_engine
from index.nodes import NODE_SCHEMA, build_nodes
from index.search import Calibration, CatalogueIndex, calibrate
from index.types import BuildReport, Embedder, Node
from index.units import UNIT_SCHEMA, UnitVectors, build_asked, build_units
from index.vectorstore import (
    MISSING_INDEX,
    as_vector_store,
    drop_collection,
    make_client,
    open_collection,
)
from katalog.errors import IndexNotBuiltError
from katalog.settings import Settings

log = logging.getLogger(__name__)

# progress(stage, done, total); stages: "embed", "store", "bm25".
Progress = Callable[[str, int, int], None]
CALIBRATION_FILE = "calibration.json"
EMBED_BATCH = 32


def _bm25_dir(settings: Settings):
    return settings.index_dir / "bm25"


def _collection_meta(embedding: str) -> dict[str, Any]:
    return {"embedding": embedding, "node_schema": NODE_SCHEMA}


def _stored_hashes(collection: Any) -> dict[str, str]:
    got = collection.get(include=["metadatas"])
    pairs = zip(got["ids"], got["metadatas"], strict=True)
    return {node_id: (meta or {}).get("content_hash", "") for node_id, meta in pairs}


def _units_meta(embedding: str) -> dict[str, Any]:
    return {"embedding": embedding, "unit_schema": UNIT_SCHEMA}


def units_collection(name: str) -> str:
    """The Chroma collection of the evidence units beside the node collection ``name``."""
    return f"{name}-units"


def asked_collection(name: str) -> str:
    """The Chroma collection of the questions each unit answers (``index.units.build_asked``)."""
    return f"{name}-asked"


def _query_batch(embedder: Embedder) -> Callable[[list[str]], list[list[float]]]:
    """Embeds texts as queries: in one batch where the engine can, else one by one."""
    batch = getattr(embedder, "get_query_embedding_batch", None)
    return batch or (lambda texts: [embedder.get_query_embedding(t) for t in texts])


def _prepared(client: Any, name: str, wanted_meta: dict[str, Any]) -> Any:
    """The collection ``name``, emptied first when it was built with another embedding or
    schema, carrying ``wanted_meta``."""
    collection = open_collection(client, name, create=True)
    stored_meta = {k: (collection.metadata or {}).get(k) for k in wanted_meta}
    if collection.count() and stored_meta != wanted_meta:
        log.info("embedding or schema changed; re-embedding all", extra=stored_meta)
        drop_collection(client, name)
        collection = open_collection(client, name, create=True)
    if any((collection.metadata or {}).get(k) != v for k, v in wanted_meta.items()):
        collection.modify(metadata=wanted_meta)
    return collection


def _stored_vectors(collection: Any, texts: set[str]) -> dict[str, list[float]]:
    """The vectors already stored for these texts, under whatever id: a text embeds the same
    wherever it stands, so a sentence of a renumbered or moved project is not embedded again."""
    if not texts:
        return {}
    got = collection.get(include=["documents", "embeddings"])
    found: dict[str, list[float]] = {}
    for text, vector in zip(got["documents"], got["embeddings"], strict=True):
        if text in texts and text not in found:
            found[text] = [float(x) for x in vector]
    return found


def _sync(
    store: Any,
    collection: Any,
    nodes: list[Node],
    embedder: Embedder,
    progress: Progress | None,
    stage: str,
    embed: Callable[[list[str]], list[list[float]]] | None = None,
) -> tuple[list[Node], list[str], int]:
    """Write the nodes that are new or changed, delete the ones that are gone; returns
    (written nodes, removed ids, how many of the written were embedded rather than reused).
    ``embed``: how texts become vectors (default: as passages)."""
    embed = embed or embedder.get_text_embedding_batch
    stored = _stored_hashes(collection)
    wanted = {n.node_id for n in nodes}
    todo = [n for n in nodes if stored.get(n.node_id) != n.content_hash]
    removed = sorted(set(stored) - wanted)
    stale = [n.node_id for n in todo if n.node_id in stored]
    known = _stored_vectors(collection, {n.text for n in todo})  # before anything is deleted
    if stale or removed:
        store.delete_nodes(node_ids=stale + removed)
    reused = [n for n in todo if n.text in known]
    if reused:
        store.add(_to_text_nodes(reused, [known[n.text] for n in reused]))
    fresh = [n for n in todo if n.text not in known]
    # Each distinct text once (twin projects share sentences), shortest first: the engine
    # embeds a batch's texts side by side, one per core, so texts of like length finish
    # together (this catalogue's units from scratch: 22 s in catalogue order, 18 s sorted
    # and each text once).
    by_text: dict[str, list[Node]] = {}
    for n in fresh:
        by_text.setdefault(n.text, []).append(n)
    texts = sorted(by_text, key=len)
    total = len(texts)
    if progress:
        progress(stage, 0, total)
    for start in range(0, total, EMBED_BATCH):
        batch = texts[start : start + EMBED_BATCH]
        pairs = [(n, v) for t, v in zip(batch, embed(batch), strict=True) for n in by_text[t]]
        store.add(_to_text_nodes([n for n, _ in pairs], [v for _, v in pairs]))
        if progress:
            progress(stage, min(start + EMBED_BATCH, total), total)
    return todo, removed, len(fresh)


def _to_text_nodes(nodes: list[Node], vectors: list[list[float]]) -> list[Any]:
    from llama_index.core.schema import TextNode

    result = []
    for node, vector in zip(nodes, vectors, strict=True):
        metadata = {**node.metadata, "content_hash": node.content_hash}
        result.append(
            TextNode(
                id_=node.node_id,
                text=node.text,
                metadata=metadata,
                embedding=vector,
                excluded_embed_metadata_keys=list(metadata),
                excluded_llm_metadata_keys=list(metadata),
            )
        )
    return result


def build_index(
    settings: Settings,
    catalogue: Catalogue,
    progress: Progress | None = None,
    embedder: Embedder | None = None,
) -> BuildReport:
    """Bring the persisted index in line with ``catalogue``, embedding only what changed."""
    started = time.perf_counter()
    embedder = embedder or make_engine(settings.embedding)
    nodes = build_nodes(catalogue)
    # Until this build is done, the index is opened from Chroma (``index.snapshot``).
    snapshot.remove(_bm25_dir(settings))
    client = make_client(settings)
    name = settings.chroma_collection
    wanted_meta = _collection_meta(settings.embedding)
    collection = _prepared(client, name, wanted_meta)
    store = as_vector_store(collection)
    todo, removed, embedded = _sync(store, collection, nodes, embedder, progress, "embed")
    total = len(todo)
    # The evidence units (index/units.py) live in a collection of their own.
    units = build_units(catalogue)
    unit_collection = _prepared(client, units_collection(name), _units_meta(settings.embedding))
    unit_todo, _, units_embedded = _sync(
        as_vector_store(unit_collection), unit_collection, units, embedder, progress, "units"
    )
    asked = build_asked(catalogue)
    asked_store = _prepared(client, asked_collection(name), _units_meta(settings.embedding))
    asked_todo, _, asked_embedded = _sync(
        as_vector_store(asked_store),
        asked_store,
        asked,
        embedder,
        progress,
        "asked",
        _query_batch(embedder),
    )

    bm25_dir = _bm25_dir(settings)
    calibration_path = bm25_dir / CALIBRATION_FILE
    node_set_changed = bool(todo or removed) or not BM25Index.exists(bm25_dir)
    if node_set_changed or not calibration_path.exists():
        if progress:
            progress("bm25", 0, 1)
        bm25 = BM25Index.build(nodes)
        bm25.save(bm25_dir)
        calibration = calibrate(catalogue, nodes, bm25, embedder, collection)
        calibration_path.write_text(json.dumps(calibration.to_dict()), "utf-8")
        # Also on the collection, for hosts that share a Chroma server but not this folder.
        collection.modify(metadata={**wanted_meta, **calibration.to_dict()})
        if progress:
            progress("bm25", 1, 1)

    snapshot.write(
        bm25_dir,
        settings.embedding,
        collection,
        UnitVectors.from_collection(unit_collection),
        UnitVectors.from_collection(asked_store),
    )

    def projects_of(ids: list[str]) -> tuple[str, ...]:
        return tuple(sorted({i.split(":")[1] for i in ids if i.startswith("project:")}))

    report = BuildReport(
        embedding=settings.embedding,
        nodes_total=len(nodes),
        embedded=embedded,
        unchanged=len(nodes) - total,
        reused=total - embedded,
        removed=len(removed),
        seconds=time.perf_counter() - started,
        projects_changed=projects_of([n.node_id for n in todo]),
        projects_removed=tuple(
            p
            for p in projects_of(removed)
            if not any(n.node_id.startswith(f"project:{p}:") for n in nodes)
        ),
        units_embedded=units_embedded,
        units_reused=len(unit_todo) - units_embedded,
        asked_embedded=asked_embedded,
    )
    log.info(
        "index built",
        extra={"embedded": report.embedded, "removed": report.removed, "nodes": len(nodes)},
    )
    return report


def _one_blas_thread() -> None:
    """Matrix products over the index's few thousand vectors run on one thread. OpenBLAS
    would start a thread per core for them, whose spinning takes the cores from the e5
    engine embedding the next question: over a blind set, p50 of a question went from 10.6
    to 20.5 ms and p95 from 29 to 100 ms once the known questions (1,488 x 384) were
    multiplied per search."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def open_index(
    settings: Settings,
    catalogue: Catalogue | None = None,
    embedder: Embedder | None = None,
) -> CatalogueIndex:
    """Load the persisted index (never builds); ``IndexNotBuiltError`` when it is missing."""
    _one_blas_thread()
    bm25_dir = _bm25_dir(settings)
    if not settings.chroma_url and not BM25Index.exists(bm25_dir):
        raise IndexNotBuiltError(MISSING_INDEX)
    stored = None if settings.chroma_url else snapshot.read(bm25_dir)
    if stored is not None:
        if stored.count == 0:
            raise IndexNotBuiltError(MISSING_INDEX)
        _check_embedding(stored.embedding, settings)
        return CatalogueIndex(
            bm25=BM25Index.load(bm25_dir),
            collection=_CollectionOnUse(settings),
            embedder=embedder or make_engine(settings.embedding),
            calibration=Calibration.from_file(bm25_dir / CALIBRATION_FILE),
            catalogue=catalogue,
            units=stored.units,
            asked=stored.asked,
            node_vectors=stored.node_vectors,
        )
    client = make_client(settings)
    collection = open_collection(client, settings.chroma_collection, create=False)
    if collection.count() == 0:
        raise IndexNotBuiltError(MISSING_INDEX)
    _check_embedding((collection.metadata or {}).get("embedding"), settings)
    if BM25Index.exists(bm25_dir):
        bm25 = BM25Index.load(bm25_dir)
        calibration = Calibration.from_file(bm25_dir / CALIBRATION_FILE)
    else:
        # A fresh host sharing a Chroma server: the lexical side comes from the stored nodes
        # (no embedding involved, a few milliseconds).
        bm25 = BM25Index.build(_nodes_from_chroma(collection))
        calibration = Calibration.from_metadata(collection.metadata or {})
    return CatalogueIndex(
        bm25=bm25,
        collection=collection,
        embedder=embedder or make_engine(settings.embedding),
        calibration=calibration,
        catalogue=catalogue,
        units=_open_units(client, settings, units_collection(settings.chroma_collection)),
        asked=_open_units(client, settings, asked_collection(settings.chroma_collection)),
    )


def _check_embedding(built_with: str | None, settings: Settings) -> None:
    if built_with != settings.embedding:
        raise IndexNotBuiltError(
            f"Der Suchindex wurde mit dem Embedding-Modell '{built_with}' gebaut, eingestellt ist "
            f"'{settings.embedding}'. Bitte `katalog index` ausführen."
        )


class _CollectionOnUse:
    """The main Chroma collection, opened on first use: searches read the snapshot's vectors,
    so a restart imports no Chroma; llama-index's vector store and other callers still get it."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._collection: Any = None
        self._lock = threading.Lock()

    def opened(self) -> Any:
        with self._lock:
            if self._collection is None:
                client = make_client(self._settings)
                name = self._settings.chroma_collection
                self._collection = open_collection(client, name, create=False)
            return self._collection

    def __getattr__(self, name: str) -> Any:
        return getattr(self.opened(), name)


def _open_units(client: Any, settings: Settings, name: str) -> UnitVectors | None:
    """The evidence units (or the questions they answer), or None for an index built before
    they existed (answers then rank units lexically only; `katalog index` adds them)."""
    try:
        collection = open_collection(client, name, create=False)
    except IndexNotBuiltError:
        return None
    if (collection.metadata or {}).get("embedding") != settings.embedding:
        return None
    return UnitVectors.from_collection(collection)


def _nodes_from_chroma(collection: Any) -> list[Node]:
    got = collection.get(include=["documents", "metadatas"])
    nodes = []
    for node_id, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
        meta = dict(meta or {})
        nodes.append(
            Node(
                node_id=node_id,
                project_id=meta.get("project_id") or None,
                field=meta.get("field", ""),
                text=text or "",
                metadata={k: v for k, v in meta.items() if not k.startswith("_")},
                content_hash=meta.get("content_hash", ""),
            )
        )
    nodes.sort(key=lambda n: n.node_id)
    return nodes

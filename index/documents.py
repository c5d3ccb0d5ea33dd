"""Documents in the index: chunks of ingested documents → nodes → vectors and German BM25.

Two partitions, ``public`` and ``internal``, are kept apart physically: each has its own Chroma
collection (``{collection}-docs-public`` / ``-docs-internal``) and its own snapshot folder under
``index_dir/docs/`` (see ``index.doc_snapshot``). A node is one chunk (``index.doc_nodes``);
chunks never enter ``CatalogueIndex.search``.

``sync_documents`` brings both partitions in line with the document store, embedding only
chunks whose content hash is new (vectors are reused from the current snapshot or from Chroma):

0. embed what no current snapshot holds, before taking the lock (the slow part);
1. under the lock, add the new vectors to Chroma under content-versioned ids (``chunk@hash``),
   so nothing the current state uses is overwritten;
2. write each partition's new snapshot aside;
3. replace ``state.json``: the commit point, where a document becomes visible (or invisible)
   in both partitions' views at once;
4. delete from Chroma what the new state no longer holds, clear old snapshot folders and the
   store's files that nothing names any more (``DocumentStore.clear_debris``).

A crash before 3 leaves the previous state complete and searchable; ``index.consistency``
repairs the rest. Syncs exclude each other with an ``flock`` on ``docs/.lock`` (CLI, service
and ingest jobs may share a data dir). Searching lives in ``index.doc_search``; readers use the
snapshot's vectors, not a Chroma query (Chroma's on-disk client does not see writes made by
another process, the snapshot does).
"""

from __future__ import annotations

import fcntl
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from index.doc_chroma import (  # noqa: F401  (collection_name, catalogue_index_built: public API)
    catalogue_index_built,
    collection_name,
    open_doc_collection,
    vectors_from_chroma,
)
from index.doc_nodes import chunk_node
from index.doc_search import DocumentIndex, DocumentView  # noqa: F401  (public API)
from index.doc_snapshot import (
    PARTITIONS,
    State,
    clear_versions,
    docs_dir,
    empty_snapshot,
    load_snapshot,
    read_state,
    snapshot_version,
    vector_id,
    write_snapshot,
    write_state,
)
from index.types import Embedder, Node
from index.vectorstore import make_client
from katalog.errors import UnknownDocumentError
from katalog.settings import Settings

if TYPE_CHECKING:
    from corpus.documents.models import Chunk, Document
    from corpus.documents.store import DocumentStore

log = logging.getLogger(__name__)

EMBED_BATCH = 16
# progress(stage, done, total); stages: "embed", "chroma", "snapshot", "state", "cleanup".
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SyncReport:
    generation: int  # the store generation the index now reflects
    documents: tuple[int, int]  # (public, internal)
    chunks: tuple[int, int]  # (public, internal)
    embedded: int  # chunks whose vectors were computed in this run
    reused: int  # chunks whose vectors were already known
    removed: int  # vectors deleted from Chroma
    changed: bool  # a new state was written
    seconds: float


def sync_documents(
    settings: Settings,
    store: DocumentStore,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    hold_lock: bool = True,
) -> SyncReport:
    """Bring both partitions in line with ``store``; embeds only new or changed chunks.

    Embedding, the slow part, runs before the lock is taken, so that a removal, another ingest
    or a service starting up waits only for the short rest. Pass ``hold_lock=False`` when the
    caller holds ``sync_lock`` already (then everything runs under it)."""
    started = time.perf_counter()
    root = docs_dir(settings.index_dir)
    root.mkdir(parents=True, exist_ok=True)
    embedding = embedder.model_name if embedder is not None else settings.embedding
    report = _Tally()
    work = _Work(embedder=embedder)
    if not hold_lock:
        return _sync(settings, store, embedding, work, report, progress, started)
    _prefetch(settings, store, embedding, work, report, progress)
    with sync_lock(settings):
        return _sync(settings, store, embedding, work, report, progress, started)


def _sync(
    settings: Settings,
    store: DocumentStore,
    embedding: str,
    work: _Work,
    report: _Tally,
    progress: Progress | None,
    started: float,
) -> SyncReport:
    root = docs_dir(settings.index_dir)
    generation, documents, chunks = _read_store(store)
    state = read_state(root)
    reuse = state is not None and state.embedding == embedding
    client = make_client(settings)
    plans = []
    for partition in PARTITIONS:
        docs = [d for d in documents if d.visibility == partition]
        nodes = [chunk_node(c) for d in docs for c in chunks[d.id]]
        current = state.partitions.get(partition, "") if reuse and state else ""
        previous = work.snapshot(root, partition, current)
        collection = open_doc_collection(client, settings, partition, embedding)
        plans.append(_Plan(partition, docs, nodes, previous, collection))
    # 1. vectors: reuse, else embed; new vectors go to Chroma under new ids.
    _embed(plans, settings, work, report, progress)
    # 2. snapshots aside.
    versions = {}
    for done, plan in enumerate(plans):
        if progress:
            progress("snapshot", done, len(plans))
        version = snapshot_version(plan.nodes, plan.docs, embedding)
        write_snapshot(root, plan.partition, version, plan.nodes, plan.matrix(), plan.docs)
        versions[plan.partition] = version
    # 3. the commit point: both partitions switch at once.
    new_state = State(generation=generation, embedding=embedding, partitions=versions)
    changed = state is None or new_state.to_dict() != state.to_dict()
    if progress:
        progress("state", 0, 1)
    if changed:
        write_state(root, new_state)
    # 4. what the new state no longer holds (a failure here changes nothing anyone sees).
    if progress:
        progress("cleanup", 0, 1)
    try:
        for plan in plans:
            report.removed += _delete_stale(plan)
            keep = {versions[plan.partition], plan.previous.version} - {""}
            clear_versions(root, plan.partition, keep)
        store.clear_debris(keep={d.id for d in documents})
    except Exception as exc:  # noqa: BLE001 - the next sync or `--repair` clears it
        log.warning("cleanup after sync failed", extra={"error": repr(exc)})
    result = SyncReport(
        generation=generation,
        documents=(len(plans[0].docs), len(plans[1].docs)),
        chunks=(len(plans[0].nodes), len(plans[1].nodes)),
        embedded=report.embedded,
        reused=report.reused,
        removed=report.removed,
        changed=changed,
        seconds=time.perf_counter() - started,
    )
    log.info(
        "documents synced",
        extra={"generation": generation, "embedded": result.embedded, "removed": result.removed},
    )
    return result


# -- internals --------------------------------------------------------------------------------


@dataclass
class _Tally:
    embedded: int = 0
    reused: int = 0
    removed: int = 0


@dataclass
class _Work:
    """Shared by the two phases of a sync: the embedder, the snapshots already loaded, the
    vectors computed before the lock (by vector id)."""

    embedder: Embedder | None = None
    loaded: dict[tuple[str, str], Any] = field(default_factory=dict)
    fresh: dict[str, list[float]] = field(default_factory=dict)

    def snapshot(self, root: Path, partition: str, version: str) -> Any:
        key = (partition, version)
        if key not in self.loaded:
            self.loaded[key] = _load_or_empty(root, partition, version)
        return self.loaded[key]

    def embed(self, settings: Settings, texts: list[str]) -> list[list[float]]:
        if self.embedder is None:
            from index.engines import make_engine

            self.embedder = make_engine(settings.embedding)
        return [[float(x) for x in v] for v in self.embedder.get_text_embedding_batch(texts)]


def _prefetch(
    settings: Settings,
    store: DocumentStore,
    embedding: str,
    work: _Work,
    tally: _Tally,
    progress: Progress | None,
) -> None:
    """Without the lock: embed the chunks that no current snapshot holds a vector for."""
    root = docs_dir(settings.index_dir)
    _, documents, chunks = _read_store(store)
    state = read_state(root)
    reuse = state is not None and state.embedding == embedding
    todo: list[Node] = []
    for partition in PARTITIONS:
        current = state.partitions.get(partition, "") if reuse and state else ""
        known = work.snapshot(root, partition, current).vectors_by_id()
        for doc in documents:
            if doc.visibility == partition:
                nodes = (chunk_node(c) for c in chunks[doc.id])
                todo.extend(n for n in nodes if vector_id(n) not in known)
    if progress:
        progress("embed", 0, len(todo))
    for start in range(0, len(todo), EMBED_BATCH):
        batch = todo[start : start + EMBED_BATCH]
        vectors = work.embed(settings, [node.text for node in batch])
        for node, vector in zip(batch, vectors, strict=True):
            work.fresh[vector_id(node)] = vector
        tally.embedded += len(batch)
        if progress:
            progress("embed", min(start + EMBED_BATCH, len(todo)), len(todo))


@dataclass
class _Plan:
    partition: str
    docs: list[Document]
    nodes: list[Node]
    previous: Any  # Snapshot
    collection: Any
    stored: set[str] | None = None
    vectors: dict[str, list[float]] | None = None

    def matrix(self) -> np.ndarray:
        assert self.vectors is not None
        if not self.nodes:
            return np.zeros((0, 0), np.float32)
        return np.asarray([self.vectors[vector_id(n)] for n in self.nodes], dtype=np.float32)


def _read_store(store: DocumentStore) -> tuple[int, list[Document], dict[str, list[Chunk]]]:
    """One consistent reading of the store (retried while another writer changes it)."""
    for _ in range(5):
        generation = store.generation
        documents, chunks = [], {}
        for doc in sorted(store.list(), key=lambda d: d.id):
            try:
                chunks[doc.id] = store.chunks(doc.id)
            except UnknownDocumentError:  # removed meanwhile
                continue
            documents.append(doc)
        if store.generation == generation:
            break
    return generation, documents, chunks


def _load_or_empty(root: Path, partition: str, version: str):
    try:
        return load_snapshot(root, partition, version)
    except (OSError, ValueError) as exc:  # damaged or cleared: rebuild from the store
        log.warning("snapshot unreadable", extra={"partition": partition, "error": str(exc)})
        return empty_snapshot(partition)


def _embed(
    plans: Sequence[_Plan],
    settings: Settings,
    work: _Work,
    tally: _Tally,
    progress: Progress | None,
) -> None:
    todo: list[tuple[_Plan, Node]] = []
    for plan in plans:
        plan.stored = set(plan.collection.get(include=[])["ids"])
        known = plan.previous.vectors_by_id()
        plan.vectors = {}
        missing = []
        for node in plan.nodes:
            vid = vector_id(node)
            if vid in known:
                plan.vectors[vid] = known[vid].tolist()
                tally.reused += 1
            elif vid in work.fresh:  # embedded before the lock (and counted there)
                plan.vectors[vid] = work.fresh[vid]
            else:
                missing.append(node)
        plan.vectors.update(
            vectors_from_chroma(
                plan.collection, [vector_id(n) for n in missing if vector_id(n) in plan.stored]
            )
        )
        for node in missing:
            if vector_id(node) in plan.vectors:
                tally.reused += 1
            else:
                todo.append((plan, node))
    if todo and progress:
        progress("embed", 0, len(todo))
    for start in range(0, len(todo), EMBED_BATCH):
        batch = todo[start : start + EMBED_BATCH]
        vectors = work.embed(settings, [node.text for _, node in batch])
        for (plan, node), vector in zip(batch, vectors, strict=True):
            plan.vectors[vector_id(node)] = vector
        tally.embedded += len(batch)
        if progress:
            progress("embed", min(start + EMBED_BATCH, len(todo)), len(todo))
    for plan in plans:
        new = [n for n in plan.nodes if vector_id(n) not in plan.stored]
        for start in range(0, len(new), 256):
            batch = new[start : start + 256]
            plan.collection.upsert(
                ids=[vector_id(n) for n in batch],
                embeddings=[plan.vectors[vector_id(n)] for n in batch],
                documents=[n.text for n in batch],
                metadatas=[{**n.metadata, "content_hash": n.content_hash} for n in batch],
            )
        plan.stored |= {vector_id(n) for n in new}
    if progress:
        progress("chroma", 1, 1)


def _delete_stale(plan: _Plan) -> int:
    wanted = {vector_id(n) for n in plan.nodes}
    stale = sorted((plan.stored or set()) - wanted)
    for start in range(0, len(stale), 256):
        plan.collection.delete(ids=stale[start : start + 256])
    return len(stale)


@contextmanager
def sync_lock(settings: Settings) -> Iterator[None]:
    """Syncs exclude each other (also across processes); not re-entrant."""
    root = docs_dir(settings.index_dir)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

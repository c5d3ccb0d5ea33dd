"""Searching ingested documents: ``DocumentIndex`` (loaded once per process) hands out
``DocumentView``s per audience.

The view for citizens holds only the public partition's snapshot: it has no reference to
internal nodes, vectors or document records, so no filter can be forgotten. The employee view
holds both. A view is an immutable snapshot; ``DocumentIndex.view`` checks ``state.json`` on
every call and, when a sync has replaced it (also from another process), loads the new
snapshot and swaps it in under a lock, so searches never see half of an ingest.

Scores use the catalogue index's calibration and weights (same embedder): a document hit's
score is comparable with a ``ProjectHit.score``.
"""

from __future__ import annotations

import logging
import math
import threading
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.doc_nodes import chunk_text
from index.doc_snapshot import (
    PARTITIONS,
    Snapshot,
    docs_dir,
    empty_snapshot,
    load_snapshot,
    read_state,
    state_key,
)
from index.search import DENSE_WEIGHT, LEXICAL_WEIGHT, Calibration
from index.text import dense_query
from index.types import DocHit, Embedder
from katalog.settings import Settings

if TYPE_CHECKING:
    from corpus.documents.models import Document

log = logging.getLogger(__name__)

AUDIENCE_PARTITIONS = {"citizen": ("public",), "employee": ("public", "internal")}
QUERY_CACHE = 256
CALIBRATION_FILE = "calibration.json"  # written by ``index.store.build_index``


class DocumentView:
    """What one audience may search: its partitions' snapshots, nothing else."""

    def __init__(
        self,
        audience: str,
        snapshots: tuple[Snapshot, ...],
        generation: int,
        embed,
        calibration: Calibration,
        lexicon=None,
    ) -> None:
        self.audience = audience
        self.generation = generation
        self._snapshots = snapshots
        self._embed = embed  # query -> normalised vector, or None when dense is unavailable
        self._calibration = calibration
        self._lexicon = lexicon

    # -- documents ---------------------------------------------------------------------------

    def documents(self) -> list[Document]:
        """All documents this audience may see, newest first."""
        return _newest_first(d for s in self._snapshots for d in s.documents.values())

    def get(self, doc_id: str) -> Document | None:
        """The document when this audience may see it, else None (as if it did not exist)."""
        for snapshot in self._snapshots:
            if doc_id in snapshot.documents:
                return snapshot.documents[doc_id]
        return None

    def reports_for(self, project_id: str, kind: str | None = None) -> list[Document]:
        """Documents linked to ``project_id`` ("DV-2.1"), newest first; ``kind`` narrows."""
        return [
            d
            for d in self.documents()
            if project_id in d.project_ids and (kind is None or d.kind == kind)
        ]

    # -- search ------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        k: int = 5,
        project_ids: Iterable[str] | None = None,
        doc_ids: Iterable[str] | None = None,
    ) -> list[DocHit]:
        """Chunks ranked for ``query``; ``project_ids`` keeps chunks linked to any of them,
        ``doc_ids`` chunks of those documents."""
        if k <= 0 or not any(s.nodes for s in self._snapshots):
            return []
        projects = [f"project:{p}" for p in project_ids] if project_ids is not None else None
        docs = set(doc_ids) if doc_ids is not None else None
        expansions = self._lexicon.expand(query) if self._lexicon else []
        expanded = " ".join(expansions)
        vector = self._embed(query) if self._embed else None
        found: list[tuple[float, str, Snapshot, int]] = []
        for snapshot in self._snapshots:
            nodes = snapshot.nodes
            if not nodes:
                continue
            lexical = self._calibration.lexical(snapshot.bm25.query_scores(query, expanded))
            if vector is not None and snapshot.vectors.shape[1] == len(vector):
                cosine = snapshot.vectors @ vector
                dense = self._calibration.dense(cosine)
            else:
                dense = np.zeros(len(nodes), dtype=np.float32)
            scores = DENSE_WEIGHT * dense + LEXICAL_WEIGHT * lexical
            for position in np.flatnonzero(scores > 0):
                meta = nodes[position].metadata
                if projects is not None and not any(meta.get(p) for p in projects):
                    continue
                if docs is not None and meta.get("doc_id") not in docs:
                    continue
                found.append((float(scores[position]), nodes[position].node_id, snapshot, position))
        found.sort(key=lambda f: (-f[0], f[1]))
        return [_hit(snapshot, position, score) for score, _, snapshot, position in found[:k]]


class DocumentIndex:
    """The document partitions of one process; thread-safe; follows ``state.json``.

    ``partitions`` limits what is ever loaded (a citizens-only service may pass ``("public",)``).
    Pass the catalogue index's embedder to share the loaded model.
    """

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        partitions: tuple[str, ...] = PARTITIONS,
    ) -> None:
        self._root = docs_dir(settings.index_dir)
        self._calibration_path = Path(settings.index_dir) / "bm25" / CALIBRATION_FILE
        self._settings = settings
        self._embedder = embedder
        self._partitions = tuple(p for p in PARTITIONS if p in partitions)
        self._lock = threading.Lock()  # guards the swap of loaded snapshots (held briefly)
        self._load_lock = threading.Lock()  # one thread loads a new snapshot at a time
        self._key: tuple[int, int, int] | None | bool = False  # False: never loaded
        self._snapshots: dict[str, Snapshot] = {p: empty_snapshot(p) for p in self._partitions}
        self._generation = 0
        self._embedding = ""
        self._calibration = Calibration()
        self._lexicon = None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()

    @property
    def generation(self) -> int:
        """The document store generation the loaded snapshot reflects (answer caches key on it)."""
        self.refresh()
        return self._generation

    @property
    def embedder(self) -> Embedder:
        """The query embedder (also right for ``sync_documents`` in the same process)."""
        return self._get_embedder()

    def view(self, audience: str) -> DocumentView:
        partitions = AUDIENCE_PARTITIONS.get(audience)
        if partitions is None:
            raise ValueError(f"unknown audience {audience!r}")
        self.refresh()
        with self._lock:
            snapshots = tuple(self._snapshots[p] for p in partitions if p in self._snapshots)
            generation, embedding = self._generation, self._embedding
        embed = self._query_vector if embedding == self._embedding_name() else None
        return DocumentView(
            audience, snapshots, generation, embed, self._calibration, self._lexicon
        )

    def warm_up(self) -> None:
        self.refresh()
        warm = getattr(self._get_embedder(), "warm_up", None)
        if warm:
            warm()

    def refresh(self, wait: bool = False) -> bool:
        """Load the current snapshot if ``state.json`` changed; True when something was loaded.

        A search never waits for an ingest: while one thread loads a new snapshot, the others
        go on with the one they have (only the very first load is waited for). The writer of a
        change waits (``wait``): once an ingest or a removal has answered, every answer sees
        it, also when a search was loading an older snapshot at that moment."""
        key = state_key(self._root)
        if key == self._key:
            return False
        if not self._load_lock.acquire(blocking=wait or self._key is False):
            return False
        try:
            key = state_key(self._root)  # another thread may have loaded it meanwhile
            if key == self._key:
                return False
            try:
                self._load(key)
            except (OSError, ValueError) as exc:  # a sync cleared it meanwhile: next call retries
                log.warning("document snapshot not loaded", extra={"error": str(exc)})
                return False
        finally:
            self._load_lock.release()
        return True

    # -- internals ---------------------------------------------------------------------------

    def _load(self, key) -> None:
        """Under ``_load_lock``: read the snapshot aside, then swap it in under ``_lock``."""
        state = read_state(self._root)
        snapshots = {}
        for partition in self._partitions:
            version = state.partitions.get(partition, "") if state else ""
            current = self._snapshots.get(partition)
            if current is not None and current.version == version:
                snapshots[partition] = current
            else:
                snapshots[partition] = load_snapshot(self._root, partition, version)
        lexicon = self._lexicon
        if lexicon is None:
            from corpus.lexicon import load_lexicon

            lexicon = load_lexicon()
        calibration = Calibration.from_file(self._calibration_path)
        if not all(math.isfinite(v) for v in calibration.to_dict().values()):
            calibration = Calibration()
        with self._lock:
            self._lexicon = lexicon
            self._calibration = calibration
            self._snapshots = snapshots
            self._generation = state.generation if state else 0
            self._embedding = state.embedding if state else ""
            self._key = key
        log.info(
            "document snapshot loaded",
            extra={
                "generation": self._generation,
                "nodes": {p: len(s.nodes) for p, s in snapshots.items()},
            },
        )

    def _embedding_name(self) -> str:
        if self._embedder is not None:
            return self._embedder.model_name
        return self._settings.embedding

    def _get_embedder(self) -> Embedder:
        if self._embedder is None:
            from index.engines import make_engine

            self._embedder = make_engine(self._settings.embedding)
        return self._embedder

    def _query_vector(self, query: str) -> np.ndarray:
        with self._cache_lock:
            if query in self._cache:
                self._cache.move_to_end(query)
                return self._cache[query]
        text = dense_query(query)
        vector = np.asarray(self._get_embedder().get_query_embedding(text), dtype=np.float32)
        vector = vector / max(float(np.linalg.norm(vector)), 1e-12)
        with self._cache_lock:
            self._cache[query] = vector
            while len(self._cache) > QUERY_CACHE:
                self._cache.popitem(last=False)
        return vector


def _newest_first(docs: Iterable[Document]) -> list[Document]:
    return sorted(docs, key=lambda d: (d.date, d.title, d.id), reverse=True)


def _hit(snapshot: Snapshot, position: int, score: float) -> DocHit:
    node = snapshot.nodes[position]
    meta = node.metadata
    links = tuple(p for p in str(meta.get("project_ids", "")).split(",") if p)
    return DocHit(
        doc_id=str(meta.get("doc_id", "")),
        chunk_id=node.node_id,
        title=str(meta.get("title", "")),
        date=str(meta.get("date", "")),
        page=meta.get("page"),
        section=meta.get("section"),
        text=chunk_text(node),
        score=min(1.0, score),
        project_ids=links,
        visibility=snapshot.partition,
        kind=str(meta.get("kind", "")),
    )

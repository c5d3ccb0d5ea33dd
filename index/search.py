"""Hybrid search: dense (Chroma) + German BM25 with lexicon expansion, fused per project.

Scores are calibrated so they mean the same across queries (the assistant uses them as
confidence):
- dense: cosine similarity mapped linearly from the corpus' background level (median
  similarity of a project title to other projects' nodes) to its match level (median
  similarity of a title to its own project's best node), clipped to [0, 1];
- lexical: BM25 mapped by ``1 - exp(-s / k)`` with ``k`` the median BM25 score of a title
  against its own project;
- a node's score is the weighted sum; a project's score is its best node's plus a small
  bonus for a second supporting node, clipped to [0, 1]. A project the question names by
  number ("DS 1.8", "Projekt 2.5 der Digitalen Verwaltung") is put first.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from corpus.lexicon import Lexicon, fold_words, load_lexicon
from corpus.lookup import find_project_refs
from corpus.models import Catalogue
from index.bm25 import BM25Index
from index.text import dense_query, tokens
from index.types import Embedder, Node, NodeHit, ProjectHit
from index.units import UnitVectors

log = logging.getLogger(__name__)

DENSE_WEIGHT = 0.45
LEXICAL_WEIGHT = 0.55
SECOND_NODE_BONUS = 0.15
REFERENCE_SCORE = 0.95
# Structure signals: the question names a project's title, or an Aktionsfeld / Smart-City
# field ("Welche Projekte gehören zu Smart Mobility?").
TITLE_BONUS = 0.1
FIELD_BONUS = 0.1
# Known questions (the edition's ``….questions.jsonl``): a project one of whose units is
# known to answer a question this close to the query gets up to ``ASKED_BONUS``, rising
# linearly between the two cosines. A question is compared with questions, which e5 does
# better than a question with a statement ("looks after working from home" finds the Mobile
# Office through "Can I work from home?"). Fitted on the team's older sets: hit@1 of the
# questions that name no project 0.856 -> 0.937 (German), 0.70 -> 0.75 (English).
ASKED_BONUS = 0.3
ASKED_LOW = 0.85
ASKED_HIGH = 0.92
# The bonus reorders what the search found already; it does not make a project it scores
# lower than this a confident answer (the assistant declines below about this score).
ASKED_MIN_SCORE = 0.35
ASKED_POOL = 10  # hits the bonus may reorder
DENSE_CANDIDATES = 300
# Up to this many nodes the dense side ranks a copy of the vectors held in memory (read from
# Chroma when the index is opened): a matrix product over the catalogue's few hundred nodes
# takes microseconds, a Chroma query about 3 ms. Larger collections are queried in Chroma.
DENSE_IN_MEMORY_MAX = 50_000
NODES_PER_HIT = 3
QUERY_CACHE = 512


@dataclass(frozen=True)
class Calibration:
    dense_lo: float = 0.75
    dense_hi: float = 0.90
    bm25_k: float = 8.0

    def to_dict(self) -> dict[str, float]:
        return {f"cal_{k}": float(v) for k, v in asdict(self).items()}

    @classmethod
    def from_metadata(cls, meta: dict[str, Any]) -> Calibration:
        values = {k[4:]: float(v) for k, v in meta.items() if k.startswith("cal_")}
        return cls(**{k: v for k, v in values.items() if k in cls.__dataclass_fields__})

    @classmethod
    def from_file(cls, path: Path) -> Calibration:
        if not path.exists():
            return cls()
        return cls.from_metadata(json.loads(path.read_text("utf-8")))

    def dense(self, cosine: np.ndarray) -> np.ndarray:
        span = max(self.dense_hi - self.dense_lo, 1e-6)
        return np.clip((cosine - self.dense_lo) / span, 0.0, 1.0)

    def lexical(self, score: np.ndarray) -> np.ndarray:
        return 1.0 - np.exp(-np.maximum(score, 0.0) / max(self.bm25_k, 1e-6))


def calibrate(
    catalogue: Catalogue,
    nodes: Sequence[Node],
    bm25: BM25Index,
    embedder: Embedder,
    collection: Any,
) -> Calibration:
    """Measure the background and match levels of both retrievers on this corpus."""
    got = collection.get(include=["embeddings", "metadatas"])
    matrix = np.asarray(got["embeddings"], dtype=np.float32)
    owners = np.array([(m or {}).get("project_id", "") for m in got["metadatas"]])
    bm25_owners = np.array([n.project_id or "" for n in bm25.nodes])
    own_dense, background, own_lexical = [], [], []
    for project in catalogue.projects:
        if not project.measures:
            continue
        query = np.asarray(embedder.get_query_embedding(project.title), dtype=np.float32)
        sims = matrix @ query
        mine = owners == project.id
        if mine.any():
            own_dense.append(float(sims[mine].max()))
            background.extend(sims[~mine].tolist())
        lexical = bm25.scores(tokens(project.title))[bm25_owners == project.id]
        if lexical.size and lexical.max() > 0:
            own_lexical.append(float(lexical.max()))
    if not own_dense or not background:  # one project: no background to measure against
        return Calibration()
    return Calibration(
        dense_lo=float(np.median(background)),
        dense_hi=float(np.median(own_dense)),
        bm25_k=float(np.median(own_lexical)) if own_lexical else Calibration.bm25_k,
    )


def _matches(metadata: dict[str, Any], where: dict[str, Any] | None) -> bool:
    """The subset of Chroma's ``where`` language we use: equality, $eq/$ne/$in/$nin, $and/$or."""
    if not where:
        return True
    for key, cond in where.items():
        if key == "$and":
            ok = all(_matches(metadata, c) for c in cond)
        elif key == "$or":
            ok = any(_matches(metadata, c) for c in cond)
        elif isinstance(cond, dict):
            value = metadata.get(key)
            ok = all(
                {
                    "$eq": lambda v, a: v == a,
                    "$ne": lambda v, a: v != a,
                    "$in": lambda v, a: v in a,
                    "$nin": lambda v, a: v not in a,
                }[op](value, arg)
                for op, arg in cond.items()
            )
        else:
            ok = metadata.get(key) == cond
        if not ok:
            return False
    return True


def _contains(words: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


def _and(*clauses: dict[str, Any] | None) -> dict[str, Any] | None:
    parts = [c for c in clauses if c]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}


class CatalogueIndex:
    """The loaded index. Thread-safe for concurrent searches."""

    def __init__(
        self,
        bm25: BM25Index,
        collection: Any,
        embedder: Embedder,
        calibration: Calibration,
        catalogue: Catalogue | None = None,
        lexicon: Lexicon | None = None,
        units: UnitVectors | None = None,
        asked: UnitVectors | None = None,
        node_vectors: tuple[list[str], np.ndarray] | None = None,
    ) -> None:
        self.bm25 = bm25
        self.units = units
        self.asked = asked
        self.nodes = bm25.nodes
        self.collection = collection
        self.embedder = embedder
        self.calibration = calibration
        self.catalogue = catalogue
        self.lexicon = lexicon or load_lexicon()
        self._position = {n.node_id: i for i, n in enumerate(self.nodes)}
        self._project_ids = {n.project_id for n in self.nodes if n.project_id}
        self._titles: dict[str, frozenset[str]] = {}
        members: dict[tuple[str, ...], set[str]] = {}
        for node in self.nodes:
            if node.project_id and node.field == "overview":
                self._titles[node.project_id] = frozenset(tokens(node.metadata.get("title", "")))
                for name in (
                    node.metadata.get("action_field"),
                    node.metadata.get("smart_city_field"),
                ):
                    if name:
                        members.setdefault(tuple(fold_words(name)), set()).add(node.project_id)
        self._fields = [(list(words), projects) for words, projects in members.items()]
        self._cache: OrderedDict[str, list[float]] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._running: dict[str, Future[list[float]]] = {}
        self._masks: dict[str, np.ndarray] = {}
        # The vectors from the build's snapshot (``index.snapshot``), or read from Chroma.
        in_memory = len(self.nodes) <= DENSE_IN_MEMORY_MAX
        self._vectors = self._load_vectors(node_vectors) if in_memory else None

    # -- public API -------------------------------------------------------------------------

    def search(self, query: str, k: int = 10, where: dict | None = None) -> list[ProjectHit]:
        """Projects ranked for ``query``, each with its best supporting nodes."""
        scores = self._node_scores(query, _and({"field": {"$ne": "section"}}, where), where)
        bonus = self._structure_bonus(query, scores)
        hits = self._aggregate(
            scores, key=lambda n: n.project_id, bonus=bonus, limit=max(k, ASKED_POOL)
        )
        hits = self._asked_reordered(query, hits)[:k]
        hits = self._apply_references(query, hits, scores)
        return hits[:k]

    def search_sections(self, query: str, k: int = 3) -> list[ProjectHit]:
        """General sections (foreword, structure, timeline, ...) ranked for ``query``."""
        scores = self._node_scores(query, {"field": "section"}, None)
        return self._aggregate(scores, key=lambda n: n.metadata.get("section_id"), limit=k)

    def unit_similarities(self, query: str, project_ids: Sequence[str]) -> list[tuple[Node, float]]:
        """Cosine similarity of ``query`` to every evidence unit of the given projects, with
        the same (cached) query vector as :meth:`search`; [] for an index without units."""
        if self.units is None:
            return []
        vector = self._start_embedding(dense_query(query)).result()
        return self.units.similarities(vector, project_ids)

    def unit_overlap(self, first: str, second: str) -> dict[str, float]:
        """Unit id -> its highest cosine to a unit of the other project (see
        ``UnitVectors.overlap``); {} for an index without units."""
        return self.units.overlap(first, second) if self.units is not None else {}

    def known_question_projects(self, query: str) -> dict[str, float]:
        """Project or section id -> the highest cosine of ``query`` to a question it is known
        to answer (the same cached query vector as :meth:`search`); {} without them."""
        if self.asked is None:
            return {}
        return self.asked.best_by_project(self._start_embedding(dense_query(query)).result())

    def asked_similarities(self, query: str, project_ids: Sequence[str]) -> dict[str, float]:
        """Unit id -> the highest cosine of ``query`` to a question the unit answers (the
        edition's ``….questions.jsonl``); {} without them."""
        if self.asked is None:
            return {}
        vector = self._start_embedding(dense_query(query)).result()
        return self.asked.best_by_unit(vector, project_ids)

    @property
    def vector_store(self) -> Any:
        """The collection as llama-index's ``ChromaVectorStore`` (imports llama-index)."""
        from index.vectorstore import as_vector_store

        opened = getattr(self.collection, "opened", None)  # a collection opened on first use
        return as_vector_store(opened() if opened else self.collection)

    def warm_up(self) -> None:
        """Load the embedding model and touch every structure once."""
        warm = getattr(self.embedder, "warm_up", None)
        if warm:
            warm()
        self.search("Digitalisierung", k=1)

    # -- scoring ----------------------------------------------------------------------------

    def expand(self, query: str) -> list[str]:
        return self.lexicon.expand(query)

    def _load_vectors(self, held: tuple[list[str], np.ndarray] | None = None) -> np.ndarray | None:
        """The stored vectors as a matrix aligned with ``self.nodes`` (rows of zeros for nodes
        Chroma does not hold); None when Chroma holds none of them."""
        if held is not None:  # (ids, vectors) as the snapshot holds them
            got = {"ids": held[0], "embeddings": held[1]}
        else:
            got = self.collection.get(include=["embeddings"])
        if got["embeddings"] is None or len(got["embeddings"]) == 0:
            return None
        stored = np.asarray(got["embeddings"], dtype=np.float32)
        matrix = np.zeros((len(self.nodes), stored.shape[1]), dtype=np.float32)
        for node_id, vector in zip(got["ids"], stored, strict=True):
            position = self._position.get(node_id)
            if position is not None:
                matrix[position] = vector
        return matrix

    def _start_embedding(self, text: str) -> Future[list[float]]:
        """The query vector, from the cache or started on the embedder (which may run it on
        its own thread, so the caller can score the lexical side meanwhile). A vector still
        being computed is shared too: the cache is filled by a callback that may run only
        after a waiter has woken, and every later step of the same question (the known
        questions, the units) asks for the same vector."""
        with self._cache_lock:
            if text in self._cache:
                self._cache.move_to_end(text)
                done: Future[list[float]] = Future()
                done.set_result(self._cache[text])
                return done
            running = self._running.get(text)
            if running is not None:
                return running
            submit = getattr(self.embedder, "submit_query", None)
            if submit is not None:
                pending = self._running[text] = submit(text)
        if submit is None:
            pending = Future()
            pending.set_result(self.embedder.get_query_embedding(text))
        pending.add_done_callback(lambda f: self._remember(text, f))
        return pending

    def _remember(self, text: str, done: Future[list[float]]) -> None:
        with self._cache_lock:
            self._running.pop(text, None)
            if done.exception() is not None:
                return
            self._cache[text] = done.result()
            while len(self._cache) > QUERY_CACHE:
                self._cache.popitem(last=False)

    def _cosine(self, vector: list[float], dense_where: dict[str, Any] | None) -> np.ndarray:
        """Cosine similarity of the query to every node (0 where not ranked)."""
        if self._vectors is not None:
            return self._vectors @ np.asarray(vector, dtype=np.float32)
        # Only ids and distances come back: the node texts are in memory already, and
        # fetching documents and metadata from Chroma would cost more than the search.
        result = self.collection.query(
            query_embeddings=[vector],
            n_results=min(DENSE_CANDIDATES, len(self.nodes)),
            where=dense_where,
            include=["distances"],
        )
        cosine = np.zeros(len(self.nodes), dtype=np.float32)
        for node_id, distance in zip(result["ids"][0], result["distances"][0], strict=True):
            position = self._position.get(node_id)
            if position is not None:
                cosine[position] = 1.0 - distance
        return cosine

    def _mask(self, where: dict[str, Any] | None) -> np.ndarray:
        key = json.dumps(where, sort_keys=True, ensure_ascii=False)
        mask = self._masks.get(key)
        if mask is None:
            mask = np.array([_matches(n.metadata, where) for n in self.nodes], dtype=bool)
            if len(self._masks) < 64:
                self._masks[key] = mask
        return mask

    def _node_scores(
        self, query: str, where: dict[str, Any] | None, dense_where: dict[str, Any] | None
    ) -> np.ndarray:
        """Fused score per node (aligned with ``self.nodes``); 0 for nodes outside ``where``.

        ``dense_where`` is passed on to Chroma when the vectors are not held in memory (None:
        rank all vectors and filter here).
        """
        # The query embedding (the slow part, C code without the GIL) runs while the
        # lexical side is computed.
        pending = self._start_embedding(dense_query(query))
        expansions = self.expand(query)
        lexical = self.calibration.lexical(self.bm25.query_scores(query, " ".join(expansions)))
        mask = self._mask(where)
        cosine = self._cosine(pending.result(), dense_where)
        dense = self.calibration.dense(cosine) * (cosine > 0)
        return (DENSE_WEIGHT * dense + LEXICAL_WEIGHT * lexical) * mask

    def _structure_bonus(self, query: str, scores: np.ndarray) -> dict[str, float]:
        """Bonus per project whose title or field the question names (only where allowed)."""
        words = fold_words(query)
        stems = set(tokens(query))
        bonus: dict[str, float] = {}
        for project_id, title in self._titles.items():
            if title and title <= stems:
                bonus[project_id] = bonus.get(project_id, 0.0) + TITLE_BONUS
        for field_words, members in self._fields:
            if _contains(words, field_words):
                for project_id in members:
                    bonus[project_id] = bonus.get(project_id, 0.0) + FIELD_BONUS
        allowed = {n.project_id for n, s in zip(self.nodes, scores, strict=True) if s > 0}
        return {p: b for p, b in bonus.items() if p in allowed}

    def _asked_reordered(self, query: str, hits: list[ProjectHit]) -> list[ProjectHit]:
        """The hits with the known-question bonus added to those scored ``ASKED_MIN_SCORE``
        or more, best first."""
        if self.asked is None or not hits or hits[0].score < ASKED_MIN_SCORE:
            return hits
        closest = self.known_question_projects(query)
        span = ASKED_HIGH - ASKED_LOW
        boosted = []
        for hit in hits:
            cosine = closest.get(hit.id, 0.0)
            if hit.score >= ASKED_MIN_SCORE and cosine > ASKED_LOW:
                score = min(1.0, hit.score + ASKED_BONUS * min(1.0, (cosine - ASKED_LOW) / span))
                hit = ProjectHit(id=hit.id, score=score, nodes=hit.nodes)
            boosted.append(hit)
        return sorted(boosted, key=lambda h: -h.score)  # stable: ties keep their order

    def _aggregate(
        self, scores: np.ndarray, key, bonus: dict[str, float] | None = None, limit: int = 10
    ) -> list[ProjectHit]:
        """The ``limit`` best groups (projects or sections) with their supporting nodes."""
        bonus = bonus or {}
        groups: dict[str, list[int]] = {}
        for position in np.flatnonzero(scores > 0):
            group = key(self.nodes[position])
            if group:
                groups.setdefault(group, []).append(int(position))
        ranked = []
        for group, positions in groups.items():
            positions.sort(key=lambda p: -scores[p])
            best = float(scores[positions[0]])
            second = float(scores[positions[1]]) if len(positions) > 1 else 0.0
            raw = best + SECOND_NODE_BONUS * second + bonus.get(group, 0.0)
            # Scores are clipped to [0, 1]; among groups clipped alike, the higher raw score
            # goes first, not the lower id.
            ranked.append((-min(1.0, raw), -raw, group, positions))
        ranked.sort(key=lambda r: r[:3])
        return [
            ProjectHit(id=group, score=-neg, nodes=self._node_hits(positions, scores))
            for neg, _raw, group, positions in ranked[:limit]
        ]

    def _node_hits(self, positions: list[int], scores: np.ndarray) -> tuple[NodeHit, ...]:
        return tuple(
            NodeHit(
                node_id=self.nodes[p].node_id,
                project_id=self.nodes[p].project_id,
                field=self.nodes[p].field,
                text=self.nodes[p].text,
                score=float(scores[p]),
            )
            for p in positions[:NODES_PER_HIT]
        )

    def _apply_references(
        self, query: str, hits: list[ProjectHit], scores: np.ndarray
    ) -> list[ProjectHit]:
        """Projects named by number go first, in the order they were named."""
        named: list[str] = []
        for area, number in find_project_refs(query):
            areas = [area] if area else ["DV", "DS"]
            named += [f"{a}-{number}" for a in areas if f"{a}-{number}" in self._project_ids]
        if not named:
            return hits
        by_id = {h.id: h for h in hits}
        first = []
        for rank, project_id in enumerate(dict.fromkeys(named)):
            hit = by_id.pop(project_id, None)
            positions = [
                i for i, n in enumerate(self.nodes) if n.project_id == project_id and scores[i] > 0
            ]
            positions.sort(key=lambda p: -scores[p])
            score = max(REFERENCE_SCORE - 0.01 * rank, hit.score if hit else 0.0)
            nodes = hit.nodes if hit else self._node_hits(positions, scores)
            first.append(ProjectHit(id=project_id, score=score, nodes=nodes))
        return first + [h for h in hits if h.id in by_id]

"""The two peers the hybrid retriever is measured against (issue 3, item 7).

- ``Bm25Peer``: German BM25 alone — the same nodes, folding, stopwords and stemming as ours,
  but no lexicon expansion, no dense side and no reference handling; a project's score is its
  best node's.
- ``LlamaIndexPeer``: the plain llama-index recipe — ``SentenceSplitter()`` with its defaults
  over the raw catalogue text, one ``VectorStoreIndex`` with the same embedder, top-k chunks;
  each chunk is attributed to the project whose source lines it overlaps most, and the ranked
  projects are the chunks' projects in order, without repeats. The chunk vectors are cached
  under ``data_dir/evals`` (keyed by embedder and text) because they take a while to compute.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from pathlib import Path
from typing import Any

import numpy as np

from corpus.models import Catalogue
from index.bm25 import BM25Index
from index.nodes import build_nodes
from index.text import tokens

TOP_CHUNKS = 20


class Bm25Peer:
    name = "bm25"
    label = "BM25 allein"

    def __init__(self, catalogue: Catalogue) -> None:
        nodes = [n for n in build_nodes(catalogue) if n.project_id]
        self.bm25 = BM25Index.build(nodes)

    def rank(self, question: str, k: int = 10) -> list[str]:
        scores = self.bm25.scores(tokens(question))
        ranked: list[str] = []
        for position in np.argsort(-scores, kind="stable"):
            if scores[position] <= 0:
                break
            project_id = self.bm25.nodes[position].project_id
            if project_id not in ranked:
                ranked.append(project_id)
            if len(ranked) == k:
                break
        return ranked


class LlamaIndexPeer:
    name = "llamaindex"
    label = "llama-index (Standard)"

    def __init__(
        self, catalogue: Catalogue, text: str, embedder: Any, cache_dir: Path | None = None
    ) -> None:
        from llama_index.core import Document, VectorStoreIndex
        from llama_index.core.node_parser import SentenceSplitter

        chunks = SentenceSplitter().get_nodes_from_documents([Document(text=text)])
        vectors = self._vectors(chunks, text, embedder, cache_dir)
        for chunk, vector in zip(chunks, vectors, strict=True):
            chunk.embedding = vector
        self.index = VectorStoreIndex(chunks, embed_model=embedder)
        self.retriever = self.index.as_retriever(similarity_top_k=TOP_CHUNKS)
        self.owner = {c.node_id: _owner(c, text, catalogue) for c in chunks}

    @staticmethod
    def _vectors(chunks: list, text: str, embedder: Any, cache_dir: Path | None) -> list:
        key = hashlib.sha256(f"{embedder.model_name}\n{text}".encode()).hexdigest()[:16]
        path = cache_dir / f"llamaindex-chunks-{key}.json" if cache_dir else None
        if path and path.exists():
            cached = json.loads(path.read_text("utf-8"))
            if len(cached) == len(chunks):
                return cached
        vectors = embedder.get_text_embedding_batch([c.get_content() for c in chunks])
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(vectors), "utf-8")
        return vectors

    def rank(self, question: str, k: int = 10) -> list[str]:
        ranked: list[str] = []
        for hit in self.retriever.retrieve(question):
            project_id = self.owner.get(hit.node.node_id)
            if project_id and project_id not in ranked:
                ranked.append(project_id)
        return ranked[:k]


def _owner(chunk: Any, text: str, catalogue: Catalogue) -> str | None:
    """The project whose source lines the chunk overlaps most (None: only general text)."""
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    first = bisect_right(starts, chunk.start_char_idx or 0)  # 1-based line numbers
    last = bisect_right(starts, max((chunk.end_char_idx or 1) - 1, 0))
    best, best_overlap = None, 0
    for project in catalogue.projects:
        overlap = min(last, project.source.line_end) - max(first, project.source.line_start) + 1
        if overlap > best_overlap:
            best, best_overlap = project.id, overlap
    return best

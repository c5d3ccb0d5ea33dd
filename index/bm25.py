"""German BM25 over the nodes (bm25s), persisted next to the vector store.

The node table (ids, fields, texts, metadata, hashes) is stored with the BM25 matrices, so
loading needs neither the catalogue nor Chroma. Rebuilding is cheap (no embedding), so every
build that changes the node set rewrites it whole: a removed project is gone from BM25 too.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.text import tokens
from index.types import Node

NODES_FILE = "nodes.json"


class BM25Index:
    """Lexical scores for every node; ``scores`` is aligned with ``nodes``."""

    def __init__(self, nodes: Sequence[Node], retriever: Any) -> None:
        self.nodes = list(nodes)
        self._retriever = retriever
        self._vocab: dict[str, int] = dict(getattr(retriever, "vocab_dict", {}) or {})

    @classmethod
    def build(cls, nodes: Sequence[Node]) -> BM25Index:
        import bm25s

        retriever = bm25s.BM25(k1=1.2, b=0.75)
        corpus = [tokens(node.text) or [""] for node in nodes]
        retriever.index(corpus, show_progress=False)
        return cls(nodes, retriever)

    def scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        known = [t for t in query_tokens if t in self._vocab]
        if not known or not self.nodes:
            return np.zeros(len(self.nodes), dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)

    def save(self, directory: Path) -> None:
        """Write atomically: a reader never sees half an index."""
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".bm25-", dir=directory.parent))
        try:
            self._retriever.save(str(tmp), show_progress=False)
            table = [
                {
                    "node_id": n.node_id,
                    "project_id": n.project_id,
                    "field": n.field,
                    "text": n.text,
                    "metadata": n.metadata,
                    "content_hash": n.content_hash,
                }
                for n in self.nodes
            ]
            (tmp / NODES_FILE).write_text(json.dumps(table, ensure_ascii=False), "utf-8")
            old = directory.with_name(directory.name + ".old")
            if directory.exists():
                os.replace(directory, old)
            os.replace(tmp, directory)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path) -> BM25Index:
        import bm25s

        table = json.loads((directory / NODES_FILE).read_text("utf-8"))
        nodes = [
            Node(
                node_id=row["node_id"],
                project_id=row["project_id"],
                field=row["field"],
                text=row["text"],
                metadata=row["metadata"],
                content_hash=row["content_hash"],
            )
            for row in table
        ]
        retriever = bm25s.BM25.load(str(directory), show_progress=False, verbosity=0)
        return cls(nodes, retriever)

    @staticmethod
    def exists(directory: Path) -> bool:
        return (directory / NODES_FILE).is_file()

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

from index.text import compound_parts, worded_tokens
from index.types import Node

NODES_FILE = "nodes.json"
# Bumped when the tokens change: a BM25 saved with other tokens counts as missing and is
# rebuilt by the next `katalog index` (2: a second index with compound parts).
FORMAT = "2"
FORMAT_FILE = "format"
PARTS_DIR = "parts"
# A part of an unknown compound counts as much as a word the question writes out (on all open
# eval sets: 0.5 fixed 3 questions and broke 1, 1.0 fixed 6 and broke 2).
PART_WEIGHT = 1.0


class BM25Index:
    """Lexical scores for every node; ``scores`` is aligned with ``nodes``."""

    def __init__(self, nodes: Sequence[Node], retriever: Any, parts: Any = None) -> None:
        self.nodes = list(nodes)
        self._retriever = retriever
        self._vocab: dict[str, int] = dict(getattr(retriever, "vocab_dict", {}) or {})
        # The same nodes with every compound of two catalogue words also as its parts
        # ("Ratsarbeit": "rat", "arbeit"), searched only for the parts of a question's word
        # that no node uses: the scores of the words a question shares with the nodes stay
        # exactly as they are.
        self._parts = parts
        self._part_vocab: dict[str, int] = dict(getattr(parts, "vocab_dict", {}) or {})

    @classmethod
    def build(cls, nodes: Sequence[Node]) -> BM25Index:
        import bm25s

        worded = [worded_tokens(node.text) for node in nodes]
        retriever = bm25s.BM25(k1=1.2, b=0.75)
        retriever.index([[t for _, t in pairs] or [""] for pairs in worded], show_progress=False)
        known = {t for pairs in worded for _, t in pairs}
        parts = bm25s.BM25(k1=1.2, b=0.75)
        parts.index(
            [
                [t for w, t in pairs for t in (t, *compound_parts(w, known, whole=True))] or [""]
                for pairs in worded
            ],
            show_progress=False,
        )
        return cls(nodes, retriever, parts)

    def query_scores(self, *texts: str) -> np.ndarray:
        """BM25 scores of the tokens of ``texts``, plus ``PART_WEIGHT`` times those of the
        known parts of the words the nodes never use ("Ratsleute": "rat")."""
        whole: list[str] = []
        parts: list[str] = []
        for text in texts:
            for word, token in worded_tokens(text):
                whole.append(token)
                if token not in self._vocab:
                    parts += compound_parts(word, self._part_vocab, whole=False)
        scores = self.scores(list(dict.fromkeys(whole)))
        if parts and self._parts is not None:
            found = np.asarray(self._parts.get_scores(list(dict.fromkeys(parts))), np.float32)
            scores = scores + PART_WEIGHT * found
        return scores

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
            if self._parts is not None:
                self._parts.save(str(tmp / PARTS_DIR), show_progress=False)
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
            (tmp / FORMAT_FILE).write_text(FORMAT, "utf-8")
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
        # A document snapshot saved before the parts existed loads without them.
        parts = (
            bm25s.BM25.load(str(directory / PARTS_DIR), show_progress=False, verbosity=0)
            if (directory / PARTS_DIR).is_dir()
            else None
        )
        return cls(nodes, retriever, parts)

    @staticmethod
    def exists(directory: Path) -> bool:
        """Whether a BM25 index with this version's tokens is saved in ``directory``."""
        marker = directory / FORMAT_FILE
        return (
            (directory / NODES_FILE).is_file()
            and marker.is_file()
            and marker.read_text("utf-8").strip() == FORMAT
        )

"""On-disk layout of the document index: one immutable snapshot per partition, named by state.

Layout under ``settings.index_dir / "docs"``::

    state.json                      {"generation", "embedding", "partitions": {"public": v, ...}}
    public/<version>/bm25/          BM25 matrices and node table (``BM25Index.save``)
    public/<version>/vectors.npy    one normalised vector per node, aligned with the node table
    public/<version>/documents.json the partition's ``Document`` records
    internal/<version>/...          the same for internal documents

A version is named by the hash of its content and written aside, then renamed into place whole;
``state.json`` (replaced atomically, written last) says which versions are current. A crash at any
point leaves the previous state complete: versions nobody points to are debris the next sync
clears. Readers load exactly the versions the state names, so the lexical side, the dense side
and the document list always come from one snapshot. Each partition is its own folder and its own
Chroma collection: a handle for citizens never opens the internal one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from corpus.documents.models import Document
from index.bm25 import BM25Index
from index.types import Node
from katalog.files import fsync_dir as _fsync_dir
from katalog.files import write_durably as _write

log = logging.getLogger(__name__)

PARTITIONS = ("public", "internal")
STATE_FILE = "state.json"
VECTORS_FILE = "vectors.npy"
DOCUMENTS_FILE = "documents.json"
BM25_DIR = "bm25"


def docs_dir(index_dir: Path) -> Path:
    return Path(index_dir) / "docs"


def vector_id(node: Node) -> str:
    """The Chroma id of a node's vector: a changed chunk gets a new id, never overwrites one."""
    return f"{node.node_id}@{node.content_hash[:16]}"


@dataclass(frozen=True)
class State:
    generation: int = 0  # the document store's generation this state reflects
    embedding: str = ""  # the embedding model the vectors come from
    partitions: dict[str, str] = field(default_factory=dict)  # partition -> version ("" empty)

    def to_dict(self) -> dict[str, Any]:
        return {
            "generation": self.generation,
            "embedding": self.embedding,
            "partitions": dict(self.partitions),
        }


def read_state(root: Path) -> State | None:
    try:
        data = json.loads((root / STATE_FILE).read_text("utf-8"))
    except FileNotFoundError:
        return None
    return State(
        generation=int(data.get("generation", 0)),
        embedding=str(data.get("embedding", "")),
        partitions={str(k): str(v) for k, v in (data.get("partitions") or {}).items()},
    )


def state_key(root: Path) -> tuple[int, int, int] | None:
    """Changes whenever ``state.json`` is replaced (cheap enough to check on every request)."""
    try:
        stat = (root / STATE_FILE).stat()
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def write_state(root: Path, state: State) -> None:
    """Replace ``state.json`` atomically: the commit point of a sync."""
    tmp = root / f".{STATE_FILE}.{os.getpid()}.tmp"
    _write(tmp, json.dumps(state.to_dict(), ensure_ascii=False, indent=1).encode("utf-8"))
    os.replace(tmp, root / STATE_FILE)
    _fsync_dir(root)


def snapshot_version(nodes: Sequence[Node], documents: Sequence[Document], embedding: str) -> str:
    """Named by content: the same documents give the same version, nothing is rewritten."""
    payload = json.dumps(
        {
            "embedding": embedding,
            "nodes": [[n.node_id, n.content_hash] for n in nodes],
            "documents": [d.to_dict() for d in documents],
        },
        ensure_ascii=False,
        sort_keys=True,
    )
    return "v-" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16] if nodes else ""


@dataclass(frozen=True)
class Snapshot:
    """One partition as loaded: nodes (in the BM25 table), their vectors, its documents."""

    partition: str
    version: str
    bm25: BM25Index
    vectors: np.ndarray  # (len(nodes), dim), rows normalised
    documents: dict[str, Document]

    @property
    def nodes(self) -> list[Node]:
        return self.bm25.nodes

    def vectors_by_id(self) -> dict[str, np.ndarray]:
        return {vector_id(n): self.vectors[i] for i, n in enumerate(self.nodes)}


def empty_snapshot(partition: str) -> Snapshot:
    return Snapshot(partition, "", BM25Index([], None), np.zeros((0, 0), np.float32), {})


def write_snapshot(
    root: Path,
    partition: str,
    version: str,
    nodes: Sequence[Node],
    vectors: np.ndarray,
    documents: Sequence[Document],
) -> None:
    """Build the version in a temporary folder and rename it into place whole."""
    if not version:
        return
    parent = root / partition
    target = parent / version
    if (target / DOCUMENTS_FILE).is_file():  # renamed in whole by an earlier run
        return
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=parent))
    try:
        BM25Index.build(nodes).save(tmp / BM25_DIR)
        with open(tmp / VECTORS_FILE, "wb") as handle:
            np.save(handle, np.asarray(vectors, dtype=np.float32))
            handle.flush()
            os.fsync(handle.fileno())
        docs = [d.to_dict() for d in documents]
        _write(tmp / DOCUMENTS_FILE, json.dumps(docs, ensure_ascii=False).encode("utf-8"))
        _fsync_dir(tmp)
        shutil.rmtree(target, ignore_errors=True)  # an incomplete leftover of the same name
        os.replace(tmp, target)
        _fsync_dir(parent)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def load_snapshot(root: Path, partition: str, version: str) -> Snapshot:
    if not version:
        return empty_snapshot(partition)
    folder = root / partition / version
    bm25 = BM25Index.load(folder / BM25_DIR)
    vectors = np.load(folder / VECTORS_FILE).astype(np.float32)
    if vectors.ndim != 2 or len(vectors) != len(bm25.nodes):
        raise ValueError(f"{folder}: {len(vectors)} vectors for {len(bm25.nodes)} nodes")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.maximum(norms, 1e-12)
    documents = json.loads((folder / DOCUMENTS_FILE).read_text("utf-8"))
    docs = {d["id"]: Document.from_dict(d) for d in documents}
    return Snapshot(partition, version, bm25, vectors, docs)


def published_documents(root: Path) -> dict[str, tuple[str, Document]]:
    """What the index shows: {doc id: (partition, Document)} of the versions ``state.json``
    names (only their ``documents.json`` is read). Raises ``OSError``/``ValueError`` when a
    named version is missing or unreadable."""
    state = read_state(root)
    shown: dict[str, tuple[str, Document]] = {}
    for partition, version in (state.partitions if state else {}).items():
        if not version:
            continue
        folder = root / partition / version
        for data in json.loads((folder / DOCUMENTS_FILE).read_text("utf-8")):
            shown[data["id"]] = (partition, Document.from_dict(data))
    return shown


def clear_versions(root: Path, partition: str, keep: set[str]) -> None:
    """Delete versions not in ``keep`` (the current and the previous one: a reader in another
    process may still be loading the previous one) and leftovers of interrupted builds."""
    parent = root / partition
    if not parent.is_dir():
        return
    for entry in parent.iterdir():
        if entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True)

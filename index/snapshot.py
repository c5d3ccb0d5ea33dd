"""The catalogue's vectors as Chroma holds them at the end of a build, in one file beside the
BM25 index, so that opening the index reads one file and imports no Chroma.

Opening the index from Chroma costs most of a restart: importing ``chromadb`` about 1.2 s and
reading every node's, unit's and known question's vector back about 0.6 s, on 2 cores. Chroma
stays the vector store every build writes to (and a Chroma server the store of every host that
sets ``KATALOG_CHROMA_URL``: those never read a snapshot). A build removes the snapshot before it
touches Chroma and writes a new one, atomically, from Chroma's content when it is done: a build
that fails leaves no snapshot, and the index is then opened from Chroma as before.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.units import UnitVectors

log = logging.getLogger(__name__)

SNAPSHOT_FILE = "vectors.npz"


@dataclass(frozen=True)
class Snapshot:
    embedding: str  # the embedding spec the vectors were built with
    node_vectors: tuple[list[str], np.ndarray]  # the main collection's ids and vectors
    units: UnitVectors | None
    asked: UnitVectors | None

    @property
    def count(self) -> int:
        """Vectors in the main collection."""
        return len(self.node_vectors[0])


def snapshot_path(bm25_dir: Path) -> Path:
    return Path(bm25_dir).parent / SNAPSHOT_FILE


def remove(bm25_dir: Path) -> None:
    snapshot_path(bm25_dir).unlink(missing_ok=True)


def _units_arrays(prefix: str, units: UnitVectors | None) -> dict[str, np.ndarray]:
    if units is None:
        return {}
    return {
        f"{prefix}_records": np.array(json.dumps(units.records(), ensure_ascii=False)),
        f"{prefix}_matrix": units.matrix,
    }


def write(
    bm25_dir: Path,
    embedding: str,
    main: Any,
    units: UnitVectors | None,
    asked: UnitVectors | None,
) -> Path:
    """Write the snapshot of the main collection ``main`` and the units read from Chroma."""
    got = main.get(include=["embeddings"])
    ids = list(got["ids"])
    matrix = np.asarray(got["embeddings"], dtype=np.float32).reshape(len(ids), -1)
    arrays = {
        "embedding": np.array(embedding),
        "node_ids": np.array(ids, dtype=str),
        "node_matrix": matrix,
        **_units_arrays("units", units),
        **_units_arrays("asked", asked),
    }
    path = snapshot_path(bm25_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".vectors-", suffix=".npz", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # as the BM25 files beside it (mkstemp makes it owner-only)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _units(stored: Any, prefix: str) -> UnitVectors | None:
    if f"{prefix}_records" not in stored.files:
        return None
    records = json.loads(str(stored[f"{prefix}_records"]))
    return UnitVectors.from_records(records, stored[f"{prefix}_matrix"])


def read(bm25_dir: Path) -> Snapshot | None:
    """The snapshot, or None when there is none or it cannot be read (then Chroma answers)."""
    path = snapshot_path(bm25_dir)
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as stored:
            ids = [str(i) for i in stored["node_ids"]]
            matrix = stored["node_matrix"]
            return Snapshot(
                embedding=str(stored["embedding"]),
                node_vectors=(ids, matrix),
                units=_units(stored, "units"),
                asked=_units(stored, "asked"),
            )
    except (OSError, ValueError, KeyError) as exc:
        log.warning("vector snapshot unreadable", extra={"path": str(path), "error": str(exc)})
        return None

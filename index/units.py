"""Evidence units: every record split into the pieces an answer can quote.

Per project: its title, each description sentence, each Einzelmaßnahme, each period and the
Zuständigkeit. Units are embedded at index time (the same model as the nodes, in their own
Chroma collection, incremental by content hash) so the assistant can rank a chosen project's
units against a question with the query vector the search has already computed.

Unit ids come from the catalogue's own numbers and the unit's position in its record
("unit:DS-1.8:sentence:03"); the content hash from the text, so re-indexing is idempotent.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

import numpy as np

from corpus.german import sentences
from corpus.models import Catalogue, Project, Section
from index.types import Node

# Bump when the way units are built changes: every unit is then re-embedded.
UNIT_SCHEMA = 1
UNIT_KINDS = ("title", "sentence", "measure", "period", "responsible")


def _hashed(node_id: str, text: str, metadata: dict[str, Any]) -> Node:
    """A node whose content hash covers the schema, its text and its metadata."""
    payload = json.dumps(
        {"schema": UNIT_SCHEMA, "text": text, "metadata": metadata},
        ensure_ascii=False,
        sort_keys=True,
    )
    return Node(
        node_id=node_id,
        project_id=metadata["project_id"],
        field=metadata["field"],
        text=text,
        metadata=metadata,
        content_hash=hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32],
    )


def _unit(project: Project, kind: str, position: int, text: str) -> Node:
    metadata = {"project_id": project.id, "field": kind, "position": position}
    return _hashed(unit_id(project.id, kind, position), text, metadata)


def record_units(project: Project) -> list[Node]:
    """The units of one record, in record order (title, sentences, measures, periods,
    Zuständigkeit)."""
    units = [_unit(project, "title", 0, f"{project.label} {project.title}")]
    units += [
        _unit(project, "sentence", i, s) for i, s in enumerate(sentences(project.description))
    ]
    units += [_unit(project, "measure", i, m) for i, m in enumerate(project.measures)]
    units += [
        _unit(project, "period", i, f"{p.label}: {p.text}".strip(": "))
        for i, p in enumerate(project.periods)
    ]
    if project.responsible_text:
        units.append(_unit(project, "responsible", 0, f"Zuständigkeit: {project.responsible_text}"))
    return units


def section_units(section: Section) -> list[Node]:
    """The sentences of a general section ("Fortschreibung", "Wirkungsbereiche und
    Aktionsfelder" …), kind "section", grouped under the section's id."""
    return [
        _hashed(
            unit_id(section.id, "section", i),
            text,
            {"project_id": section.id, "field": "section", "position": i},
        )
        for i, text in enumerate(sentences(section.text))
    ]


def build_units(catalogue: Catalogue) -> list[Node]:
    """All units of the catalogue, in catalogue order: the records', then the general
    sections'."""
    units = [unit for project in catalogue.projects for unit in record_units(project)]
    return units + [unit for section in catalogue.sections for unit in section_units(section)]


def unit_id(project_id: str, kind: str, position: int) -> str:
    return f"unit:{project_id}:{kind}:{position:02d}"


def build_asked(catalogue: Catalogue) -> list[Node]:
    """The questions the edition's data says each unit answers (``Knowledge.asked``), one
    node each, pointing at its unit. They are embedded as queries, the way a question is
    (``dense_query``), so a question is compared with questions: people ask "was passiert
    mit meinem Vorschlag?" of a sentence that says "adaptiert oder verworfen"."""
    from index.text import dense_query

    nodes = []
    owners = [p.id for p in catalogue.projects] + [s.id for s in catalogue.sections]
    for owner in dict.fromkeys(owners):
        for (kind, position), questions in catalogue.knowledge.asked.get(owner, {}).items():
            unit = unit_id(owner, kind, position)
            for number, question in enumerate(questions):
                # "project_id": the project's or, for kind "section", the section's id, by
                # which ``UnitVectors`` groups them.
                metadata = {
                    "project_id": owner,
                    "field": "asked",
                    "position": position,
                    "unit": unit,
                }
                node_id = f"asked:{owner}:{kind}:{position:02d}:{number}"
                nodes.append(_hashed(node_id, dense_query(question), metadata))
    return nodes


class UnitVectors:
    """The embedded units held in memory: a matrix aligned with ``units``."""

    def __init__(self, units: list[Node], matrix: np.ndarray) -> None:
        self.units = units
        self.matrix = matrix
        self._rows: dict[str, list[int]] = {}
        for row, unit in enumerate(units):
            self._rows.setdefault(unit.project_id or "", []).append(row)

    def records(self) -> list[dict[str, Any]]:
        """The units as JSON-ready records, in row order (see ``from_records``)."""
        return [
            {
                "node_id": u.node_id,
                "project_id": u.project_id,
                "field": u.field,
                "text": u.text,
                "metadata": u.metadata,
                "content_hash": u.content_hash,
            }
            for u in self.units
        ]

    @classmethod
    def from_records(cls, records: list[dict[str, Any]], matrix: np.ndarray) -> UnitVectors:
        return cls([Node(**r) for r in records], np.asarray(matrix, dtype=np.float32))

    @classmethod
    def from_collection(cls, collection: Any) -> UnitVectors | None:
        """The units stored in a Chroma collection, or None when it holds none."""
        got = collection.get(include=["embeddings", "documents", "metadatas"])
        if got["embeddings"] is None or len(got["embeddings"]) == 0:
            return None
        rows = sorted(
            zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True),
            key=lambda r: r[0],
        )
        units = [
            Node(
                node_id=unit_id,
                project_id=(meta or {}).get("project_id") or None,
                field=(meta or {}).get("field", ""),
                text=text or "",
                metadata=dict(meta or {}),
                content_hash=(meta or {}).get("content_hash", ""),
            )
            for unit_id, text, meta, _ in rows
        ]
        matrix = np.asarray([r[3] for r in rows], dtype=np.float32)
        return cls(units, matrix)

    def similarities(
        self, vector: Iterable[float], project_ids: Iterable[str]
    ) -> list[tuple[Node, float]]:
        """Cosine similarity of the query vector to every unit of the given projects."""
        rows = [r for pid in dict.fromkeys(project_ids) for r in self._rows.get(pid, [])]
        if not rows:
            return []
        cosine = self.matrix[rows] @ np.asarray(list(vector), dtype=np.float32)
        return [(self.units[r], float(c)) for r, c in zip(rows, cosine, strict=True)]

    def best_by_project(self, vector: Iterable[float]) -> dict[str, float]:
        """For vectors of asked questions: project id -> the highest cosine of the query to
        one of the questions its units answer (questions of general sections are left out)."""
        cosine = self.matrix @ np.asarray(list(vector), dtype=np.float32)
        return {pid: float(cosine[rows].max()) for pid, rows in self._rows.items() if pid and rows}

    def overlap(self, first: str, second: str) -> dict[str, float]:
        """Unit id -> its highest cosine to a unit of the other project, for the units of
        two projects (what the two records say alike, and what only one of them says)."""
        a, b = self._rows.get(first, []), self._rows.get(second, [])
        if not a or not b:
            return {}
        cosine = self.matrix[a] @ self.matrix[b].T
        found = {
            self.units[r].node_id: float(c) for r, c in zip(a, cosine.max(axis=1), strict=True)
        }
        found.update(
            {self.units[r].node_id: float(c) for r, c in zip(b, cosine.max(axis=0), strict=True)}
        )
        return found

    def best_by_unit(self, vector: Iterable[float], project_ids: Iterable[str]) -> dict[str, float]:
        """For vectors of asked questions: the unit id -> the highest cosine of the query to
        one of the questions it answers."""
        best: dict[str, float] = {}
        for node, cosine in self.similarities(vector, project_ids):
            unit = node.metadata.get("unit", "")
            best[unit] = max(cosine, best.get(unit, -1.0))
        return best

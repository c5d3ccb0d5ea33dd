"""Records → nodes. A node never crosses a project boundary.

Per project: an ``overview`` node (label, title, Wirkungsbereich, Aktionsfeld, description),
and, where the record has them, a ``measures``, a ``responsible`` and a ``periods`` node.
Every project node starts with the project's label and title, so a node read alone still
says what it is about ("DS 2.5 Handyparken – Zuständigkeit: ..."). Long descriptions are
additionally split into paragraph nodes (field ``overview``) so a detail mentioned once in a
long text is not averaged away in the embedding. General sections become ``section`` nodes.

Node ids are derived from the catalogue's own ids, the content hash from the node's text and
metadata: re-indexing the same catalogue gives the same ids and hashes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from corpus.models import Catalogue, Project, Section
from index.types import Node

# Bump when the way nodes are built changes: every node is then re-embedded.
NODE_SCHEMA = 4  # 4: one German fold (ae/oe/ue at a word start too)
# Descriptions longer than this get extra paragraph nodes.
SPLIT_DESCRIPTION_CHARS = 700
SECTION_CHUNK_CHARS = 900


def project_header(project: Project) -> str:
    header = f"{project.label} {project.title}"
    if project.smart_city_field:
        header += f" (Aktionsfeld {project.smart_city_field})"
    return header


def _hash(text: str, metadata: dict) -> str:
    payload = json.dumps(
        {"schema": NODE_SCHEMA, "text": text, "metadata": metadata},
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def _node(node_id: str, project_id: str | None, field: str, text: str, extra: dict) -> Node:
    metadata = {"project_id": project_id or "", "field": field, **extra}
    return Node(
        node_id=node_id,
        project_id=project_id,
        field=field,
        text=text,
        metadata=metadata,
        content_hash=_hash(text, metadata),
    )


def _paragraphs(text: str, limit: int) -> list[str]:
    """Paragraphs of ``text``, short neighbours merged up to ``limit`` characters."""
    parts = [p.strip() for p in text.split("\n\n") if p.strip()]
    chunks: list[str] = []
    for part in parts:
        if chunks and len(chunks[-1]) + len(part) + 1 <= limit:
            chunks[-1] = f"{chunks[-1]}\n{part}"
        else:
            chunks.append(part)
    return chunks


def project_nodes(project: Project) -> list[Node]:
    header = project_header(project)
    extra = {
        "label": project.label,
        "title": project.title,
        "impact_area": project.impact_area,
        "action_field": project.action_field,
        "smart_city_field": project.smart_city_field or "",
    }
    pid = project.id
    context = f"{project.impact_area}, Aktionsfeld {project.action_field}."
    nodes = [
        _node(
            f"project:{pid}:overview",
            pid,
            "overview",
            f"{header}. {context}\n{project.description}".strip(),
            extra,
        )
    ]
    if len(project.description) > SPLIT_DESCRIPTION_CHARS:
        chunks = _paragraphs(project.description, SPLIT_DESCRIPTION_CHARS)
        if len(chunks) > 1:
            for number, chunk in enumerate(chunks):
                nodes.append(
                    _node(
                        f"project:{pid}:overview:{number}",
                        pid,
                        "overview",
                        f"{header}: {chunk}",
                        extra,
                    )
                )
    if project.measures:
        measures = "; ".join(project.measures)
        nodes.append(
            _node(
                f"project:{pid}:measures",
                pid,
                "measures",
                f"{header} – Einzelmaßnahmen: {measures}",
                extra,
            )
        )
    if project.responsible_text:
        nodes.append(
            _node(
                f"project:{pid}:responsible",
                pid,
                "responsible",
                f"{header} – Zuständigkeit: {project.responsible_text}",
                extra,
            )
        )
    if project.periods:
        periods = " ".join(period.text for period in project.periods)
        nodes.append(
            _node(
                f"project:{pid}:periods",
                pid,
                "periods",
                f"{header} – Zeitraum: {periods}",
                extra,
            )
        )
    return nodes


def section_nodes(section: Section) -> list[Node]:
    extra = {
        "section_id": section.id,
        "title": section.title,
        "impact_area": "",
        "action_field": "",
    }
    chunks = _paragraphs(section.text, SECTION_CHUNK_CHARS) or [""]
    return [
        _node(
            f"section:{section.id}:{number}",
            None,
            "section",
            f"{section.title}: {chunk}".strip(),
            extra,
        )
        for number, chunk in enumerate(chunks)
    ]


def build_nodes(catalogue: Catalogue) -> list[Node]:
    """All nodes of the catalogue, in catalogue order."""
    nodes: list[Node] = []
    for project in catalogue.projects:
        nodes.extend(project_nodes(project))
    for section in catalogue.sections:
        nodes.extend(section_nodes(section))
    return nodes


def nodes_by_project(nodes: Iterable[Node]) -> dict[str | None, list[Node]]:
    grouped: dict[str | None, list[Node]] = {}
    for node in nodes:
        grouped.setdefault(node.project_id, []).append(node)
    return grouped

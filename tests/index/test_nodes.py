from __future__ import annotations

import re

from index.nodes import build_nodes, project_nodes

LABEL = re.compile(r"\b(DV|DS) \d\.\d{1,2}\b")


def test_every_project_has_its_four_kinds_of_node(catalogue):
    fields = {n.field for n in project_nodes(catalogue["DS-2.5"])}
    assert fields == {"overview", "measures", "responsible", "periods"}


def test_the_smart_city_overview_has_only_an_overview(catalogue):
    # Its long description also yields paragraph nodes, all of field "overview".
    nodes = project_nodes(catalogue["DS-2.0"])
    assert {n.field for n in nodes} == {"overview"}
    assert nodes[0].node_id == "project:DS-2.0:overview"
    assert [n.node_id for n in nodes[1:]] == [
        f"project:DS-2.0:overview:{i}" for i in range(len(nodes) - 1)
    ]


def test_nodes_carry_project_metadata(catalogue):
    node = next(n for n in project_nodes(catalogue["DS-2.5"]) if n.field == "responsible")
    assert node.node_id == "project:DS-2.5:responsible"
    assert node.metadata == {
        "project_id": "DS-2.5",
        "field": "responsible",
        "label": "DS 2.5",
        "title": "Handyparken",
        "impact_area": "Digitale Stadt",
        "action_field": "Smart City",
        "smart_city_field": "Smart Mobility",
    }
    assert node.text == (
        "DS 2.5 Handyparken (Aktionsfeld Smart Mobility) – Zuständigkeit: Fachbereich 20, "
        "Fachbereich 32, Fachbereich 10 – Abteilung 10.1, WTM Kleve GmbH"
    )


def test_no_node_crosses_a_project_boundary(catalogue):
    for node in build_nodes(catalogue):
        if node.project_id is None:
            continue
        project = catalogue[node.project_id]
        assert node.text.startswith(project.label)
        # Labels of other projects appear only where the project's own text names them.
        own = {m.group(0) for m in LABEL.finditer(project.description)} | {project.label}
        assert {m.group(0) for m in LABEL.finditer(node.text)} <= own


def test_sections_are_nodes_of_their_own(catalogue):
    sections = [n for n in build_nodes(catalogue) if n.field == "section"]
    assert {n.metadata["section_id"] for n in sections} == {s.id for s in catalogue.sections}
    assert all(n.project_id is None for n in sections)


def test_ids_and_hashes_are_stable(catalogue):
    first = {n.node_id: n.content_hash for n in build_nodes(catalogue)}
    second = {n.node_id: n.content_hash for n in build_nodes(catalogue)}
    assert first == second
    assert len(first) == len(build_nodes(catalogue))  # ids are unique


def test_a_changed_project_changes_only_its_own_hashes(catalogue, edited):
    before = {n.node_id: n.content_hash for n in build_nodes(catalogue)}
    changed = edited(catalogue, "DS-2.5", responsible_text="Fachbereich 32")
    after = {n.node_id: n.content_hash for n in build_nodes(changed)}
    differing = {i for i in before if before[i] != after[i]}
    assert differing == {"project:DS-2.5:responsible"}

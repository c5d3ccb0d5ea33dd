"""Evidence units: a record split into title, sentences, measures, periods, Zuständigkeit."""

from __future__ import annotations

import numpy as np
import pytest

from corpus.german import sentences
from corpus.parser import load_catalogue
from index.text import dense_query
from index.types import Node
from index.units import UnitVectors, build_asked, build_units, record_units, unit_id


def test_units_of_a_record_in_record_order():
    p = load_catalogue()["DS-2.6"]
    units = record_units(p)
    kinds = [u.field for u in units]
    assert kinds[0] == "title" and units[0].text == "DS 2.6 LoRaWAN"
    assert kinds[-1] == "responsible"
    assert units[-1].text == f"Zuständigkeit: {p.responsible_text}"
    measures = [u.text for u in units if u.field == "measure"]
    assert measures == list(p.measures)
    assert "Aufbau einer LoRaWAN-Infrastruktur" in measures
    assert any("Luftverschmutzung, Temperatur" in u.text for u in units if u.field == "sentence")
    assert units[1].node_id == "unit:DS-2.6:sentence:00"


def test_unit_ids_and_hashes_are_stable():
    catalogue = load_catalogue()
    first, second = build_units(catalogue), build_units(catalogue)
    assert [(u.node_id, u.content_hash) for u in first] == [
        (u.node_id, u.content_hash) for u in second
    ]
    assert len({u.node_id for u in first}) == len(first)


def test_similarities_only_for_the_asked_projects():
    units = record_units(load_catalogue()["DS-1.8"]) + record_units(load_catalogue()["DS-2.5"])
    matrix = np.eye(len(units), 4, dtype=np.float32)
    vectors = UnitVectors(units, matrix)
    found = vectors.similarities([1.0, 0.0, 0.0, 0.0], ["DS-1.8"])
    assert {u.project_id for u, _ in found} == {"DS-1.8"}
    assert found[0] == (units[0], 1.0)
    assert vectors.similarities([1.0, 0, 0, 0], ["DV-9.9"]) == []


def test_each_known_question_points_at_its_unit():
    catalogue = load_catalogue()
    asked = build_asked(catalogue)
    by_project = catalogue.knowledge.asked.values()
    questions = [q for units in by_project for qs in units.values() for q in qs]
    assert len(asked) == len(questions) == 1488
    units = {u.node_id for u in build_units(catalogue)}
    sections = {
        unit_id(s.id, "section", i)
        for s in catalogue.sections
        for i, _ in enumerate(sentences(s.text))
    }
    assert {a.metadata["unit"] for a in asked} <= units | sections
    assert len({a.metadata["unit"] for a in asked} & sections) == 63
    node = next(a for a in asked if a.node_id == "asked:DS-3.2:sentence:11:0")
    assert node.metadata["unit"] == "unit:DS-3.2:sentence:11"
    # Embedded the way a question is: its topic words, without the question words.
    question = "Wird auf der Plattform begründet, ob und weshalb eine Idee übernommen wird?"
    assert node.text == dense_query(question)
    assert node.field == "asked" and node.project_id == "DS-3.2"


def test_best_by_unit_takes_the_closest_question():
    units = record_units(load_catalogue()["DS-1.8"])
    asked = [
        Node(f"asked:{i}", "DS-1.8", "asked", "q", {"unit": unit}, "h")
        for i, unit in enumerate([units[1].node_id, units[1].node_id, units[2].node_id])
    ]
    matrix = np.asarray([[0.2, 0.0], [0.9, 0.1], [0.5, 0.5]], dtype=np.float32)
    best = UnitVectors(asked, matrix).best_by_unit([1.0, 0.0], ["DS-1.8"])
    assert best == {units[1].node_id: 0.8999999761581421, units[2].node_id: 0.5}
    assert UnitVectors(asked, matrix).best_by_unit([1.0, 0.0], ["DS-2.5"]) == {}


def test_best_by_project_and_overlap_of_two_records():
    nodes = [
        Node("u:a:0", "DS-1.8", "sentence", "a0", {}, "h"),
        Node("u:a:1", "DS-1.8", "sentence", "a1", {}, "h"),
        Node("u:b:0", "DS-2.5", "sentence", "b0", {}, "h"),
        Node("u:s:0", None, "section", "s0", {}, "h"),
    ]
    matrix = np.asarray([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8], [1.0, 0.0]], dtype=np.float32)
    vectors = UnitVectors(nodes, matrix)
    # A general section's questions name no project.
    assert vectors.best_by_project([1.0, 0.0]) == pytest.approx({"DS-1.8": 1.0, "DS-2.5": 0.6})
    # Each unit's closest unit of the other record; the other record's one unit takes its best.
    assert vectors.overlap("DS-1.8", "DS-2.5") == pytest.approx(
        {"u:a:0": 0.6, "u:a:1": 0.8, "u:b:0": 0.8}
    )
    assert vectors.overlap("DS-1.8", "DV-9.9") == {}

"""Evidence units: a record split into title, sentences, measures, periods, Zuständigkeit."""

from __future__ import annotations

import numpy as np

from corpus.parser import load_catalogue
from index.units import UnitVectors, build_units, record_units


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

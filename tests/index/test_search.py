"""Hybrid search over the whole catalogue (built once per session, default embedder)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from index.types import ProjectHit


def _ids(hits: list[ProjectHit]) -> list[str]:
    return [h.id for h in hits]


def test_full_build_covers_every_project_and_section(full_index, catalogue):
    report = full_index.build_report
    assert report.nodes_total == len(full_index.nodes) == report.embedded + report.unchanged
    assert {n.project_id for n in full_index.nodes if n.project_id} == set(catalogue.ids())
    sections = {n.metadata["section_id"] for n in full_index.nodes if n.field == "section"}
    assert sections == {s.id for s in catalogue.sections}


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Wer ist für das Handyparken zuständig?", "DS-2.5"),
        ("Kann ich in Kleve das Parkticket per App lösen?", "DS-2.5"),
        ("Was ist mit der elektronischen Akte?", "DV-2.1"),
        ("Gibt es Homeoffice für die Mitarbeitenden?", "DV-2.3"),
        ("Wie weit ist die Stadt mit dem OZG?", "DS-1.3"),
        ("Wird ein Sensornetz für IoT aufgebaut?", "DS-2.6"),
        ("Welche Einzelmaßnahmen gibt es beim E-Rechnungsworkflow?", "DV-2.5"),
        ("Was ist Projekt 2.5 der Digitalen Verwaltung?", "DV-2.5"),
        ("Was ist DS 1.8?", "DS-1.8"),
    ],
)
def test_everyday_questions_find_the_project(full_index, question, expected):
    assert _ids(full_index.search(question, k=5))[0] == expected


@pytest.mark.parametrize("spelling", ["zuständig", "zustaendig", "zustandig"])
def test_umlaut_spellings_give_the_same_ranking(full_index, spelling):
    ranked = _ids(full_index.search(f"Wer ist für E-Payment {spelling}?", k=3))
    assert ranked[0] == "DS-1.8"


def test_the_responsibility_node_supports_a_who_question(full_index):
    # The query embedding leaves out "zuständig" (index.text.dense_query), so the node order
    # within the project is decided by small margins; the responsibility node is among them.
    hit = full_index.search("Wer ist für das Handyparken zuständig?", k=1)[0]
    responsible = {n.node_id: n for n in hit.nodes}["project:DS-2.5:responsible"]
    assert "Fachbereich 32" in responsible.text
    assert all(node.project_id == "DS-2.5" for node in hit.nodes)


def test_both_wlan_projects_come_first_for_free_internet(full_index):
    ranked = _ids(full_index.search("kostenloses Internet in der Innenstadt", k=5))
    assert set(ranked[:2]) == {"DS-2.4", "DV-1.5"}


def test_a_bare_ambiguous_number_brings_both_projects(full_index):
    ranked = _ids(full_index.search("Worum geht es bei 1.1?", k=5))
    assert set(ranked[:2]) == {"DV-1.1", "DS-1.1"}


def test_scores_are_ranked_and_within_zero_and_one(full_index):
    hits = full_index.search("Digitalisierung der Schulen", k=10)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert all(0.0 <= n.score <= 1.0 for h in hits for n in h.nodes)
    assert len(hits) == 10
    assert hits[0].id == "DS-2.1"


def test_an_unrelated_question_scores_lower_than_a_matching_one(full_index):
    matching = full_index.search("Wer ist für das Handyparken zuständig?", k=1)[0].score
    unrelated = full_index.search("Wann hat das Hallenbad geöffnet?", k=1)[0].score
    assert matching > 0.6
    assert unrelated < matching - 0.2


def test_project_search_never_returns_sections(full_index, catalogue):
    hits = full_index.search("Fortschreibung des Maßnahmenkatalogs", k=50)
    assert set(_ids(hits)) <= set(catalogue.ids())


def test_where_restricts_to_metadata(full_index, catalogue):
    hits = full_index.search("WLAN", k=10, where={"impact_area": "Digitale Verwaltung"})
    assert hits and all(h.id.startswith("DV-") for h in hits)
    assert _ids(hits)[0] == "DV-1.5"


def test_section_search(full_index):
    hits = full_index.search_sections("Wie oft wird der Maßnahmenkatalog fortgeschrieben?", k=3)
    assert hits[0].id == "fortschreibung"
    assert all(n.field == "section" and n.project_id is None for n in hits[0].nodes)
    assert len(hits) <= 3


def test_concurrent_searches_give_the_serial_results(full_index):
    questions = [
        "Wer ist für das Handyparken zuständig?",
        "Was ist mit der elektronischen Akte?",
        "kostenloses Internet in der Innenstadt",
        "Bis wann läuft LoRaWAN?",
    ] * 4
    serial = [full_index.search(q, k=5) for q in questions]
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(lambda q: full_index.search(q, k=5), questions))
    assert [_ids(h) for h in parallel] == [_ids(h) for h in serial]
    assert [[round(x.score, 5) for x in h] for h in parallel] == [
        [round(x.score, 5) for x in h] for h in serial
    ]


def test_to_dict_has_the_published_shape(full_index):
    data = full_index.search("Handyparken", k=1)[0].to_dict()
    assert set(data) == {"id", "score", "nodes"}
    assert set(data["nodes"][0]) == {"node_id", "project_id", "field", "text", "score"}


def test_vectors_in_memory_rank_like_a_chroma_query(full_index, monkeypatch):
    """The dense side ranks a copy of Chroma's vectors in memory; querying Chroma itself (the
    path for collections too large to hold) gives the same projects and scores."""
    questions = [
        "Wer ist für das Handyparken zuständig?",
        "kostenloses Internet in der Innenstadt",
        "Welche Projekte gehören zu Smart Mobility?",
        "Sensoren messen die Luftqualität",
    ]
    assert full_index._vectors is not None
    assert full_index._vectors.shape == (len(full_index.nodes), 384)
    in_memory = [full_index.search(q, k=5) for q in questions]
    monkeypatch.setattr(full_index, "_vectors", None)
    queried = [full_index.search(q, k=5) for q in questions]
    assert [_ids(h) for h in in_memory] == [_ids(h) for h in queried]
    for mine, theirs in zip(in_memory, queried, strict=True):
        assert [h.score for h in mine] == pytest.approx([h.score for h in theirs], abs=1e-4)


def test_a_vector_still_being_computed_is_shared():
    from concurrent.futures import Future

    from index.search import CatalogueIndex

    class Slow:
        calls = 0

        def __init__(self):
            self.pending: Future = Future()

        def submit_query(self, text):
            Slow.calls += 1
            return self.pending

    import threading
    from collections import OrderedDict

    index = CatalogueIndex.__new__(CatalogueIndex)
    index.embedder = Slow()
    index._cache, index._cache_lock, index._running = OrderedDict(), threading.Lock(), {}
    first = index._start_embedding("handyparken")
    second = index._start_embedding("handyparken")
    assert first is second and Slow.calls == 1
    index.embedder.pending.set_result([1.0, 0.0])
    assert index._start_embedding("handyparken").result() == [1.0, 0.0]
    assert Slow.calls == 1 and index._running == {}


def test_opening_the_index_keeps_blas_on_one_thread(full_index):
    from threadpoolctl import threadpool_info

    blas = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
    assert blas and set(blas) == {1}


def test_projects_clipped_to_the_same_score_are_ordered_by_the_raw_one(full_index):
    # Both projects' scores reach past 1.0 and are clipped to it; the one further past it
    # goes first, whatever its id.
    scores = np.zeros(len(full_index.nodes), dtype=np.float32)
    for node_id, score in (("project:DS-1.3:overview", 0.6), ("project:DS-1.7:overview", 0.6)):
        scores[[n.node_id for n in full_index.nodes].index(node_id)] = score
    hits = full_index._aggregate(
        scores, lambda n: n.project_id, bonus={"DS-1.3": 0.5, "DS-1.7": 0.7}
    )
    assert [(h.id, h.score) for h in hits] == [("DS-1.7", 1.0), ("DS-1.3", 1.0)]

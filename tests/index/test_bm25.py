from __future__ import annotations

import numpy as np

from index.bm25 import FORMAT_FILE, BM25Index
from index.nodes import build_nodes
from index.text import tokens


def _top(bm25: BM25Index, query: str) -> str:
    scores = bm25.scores(tokens(query))
    return bm25.nodes[int(np.argmax(scores))].node_id


def test_finds_nodes_by_folded_and_stemmed_words(small_catalogue):
    bm25 = BM25Index.build(build_nodes(small_catalogue))
    assert _top(bm25, "zustaendig ratsarbeit") == "project:DS-1.4:responsible"
    assert _top(bm25, "WLAN Hotspots").startswith("project:DS-2.4:")


def test_unknown_words_score_zero(small_catalogue):
    bm25 = BM25Index.build(build_nodes(small_catalogue))
    assert not bm25.scores(tokens("Schwimmbad Öffnungszeiten")).any()


def test_save_and_load_round_trip(small_catalogue, tmp_path):
    bm25 = BM25Index.build(build_nodes(small_catalogue))
    bm25.save(tmp_path / "bm25")
    loaded = BM25Index.load(tmp_path / "bm25")
    assert [n.node_id for n in loaded.nodes] == [n.node_id for n in bm25.nodes]
    assert loaded.nodes[0] == bm25.nodes[0]
    query = tokens("Wer ist für die Ratsarbeit zuständig?")
    assert np.allclose(loaded.scores(query), bm25.scores(query))
    # Saving again replaces the folder whole.
    bm25.save(tmp_path / "bm25")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bm25"]


def test_an_unknown_compound_finds_the_nodes_of_its_known_part(catalogue):
    bm25 = BM25Index.build(build_nodes(catalogue))
    # No node says "Ratsleute"; DS 1.4's "Ratsarbeit" and "Ratsmitglieder" share its "Rat".
    assert not bm25.scores(tokens("Ratsleute")).any()
    scores = bm25.query_scores("Ratsleute")
    assert bm25.nodes[int(np.argmax(scores))].project_id == "DS-1.4"
    # The words a question shares with the nodes score exactly as before.
    query = "Wer ist für die Ratsarbeit zuständig?"
    assert np.allclose(bm25.query_scores(query), bm25.scores(tokens(query)))


def test_a_bm25_saved_with_other_tokens_counts_as_missing(small_catalogue, tmp_path):
    BM25Index.build(build_nodes(small_catalogue)).save(tmp_path / "bm25")
    assert BM25Index.exists(tmp_path / "bm25")
    (tmp_path / "bm25" / FORMAT_FILE).write_text("1")
    assert not BM25Index.exists(tmp_path / "bm25")

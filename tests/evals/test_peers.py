"""The two peers of the retrieval eval: BM25 alone and the plain llama-index recipe."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from corpus.parser import load_catalogue
from evals.peers import Bm25Peer, LlamaIndexPeer, _owner
from katalog.settings import Settings


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="module")
def text() -> str:
    return Settings().catalogue_path.read_text(encoding="utf-8")


@dataclass
class Chunk:
    start_char_idx: int
    end_char_idx: int


def _offset(text: str, line: int) -> int:
    """Character offset of the start of 1-based ``line``."""
    return sum(len(x) + 1 for x in text.split("\n")[: line - 1])


def test_a_chunk_belongs_to_the_project_it_overlaps_most(catalogue, text):
    handyparken = catalogue["DS-2.5"].source
    inside = Chunk(_offset(text, handyparken.line_start), _offset(text, handyparken.line_end))
    assert _owner(inside, text, catalogue) == "DS-2.5"
    # Starting in the last lines of DS 2.4 and running through DS 2.5: DS 2.5 has more lines.
    lorawan_start = catalogue["DS-2.6"].source.line_start
    spanning = Chunk(_offset(text, handyparken.line_start - 2), _offset(text, lorawan_start + 2))
    assert _owner(spanning, text, catalogue) == "DS-2.5"


def test_general_text_belongs_to_no_project(catalogue, text):
    foreword = Chunk(0, _offset(text, 20))
    assert _owner(foreword, text, catalogue) is None


def test_bm25_peer_ranks_projects_by_their_best_node(catalogue):
    peer = Bm25Peer(catalogue)
    assert peer.rank("Handyparken zuständig", k=3)[0] == "DS-2.5"
    assert peer.rank("Öffnungszeiten Schwimmbad") == []
    # No lexicon: the everyday word does not bring the Dokumentenmanagementsystem first.
    assert peer.rank("E-Akte", k=5)[0] != "DV-2.1"


def test_llamaindex_peer_attributes_chunks(catalogue, text, tmp_path):
    from index.embeddings import make_embedder

    head = "\n".join(text.split("\n")[: catalogue["DV-1.3"].source.line_start - 1])
    peer = LlamaIndexPeer(catalogue, head, make_embedder("e5-small"), cache_dir=tmp_path)
    ranked = peer.rank("Was gehört zur Digitalisierungsstrategie?")
    assert set(ranked) <= {"DV-1.1", "DV-1.2"}
    assert ranked[0] == "DV-1.1"
    # The chunk vectors are cached for the next run.
    assert len(list(tmp_path.glob("llamaindex-chunks-*.json"))) == 1

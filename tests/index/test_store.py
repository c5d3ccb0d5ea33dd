"""Incremental, persisted builds on a real Chroma under tmp_path (three-project catalogue)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from corpus.models import Knowledge
from index.bm25 import BM25Index
from index.store import build_index, open_index
from index.units import build_units
from index.vectorstore import make_client
from katalog.errors import IndexNotBuiltError
from katalog.settings import Settings


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "var")


def _chroma_ids(settings: Settings) -> set[str]:
    collection = make_client(settings).get_collection(settings.chroma_collection)
    return set(collection.get()["ids"])


def test_first_build_embeds_every_node(settings, small_catalogue, counting):
    report = build_index(settings, small_catalogue, embedder=counting)
    units = build_units(small_catalogue)
    assert report.embedded == report.nodes_total == 13
    # 23 units of the three records, 8 sentences of the section
    assert report.units_embedded == len(units) == 23 + 8
    assert sum(u.field == "section" for u in units) == 8
    assert counting.passages == 13 + 23 + 8
    assert report.removed == 0
    assert report.projects_changed == ("DS-1.4", "DS-2.4", "DV-2.10")
    assert (settings.index_dir / "chroma").is_dir()
    assert BM25Index.exists(settings.index_dir / "bm25")


def test_second_build_embeds_nothing(settings, small_catalogue, counting):
    build_index(settings, small_catalogue, embedder=counting)
    counting.passages = counting.queries = 0
    report = build_index(settings, small_catalogue, embedder=counting)
    assert (report.embedded, report.removed, report.projects_changed) == (0, 0, ())
    assert report.units_embedded == 0
    assert report.unchanged == report.nodes_total
    assert counting.passages == 0
    assert counting.queries == 0  # no re-calibration either


def test_a_changed_project_re_embeds_only_its_nodes(settings, small_catalogue, counting, edited):
    build_index(settings, small_catalogue, embedder=counting)
    counting.passages = 0
    changed = edited(small_catalogue, "DS-1.4", measures=("iPads beschaffen",))
    report = build_index(settings, changed, embedder=counting)
    # One node (the measures) and one unit (the first measure, the others are removed).
    assert (report.embedded, report.units_embedded, counting.passages) == (1, 1, 2)
    assert report.projects_changed == ("DS-1.4",)
    index = open_index(settings, changed, embedder=counting)
    hit = index.search("Wer beschafft die iPads?", k=1)[0]
    assert hit.id == "DS-1.4"
    assert hit.nodes[0].node_id == "project:DS-1.4:measures"
    measures = next(n for n in index.nodes if n.node_id == "project:DS-1.4:measures")
    assert measures.text.endswith("Einzelmaßnahmen: iPads beschaffen")


def test_a_removed_project_disappears_from_chroma_and_bm25(
    settings, small_catalogue, counting, without
):
    build_index(settings, small_catalogue, embedder=counting)
    assert any(i.startswith("project:DS-2.4:") for i in _chroma_ids(settings))
    counting.passages = 0
    report = build_index(settings, without(small_catalogue, "DS-2.4"), embedder=counting)
    assert report.projects_removed == ("DS-2.4",)
    assert report.embedded == counting.passages == 0
    assert not any(i.startswith("project:DS-2.4:") for i in _chroma_ids(settings))
    index = open_index(settings, embedder=counting)
    assert not any(n.project_id == "DS-2.4" for n in index.nodes)
    assert all(hit.id != "DS-2.4" for hit in index.search("WLAN Hotspots", k=10))


def test_opening_never_builds(settings, small_catalogue, counting):
    build_index(settings, small_catalogue, embedder=counting)
    counting.passages = 0
    index = open_index(settings, embedder=counting)
    index.search("Ratsarbeit", k=3)
    assert counting.passages == 0


def test_missing_index_is_reported_in_german(settings):
    with pytest.raises(IndexNotBuiltError) as info:
        open_index(settings)
    assert info.value.message == "Der Suchindex fehlt. Bitte zuerst `katalog index` ausführen."


def test_an_index_of_another_embedder_is_not_used(settings, small_catalogue, counting):
    build_index(settings, small_catalogue, embedder=counting)
    other = settings.model_copy(update={"embedding": "sentence-transformers:all-MiniLM-L6-v2"})
    with pytest.raises(IndexNotBuiltError) as info:
        open_index(other)
    assert "'e5-small'" in info.value.message
    assert "katalog index" in info.value.message


def test_opening_and_searching_do_not_import_llama_index(settings, small_catalogue, counting):
    """Start-up stays fast: llama-index (about two seconds of imports) is for building only."""

    build_index(settings, small_catalogue, embedder=counting)
    modules = "sorted(m for m in sys.modules if m.startswith('llama_index'))"
    assert _opened_elsewhere(settings, modules) == ["DS-1.4", "[]"]


def _opened_elsewhere(settings: Settings, probe: str) -> list[str]:
    """Open the index in a fresh interpreter, search once, and print ``probe``."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from katalog.settings import Settings\n"
        "from index.store import open_index\n"
        f"index = open_index(Settings(data_dir={str(settings.data_dir)!r}))\n"
        "print(index.search('Ratsarbeit', k=1)[0].id)\n"
        f"print({probe})\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.splitlines()


def test_opening_reads_the_snapshot_and_imports_no_chroma(settings, small_catalogue, counting):
    """A restart reads the build's vector snapshot: no Chroma import (about 1.2 s) and no
    read-back of every vector; the searches and the units are Chroma's, exactly."""

    import numpy as np

    from index import snapshot

    build_index(settings, small_catalogue, embedder=counting)
    bm25_dir = settings.index_dir / "bm25"
    assert snapshot.snapshot_path(bm25_dir).exists()
    fast = open_index(settings, small_catalogue, embedder=counting)
    snapshot.remove(bm25_dir)
    slow = open_index(settings, small_catalogue, embedder=counting)  # from Chroma
    assert np.array_equal(fast._vectors, slow._vectors)
    assert [u.node_id for u in fast.units.units] == [u.node_id for u in slow.units.units]
    assert np.array_equal(fast.units.matrix, slow.units.matrix)
    assert fast.units.units == slow.units.units
    for query in ("Ratsarbeit", "Wer betreut die WLAN Hotspots?"):
        assert fast.search(query, k=3) == slow.search(query, k=3)
    # the collection itself is opened when asked for (llama-index's vector store)
    assert fast.collection.count() == 13

    build_index(settings, small_catalogue, embedder=counting)  # writes it again
    assert _opened_elsewhere(settings, "'chromadb' in sys.modules") == ["DS-1.4", "False"]


def test_a_failed_build_leaves_no_snapshot(settings, small_catalogue, counting, edited):
    """The snapshot goes before a build touches Chroma and comes back when it is done: an
    index left half-built is opened from Chroma, never from vectors of the build before."""
    from index import snapshot

    build_index(settings, small_catalogue, embedder=counting)

    class Failing:
        model_name = counting.model_name

        def __getattr__(self, name):
            raise RuntimeError("embedder gone")

    changed = edited(small_catalogue, "DS-1.4", measures=("iPads beschaffen",))
    with pytest.raises(RuntimeError):
        build_index(settings, changed, embedder=Failing())
    assert not snapshot.snapshot_path(settings.index_dir / "bm25").exists()
    open_index(settings, small_catalogue, embedder=counting).search("Ratsarbeit", k=1)
    # a snapshot of another embedder is refused like the collection would be
    build_index(settings, small_catalogue, embedder=counting)
    other = settings.model_copy(update={"embedding": "sentence-transformers:all-MiniLM-L6-v2"})
    with pytest.raises(IndexNotBuiltError) as info:
        open_index(other)
    assert "'e5-small'" in info.value.message


def test_a_one_project_catalogue_keeps_the_default_calibration(settings, small_catalogue, counting):
    """One project and no sections: nothing to measure the background against (was NaN)."""
    from corpus.models import Catalogue
    from index.search import Calibration

    single = Catalogue(projects=(small_catalogue["DS-1.4"],), sections=())
    build_index(settings, single, embedder=counting)
    index = open_index(settings, single, embedder=counting)
    assert index.calibration == Calibration()
    assert index.search("Wer betreut die iPads der Ratsmitglieder?", k=1)[0].id == "DS-1.4"


def test_known_questions_are_embedded_as_queries_once(
    settings, small_catalogue, counting, catalogue
):
    asked = {"DS-1.4": catalogue.knowledge.asked["DS-1.4"]}
    questions = sum(len(q) for q in asked["DS-1.4"].values())
    with_questions = replace(small_catalogue, knowledge=Knowledge(asked=asked))
    build_index(settings, small_catalogue, embedder=counting)
    counting.passages = counting.queries = 0
    report = build_index(settings, with_questions, embedder=counting)
    assert report.asked_embedded == questions == 12  # 4 units, 3 questions each
    assert (counting.queries, counting.passages) == (questions, 0)
    assert build_index(settings, with_questions, embedder=counting).asked_embedded == 0
    index = open_index(settings, with_questions, embedder=counting)
    assert len(index.asked.units) == questions
    best = index.asked_similarities("Mit welchem Programm arbeitet der Rat?", ["DS-1.4"])
    assert set(best) <= {u.node_id for u in build_units(small_catalogue)}
    assert len(best) == 4


def test_a_text_two_records_share_is_embedded_once(settings, small_catalogue, counting, edited):
    # Twin projects (DV 1.5 and DS 2.4) share whole sentences: each distinct text once.
    shared = edited(small_catalogue, "DS-1.4", measures=("Tablets für alle Schulen beschaffen",))
    shared = edited(shared, "DV-2.10", measures=("Tablets für alle Schulen beschaffen",))
    report = build_index(settings, shared, embedder=counting)
    units = build_units(shared)
    texts = {u.text for u in units}
    assert len(texts) == len(units) - 1
    assert report.units_embedded == len(units)  # every unit is stored, with its vector
    assert counting.passages == report.embedded + len(texts)

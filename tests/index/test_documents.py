"""Documents in the index: incremental sync, removal, restart, reload, crash safety and the
physical separation of internal documents. Real Chroma on tmp_path, real files, the real
catalogue; the real default embedder where retrieval quality matters, else a small hashing
embedder (a real implementation of the ``Embedder`` protocol that counts what it embeds)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from embedders import HashEmbedder
from fixture_documents import (
    CANARY,
    INTERNAL,
    INTERNAL_ID,
    MARCH,
    MARCH_ID,
    OPEN_DATA,
    SEPT,
    SEPT_ID,
)

from corpus.documents.store import DocumentStore
from index.doc_snapshot import docs_dir, read_state
from index.documents import DocumentIndex, collection_name, sync_documents
from index.types import DocHit, Embedder
from index.vectorstore import make_client, open_collection
from katalog.settings import Settings


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path)


@pytest.fixture
def store(settings, catalogue) -> DocumentStore:
    return DocumentStore(settings.data_dir, catalogue)


def ingest(store, path, date, visibility="public", kind="sachstandsbericht"):
    return store.ingest(path, None, date, kind, visibility)[0]


def ingest_three(store):
    ingest(store, MARCH, "2024-03-12")
    ingest(store, SEPT, "2023-09-19")
    ingest(store, INTERNAL, "2024-05-02", "internal", "sonstiges")


def chroma_ids(settings, partition, where=None) -> list[str]:
    collection = open_collection(
        make_client(settings), collection_name(settings, partition), create=False
    )
    return sorted(collection.get(where=where, include=[])["ids"])


def test_hash_embedder_implements_the_protocol():
    assert isinstance(HashEmbedder(), Embedder)


def test_sync_is_incremental_and_idempotent(settings, store):
    ingest_three(store)
    embedder = HashEmbedder()
    first = sync_documents(settings, store, embedder)
    assert (first.generation, first.documents, first.chunks) == (3, (2, 1), (8, 2))
    assert (first.embedded, first.reused, first.removed, first.changed) == (10, 0, 0, True)
    state_before = (docs_dir(settings.index_dir) / "state.json").read_bytes()

    second = sync_documents(settings, store, embedder)
    assert (second.embedded, second.reused, second.removed, second.changed) == (0, 10, 0, False)
    assert embedder.embedded == 10
    assert (docs_dir(settings.index_dir) / "state.json").read_bytes() == state_before

    added = ingest(store, OPEN_DATA, "2024-06-20", kind="sonstiges")
    third = sync_documents(settings, store, embedder)
    assert (third.embedded, third.reused, third.documents) == (added.chunk_count, 10, (3, 1))
    assert embedder.embedded == 10 + added.chunk_count
    assert chroma_ids(settings, "internal") == [
        f"{INTERNAL_ID}:0000@" + _hash_prefix(settings, "internal", f"{INTERNAL_ID}:0000"),
        f"{INTERNAL_ID}:0001@" + _hash_prefix(settings, "internal", f"{INTERNAL_ID}:0001"),
    ]


def _hash_prefix(settings, partition, chunk_id) -> str:
    state = read_state(docs_dir(settings.index_dir))
    folder = docs_dir(settings.index_dir) / partition / state.partitions[partition]
    table = json.loads((folder / "bm25" / "nodes.json").read_text("utf-8"))
    return next(row["content_hash"][:16] for row in table if row["node_id"] == chunk_id)


def test_removal_drops_nodes_from_chroma_and_bm25(settings, store):
    ingest_three(store)
    sync_documents(settings, store, HashEmbedder())
    index = DocumentIndex(settings, HashEmbedder())
    assert [h.doc_id for h in index.view("citizen").search("Hochleistungsscanner", k=1)] == [
        MARCH_ID
    ]
    assert len(chroma_ids(settings, "public", {"doc_id": MARCH_ID})) == 5

    store.remove(MARCH_ID)
    report = sync_documents(settings, store, HashEmbedder())
    assert (report.embedded, report.removed, report.documents, report.chunks) == (
        0,
        5,
        (1, 1),
        (3, 2),
    )
    assert chroma_ids(settings, "public", {"doc_id": MARCH_ID}) == []
    assert [i.split("@")[0] for i in chroma_ids(settings, "public")] == [
        f"{SEPT_ID}:0000",
        f"{SEPT_ID}:0001",
        f"{SEPT_ID}:0002",
    ]
    view = index.view("citizen")
    assert view.generation == 4
    assert {n.metadata["doc_id"] for s in view._snapshots for n in s.nodes} == {SEPT_ID}
    assert all(h.doc_id == SEPT_ID for h in view.search("Hochleistungsscanner E-Akte", k=10))
    assert [d.id for d in view.reports_for("DV-2.1")] == [SEPT_ID]


def test_restart_keeps_documents_and_a_running_index_follows_syncs(settings, store):
    index = DocumentIndex(settings, HashEmbedder())
    empty = index.view("employee")
    assert (empty.generation, empty.documents(), empty.search("DMS")) == (0, [], [])

    ingest_three(store)
    sync_documents(settings, store, HashEmbedder())
    view = index.view("employee")  # the same object notices the new state
    assert view.generation == 3
    assert [(d.id, d.date) for d in view.documents()] == [
        (INTERNAL_ID, "2024-05-02"),
        (MARCH_ID, "2024-03-12"),
        (SEPT_ID, "2023-09-19"),
    ]
    assert empty.documents() == []  # a view handed out earlier stays what it was
    hits = view.search("Dokumentenmanagementsystem Pilotphase Fachbereich 20", k=3)

    restarted = DocumentIndex(Settings(data_dir=settings.data_dir), HashEmbedder())
    again = restarted.view("employee")
    assert again.generation == 3
    assert again.search("Dokumentenmanagementsystem Pilotphase Fachbereich 20", k=3) == hits
    assert hits[0] == DocHit(
        doc_id=SEPT_ID,
        chunk_id=f"{SEPT_ID}:0001",
        title="Sachstandsbericht Digitalisierung – September 2023",
        date="2023-09-19",
        page=None,
        section="DV 2.1 Dokumentenmanagementsystem",
        text=(
            "Die Ausschreibung für das Dokumentenmanagementsystem ist abgeschlossen, der "
            "Zuschlag wurde im August 2023 erteilt. Die Pilotphase beginnt im Fachbereich 20."
        ),
        score=hits[0].score,
        project_ids=("DV-2.1",),
        visibility="public",
        kind="sachstandsbericht",
    )
    assert [d.id for d in again.reports_for("DV-2.1")] == [MARCH_ID, SEPT_ID]


def test_citizen_view_never_reaches_internal_documents(settings, store, e5):
    """Real embedder: the canary document is found for employees, never for citizens."""
    ingest_three(store)
    sync_documents(settings, store, e5)  # the default embedder (conftest: e5-small)
    index = DocumentIndex(settings, e5)
    citizen, employee = index.view("citizen"), index.view("employee")

    probes = [
        CANARY,
        "Interner Vermerk E-Payment Mai 2024",
        "Vertrag mit dem Zahlungsdienstleister",
        "Gebühren pro Transaktion vertraulich",
        "Ist E-Payment schon fertig?",
        "Wer ist der neue Anbieter für E-Payment?",
    ]
    for probe in probes:
        for project_ids in (None, ["DS-1.8"]):
            hits = citizen.search(probe, k=50, project_ids=project_ids)
            assert all(h.visibility == "public" and h.doc_id != INTERNAL_ID for h in hits)
            assert not any(CANARY in h.text or "Zahlungsdienstleister" in h.text for h in hits)
    assert citizen.get(INTERNAL_ID) is None
    assert [d.id for d in citizen.reports_for("DS-1.8")] == [MARCH_ID]
    assert [d.id for d in citizen.documents()] == [MARCH_ID, SEPT_ID]
    # Physically apart: nothing of the canary in the public snapshot or collection.
    public = docs_dir(settings.index_dir) / "public"
    assert not any(CANARY.encode() in p.read_bytes() for p in public.rglob("*") if p.is_file())
    collection = open_collection(
        make_client(settings), collection_name(settings, "public"), create=False
    )
    assert not any(CANARY in d for d in collection.get(include=["documents"])["documents"])

    top = employee.search(CANARY, k=1)[0]
    assert (top.chunk_id, top.visibility, top.project_ids) == (
        f"{INTERNAL_ID}:0000",
        "internal",
        ("DS-1.8",),
    )
    assert [d.id for d in employee.reports_for("DS-1.8")] == [INTERNAL_ID, MARCH_ID]
    stand = citizen.search("Wie ist der Stand beim DMS?", k=1, project_ids=["DV-2.1"])[0]
    assert (stand.chunk_id, stand.section) == (f"{MARCH_ID}:0001", "Projekt 2.1 (DMS)")
    payment = citizen.search("Ist E-Payment schon fertig?", k=1)[0]
    assert (payment.chunk_id, payment.section) == (f"{MARCH_ID}:0002", "DS 1.8 E-Payment")


CRASHING_SYNC = textwrap.dedent(
    """
    import importlib.util, os, sys
    from pathlib import Path
    sys.path.insert(0, str(Path(sys.argv[1]).parents[1]))  # tests/, as pytest's pythonpath
    spec = importlib.util.spec_from_file_location("docs_test", sys.argv[1])
    test = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(test)
    from corpus.documents.store import DocumentStore
    from index.documents import sync_documents
    from katalog.settings import Settings

    settings = Settings(data_dir=Path(sys.argv[2]))
    store = DocumentStore(settings.data_dir)
    store.ingest(test.SEPT, None, "2023-09-19", "sachstandsbericht", "public")

    def crash(stage, done, total):
        if stage == sys.argv[3]:
            os._exit(3)  # no cleanup, no finally: as if the power went out

    sync_documents(settings, store, test.HashEmbedder(), progress=crash)
    """
)


@pytest.mark.parametrize("stage", ["snapshot", "state"])
def test_crash_during_sync_leaves_the_previous_state_searchable(settings, store, stage):
    ingest(store, MARCH, "2024-03-12")
    sync_documents(settings, store, HashEmbedder())
    index = DocumentIndex(settings, HashEmbedder())
    before = index.view("citizen").search("DMS Fachbereich E-Akte", k=10)

    crashed = subprocess.run(
        [sys.executable, "-c", CRASHING_SYNC, __file__, str(settings.data_dir), stage],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert crashed.returncode == 3, crashed.stderr
    # The crashed run wrote its vectors to Chroma, but the state still names the old snapshot.
    assert [i.split("@")[0] for i in chroma_ids(settings, "public", {"doc_id": SEPT_ID})] == [
        f"{SEPT_ID}:0000",
        f"{SEPT_ID}:0001",
        f"{SEPT_ID}:0002",
    ]
    view = index.view("citizen")
    assert view.generation == 1
    assert [d.id for d in view.documents()] == [MARCH_ID]
    assert view.search("DMS Fachbereich E-Akte", k=10) == before
    assert [d.id for d in DocumentIndex(settings, HashEmbedder()).view("citizen").documents()] == [
        MARCH_ID
    ]

    repaired = sync_documents(settings, store, HashEmbedder())
    assert (repaired.generation, repaired.documents, repaired.chunks) == (2, (2, 0), (8, 0))
    assert repaired.embedded + repaired.reused == 8
    assert [d.id for d in index.view("citizen").documents()] == [MARCH_ID, SEPT_ID]
    leftovers = [p.name for p in (docs_dir(settings.index_dir) / "public").iterdir()]
    assert not [name for name in leftovers if name.startswith(".")]


def test_searches_run_while_documents_are_ingested_and_removed(settings, store):
    import threading

    ingest(store, MARCH, "2024-03-12")
    sync_documents(settings, store, HashEmbedder())
    index = DocumentIndex(settings, HashEmbedder())
    stop, problems, seen = threading.Event(), [], set()

    def ask() -> None:
        while not stop.is_set():
            try:
                view = index.view("citizen")
                visible = {d.id for d in view.documents()}
                hits = view.search("Sachstand Dokumentenmanagementsystem", k=20)
                if not {h.doc_id for h in hits} <= visible:
                    problems.append("hit from a document the view does not hold")
                seen.add(view.generation)
            except Exception as exc:  # noqa: BLE001 - any failure is what the test looks for
                problems.append(repr(exc))

    readers = [threading.Thread(target=ask) for _ in range(3)]
    for reader in readers:
        reader.start()
    for _ in range(3):
        ingest(store, SEPT, "2023-09-19")
        sync_documents(settings, store, HashEmbedder())
        store.remove(SEPT_ID)
        sync_documents(settings, store, HashEmbedder())
    stop.set()
    for reader in readers:
        reader.join()
    assert problems == []
    assert index.view("citizen").generation == 7
    assert [d.id for d in index.view("citizen").documents()] == [MARCH_ID]
    assert len(seen) >= 2  # the readers saw the index change under them


def _index_behind_a_newer_snapshot(settings, store) -> DocumentIndex:
    """An index that loaded March's report, with September's synced after it."""
    ingest(store, MARCH, "2024-03-12")
    sync_documents(settings, store, HashEmbedder())
    index = DocumentIndex(settings, HashEmbedder())
    assert index.view("citizen").generation == 1
    ingest(store, SEPT, "2023-09-19")
    sync_documents(settings, store, HashEmbedder())
    return index


def test_a_search_never_waits_for_a_snapshot_being_loaded(settings, store):
    index = _index_behind_a_newer_snapshot(settings, store)
    with index._load_lock:  # as while another thread loads the new snapshot
        started = time.perf_counter()
        view = index.view("citizen")
        waited = time.perf_counter() - started
    assert (view.generation, [d.id for d in view.documents()]) == (1, [MARCH_ID])
    assert waited < 0.5
    assert [d.id for d in index.view("citizen").documents()] == [MARCH_ID, SEPT_ID]


def test_the_writer_of_a_change_waits_for_the_snapshot_being_loaded(settings, store):
    """After an ingest or a removal has answered, every answer sees it: the writer's refresh
    waits for a load in progress, then loads the newest state itself."""
    index = _index_behind_a_newer_snapshot(settings, store)
    loaded: list[bool] = []
    index._load_lock.acquire()  # as while a search loads an older snapshot
    writer = threading.Thread(target=lambda: loaded.append(index.refresh(wait=True)))
    writer.start()
    time.sleep(0.2)
    assert loaded == []  # it waits, where a search would go on with what it has
    index._load_lock.release()
    writer.join(timeout=10)
    assert loaded == [True]
    assert [d.id for d in index.view("citizen").documents()] == [MARCH_ID, SEPT_ID]

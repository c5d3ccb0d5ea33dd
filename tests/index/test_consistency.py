"""Store and index in step: ``check`` finds what a killed process left behind, ``repair`` puts
it right. Real Chroma and files on tmp_path, the real catalogue, processes that really die, the
hashing embedder (a real ``Embedder``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import pytest
from embedders import HashEmbedder
from fixture_documents import INTERNAL, MARCH, MARCH_ID, SEPT, SEPT_ID, doc_id

from corpus.documents.store import DocumentStore
from corpus.models import Catalogue
from index.consistency import check, repair
from index.doc_snapshot import docs_dir, published_documents, read_state
from index.documents import DocumentIndex, sync_documents
from index.store import build_index
from katalog.settings import Settings

INTERNAL_ID = doc_id(INTERNAL.read_bytes())


@pytest.fixture(scope="module")
def catalogue_index(tmp_path_factory, catalogue):
    """A small catalogue index (the precondition for indexing documents)."""
    settings = Settings(_env_file=None, data_dir=tmp_path_factory.mktemp("small-index"))
    small = Catalogue(
        projects=tuple(p for p in catalogue.projects if p.id in ("DV-2.1", "DS-1.8")), sections=()
    )
    build_index(settings, small, embedder=HashEmbedder())
    return settings.data_dir / "index"


@pytest.fixture
def settings(tmp_path, catalogue_index):
    shutil.copytree(catalogue_index, tmp_path / "index")
    return Settings(_env_file=None, data_dir=tmp_path)


@pytest.fixture
def store(settings, catalogue):
    return DocumentStore(settings.data_dir, catalogue)


def shown(settings) -> list[str]:
    return sorted(published_documents(docs_dir(settings.index_dir)))


def kinds(report) -> list[tuple[str, str]]:
    return [(f.kind, f.subject) for f in report.findings]


DIE = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[4])
    from embedders import HashEmbedder
    from corpus.documents.store import DocumentStore
    from index.documents import sync_documents
    from katalog.settings import Settings
    settings = Settings(_env_file=None, data_dir=Path(sys.argv[1]))
    store = DocumentStore(settings.data_dir)
    path = Path(sys.argv[2])
    data = path.read_bytes()
    store.stage(data, path.name, store.extract(data, path.name), None, "2024-05-02",
                "sonstiges", "internal")
    if sys.argv[3] == "after-index":
        sync_documents(settings, store, HashEmbedder())
    os._exit(9)
    """
)


def die_while_ingesting(settings, path, when: str) -> None:
    tests = str(MARCH.parents[2])
    died = subprocess.run(
        [sys.executable, "-c", DIE, str(settings.data_dir), str(path), when, tests],
        capture_output=True,
        timeout=180,
    )
    assert died.returncode == 9, died.stderr.decode()[-2000:]


def start(settings, store):
    store.ingest(MARCH, None, "2024-03-12", "sachstandsbericht", "public")
    sync_documents(settings, store, HashEmbedder())


def test_a_consistent_state_has_no_findings_and_repair_changes_nothing(settings, store):
    start(settings, store)
    report = check(settings, store)
    assert (report.consistent, report.stored, report.shown, report.findings) == (
        True,
        1,
        (1, 0),
        (),
    )
    assert repair(settings, store, HashEmbedder()) == report


def test_an_ingest_killed_before_indexing_is_rolled_back(settings, store):
    start(settings, store)
    die_while_ingesting(settings, INTERNAL, "before-index")
    report = check(settings, store)
    assert not report.consistent and report.stored == 2 and report.shown == (1, 0)
    assert kinds(report) == [("aborted", INTERNAL_ID)]
    assert report.findings[0].message == (
        f"{INTERNAL_ID}: Aufnahme abgebrochen; sie wird zurückgenommen."
    )
    fixed = repair(settings, store, HashEmbedder())
    assert fixed.consistent and fixed.findings == ()
    assert fixed.actions[0] == f"{INTERNAL_ID}: abgebrochene Aufnahme zurückgenommen."
    assert [d.id for d in store.list()] == [MARCH_ID] and shown(settings) == [MARCH_ID]
    assert not (settings.data_dir / "documents" / INTERNAL_ID).exists()


def test_an_ingest_killed_after_indexing_is_finished(settings, store):
    start(settings, store)
    die_while_ingesting(settings, INTERNAL, "after-index")
    assert shown(settings) == sorted([MARCH_ID, INTERNAL_ID])  # seen: stored and indexed
    report = check(settings, store)
    assert kinds(report) == [("aborted", INTERNAL_ID)]
    assert (
        "sie ist gespeichert und im Suchindex und wird abgeschlossen" in report.findings[0].message
    )
    fixed = repair(settings, store, HashEmbedder())
    assert fixed.consistent and store.pending() == []
    assert sorted(d.id for d in store.list()) == shown(settings) == sorted([MARCH_ID, INTERNAL_ID])


def test_a_removal_cut_off_is_finished_and_its_files_kept_until_then(settings, store):
    start(settings, store)
    store.remove(MARCH_ID, keep_files=True)  # then the process died
    index = DocumentIndex(settings, HashEmbedder())
    assert [d.id for d in index.view("citizen").documents()] == [MARCH_ID]
    assert len(store.chunks(MARCH_ID)) == 5  # its page still opens while it is shown
    report = check(settings, store)
    assert kinds(report) == [("not_stored", MARCH_ID)]
    fixed = repair(settings, store, HashEmbedder())
    assert fixed.consistent and shown(settings) == []
    assert index.view("citizen").documents() == []
    assert not (settings.data_dir / "documents" / MARCH_ID).exists()


def test_documents_stored_before_the_index_are_indexed_and_a_broken_snapshot_rebuilt(
    settings, store
):
    start(settings, store)
    store.ingest(SEPT, None, "2023-09-19", "sachstandsbericht", "public")  # no sync
    assert kinds(check(settings, store)) == [("not_indexed", SEPT_ID)]
    version = read_state(docs_dir(settings.index_dir)).partitions["public"]
    shutil.rmtree(docs_dir(settings.index_dir) / "public" / version)
    report = check(settings, store)
    assert [k for k, _ in kinds(report)] == ["damaged", "not_indexed", "not_indexed"]
    fixed = repair(settings, store, HashEmbedder())
    assert fixed.consistent and shown(settings) == sorted([MARCH_ID, SEPT_ID])


def test_an_ingest_at_work_is_left_alone(settings, store):
    start(settings, store)
    data = INTERNAL.read_bytes()
    staged = store.stage(
        data, INTERNAL.name, store.extract(data, INTERNAL.name), None, "2024-05-02",
        "sonstiges", "internal",
    )  # fmt: skip
    report = repair(settings, store, HashEmbedder())
    assert report.consistent and kinds(report) == [("running", INTERNAL_ID)]
    assert [m.doc_id for m in store.pending()] == [INTERNAL_ID]
    staged.commit()


def test_without_a_catalogue_index_stored_documents_wait(tmp_path, catalogue):
    settings = Settings(_env_file=None, data_dir=tmp_path)
    store = DocumentStore(tmp_path, catalogue)
    store.ingest(MARCH, None, "2024-03-12", "sachstandsbericht", "public")
    report = repair(settings, store)
    assert report.consistent and kinds(report) == [("waiting", MARCH_ID)]
    assert "wird mit `katalog index` in die Suche aufgenommen" in report.findings[0].message

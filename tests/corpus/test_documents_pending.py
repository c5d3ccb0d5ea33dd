"""Pending ingests in the document store: a marker held while an ingest works, what a process
killed half-way leaves, settling it, and files kept while the index may still show them.
Real files on tmp_path, the real catalogue, a real child process that dies."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from fixture_documents import INTERNAL, MARCH, MARCH_ID

from corpus.documents.store import DocumentStore
from katalog.errors import DocumentError


@pytest.fixture
def store(tmp_path, catalogue):
    return DocumentStore(tmp_path, catalogue)


def stage_march(store):
    data = MARCH.read_bytes()
    return store.stage(
        data, MARCH.name, store.extract(data, MARCH.name), None, "2024-03-12",
        "sachstandsbericht", "public",
    )  # fmt: skip


def test_a_staged_document_is_stored_under_a_live_marker_until_it_is_committed(store, tmp_path):
    staged = stage_march(store)
    assert staged.created and staged.document.id == MARCH_ID
    assert [d.id for d in store.list()] == [MARCH_ID]  # stored (the index decides visibility)
    assert [(m.doc_id, m.alive) for m in store.pending()] == [(MARCH_ID, True)]
    marker = json.loads((tmp_path / "documents" / "pending" / f"{MARCH_ID}.json").read_text())
    assert marker["filename"] == MARCH.name
    # The same content cannot be staged twice at once (another store, as another process).
    other = DocumentStore(tmp_path, store.linker.catalogue)
    store.remove(MARCH_ID, keep_files=True)
    with pytest.raises(DocumentError, match=f"wird gerade schon aufgenommen \\({MARCH_ID}\\)"):
        stage_march(other)
    assert other.settle(MARCH_ID, finish=False) is False  # its owner is at work
    staged.commit()
    assert store.pending() == []


def test_a_rollback_takes_the_document_out_and_its_files_go_with_the_next_clear(store, tmp_path):
    staged = stage_march(store)
    staged.rollback()
    assert store.list() == [] and store.pending() == []
    assert (tmp_path / "documents" / MARCH_ID).is_dir()
    assert store.clear_debris(dry_run=True) == [MARCH_ID]
    assert store.clear_debris() == [MARCH_ID]
    assert not (tmp_path / "documents" / MARCH_ID).exists()


STAGE_AND_DIE = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from corpus.documents.store import DocumentStore
    store = DocumentStore(Path(sys.argv[1]))
    path = Path(sys.argv[2])
    data = path.read_bytes()
    store.stage(data, path.name, store.extract(data, path.name), None, "2024-05-02",
                "sonstiges", "internal")
    os._exit(9)  # killed before the index took it in
    """
)


def test_a_marker_whose_owner_died_is_settled_by_rollback_or_finish(store, tmp_path):
    for path in (MARCH, INTERNAL):
        died = subprocess.run(
            [sys.executable, "-c", STAGE_AND_DIE, str(tmp_path), str(path)],
            capture_output=True,
            timeout=120,
        )
        assert died.returncode == 9, died.stderr.decode()
    internal_id = next(d.id for d in store.list() if d.filename == INTERNAL.name)
    assert sorted((m.doc_id, m.alive) for m in store.pending()) == sorted(
        [(MARCH_ID, False), (internal_id, False)]
    )
    assert store.settle(MARCH_ID, finish=False) is True  # rolled back
    assert store.settle(internal_id, finish=True) is True  # finished
    assert [d.id for d in store.list()] == [internal_id] and store.pending() == []
    assert store.clear_debris() == [MARCH_ID]
    assert len(store.chunks(internal_id)) == store.get(internal_id).chunk_count


def test_a_removal_keeps_the_files_while_the_index_may_show_them(store, tmp_path):
    staged = stage_march(store)
    staged.commit()
    store.remove(MARCH_ID, keep_files=True)
    assert store.get(MARCH_ID) is None
    assert len(store.chunks(MARCH_ID)) == 5  # the page still opens
    assert store.clear_debris(keep={MARCH_ID}) == []
    assert store.clear_debris() == [MARCH_ID]
    with pytest.raises(DocumentError, match="gibt es nicht"):
        store.chunks(MARCH_ID)
    with pytest.raises(DocumentError, match="gibt es nicht"):
        store.chunks("../../etc/passwd")


def test_the_checks_before_reading_refuse_without_writing(store, tmp_path):
    with pytest.raises(DocumentError, match="ist leer"):
        store.check("leer.md", 0, "0" * 64, None, "2024-01-01", "sonstiges", "public")
    with pytest.raises(DocumentError, match="nicht unterstützten Dateityp"):
        store.check("a.exe", 10, "0" * 64, None, "2024-01-01", "sonstiges", "public")
    with pytest.raises(DocumentError, match="zu groß"):
        store.check(
            "a.md", store.max_bytes + 1, "0" * 64, None, "2024-01-01", "sonstiges", "public"
        )
    assert not (tmp_path / "documents").exists()

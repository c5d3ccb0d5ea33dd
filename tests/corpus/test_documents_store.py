"""The document store: ingest, idempotence, refusal without loss, removal, crash safety and
concurrent use. Real files on tmp_path, the real catalogue."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from fixture_documents import FIXTURES, INTERNAL, MARCH, MARCH_ID, doc_id

from corpus.documents.store import DocumentStore
from katalog.errors import DocumentError, UnknownDocumentError


@pytest.fixture
def store(tmp_path, catalogue):
    return DocumentStore(tmp_path, catalogue)


def ingest_march(store):
    return store.ingest(MARCH, None, "2024-03-12", "sachstandsbericht", "public")


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def test_ingest_markdown_report(store, tmp_path):
    doc, created = ingest_march(store)
    assert created is True
    assert doc.id == MARCH_ID
    assert (doc.title, doc.date, doc.kind, doc.visibility) == (
        "Sachstandsbericht Digitalisierung – März 2024",
        "2024-03-12",
        "sachstandsbericht",
        "public",
    )
    assert (doc.filename, doc.media_type, doc.chunk_count) == (
        "sachstandsbericht-2024-03.md",
        "text/markdown",
        5,
    )
    assert doc.project_ids == ("DV-1.5", "DV-2.1", "DS-1.5", "DS-1.8")
    chunks = store.chunks(doc.id)
    assert [(c.id, c.project_ids) for c in chunks] == [
        (f"{MARCH_ID}:0000", ()),
        (f"{MARCH_ID}:0001", ("DV-2.1",)),
        (f"{MARCH_ID}:0002", ("DS-1.8",)),
        (f"{MARCH_ID}:0003", ("DV-1.5", "DV-2.1", "DS-1.5")),
        (f"{MARCH_ID}:0004", ()),
    ]
    assert [c.section for c in chunks] == [
        None,
        "Projekt 2.1 (DMS)",
        "DS 1.8 E-Payment",
        "Weitere Vorhaben",
        "Ausblick",
    ]
    assert chunks[2].text.startswith("Seit Januar 2024 können Gebühren für 12 Online-Dienste")
    assert chunks[2].metadata() == {
        "doc_id": MARCH_ID,
        "chunk_id": f"{MARCH_ID}:0002",
        "position": 2,
        "title": "Sachstandsbericht Digitalisierung – März 2024",
        "date": "2024-03-12",
        "visibility": "public",
        "kind": "sachstandsbericht",
        "project_ids": "DS-1.8",
        "section": "DS 1.8 E-Payment",
        "project:DS-1.8": True,
    }
    folder = tmp_path / "documents" / MARCH_ID
    assert (folder / "original.md").read_bytes() == MARCH.read_bytes()
    assert store.original(doc.id) == folder / "original.md"
    assert store.text(doc.id).startswith("# Sachstandsbericht Digitalisierung – März 2024\n\n")
    manifest = json.loads((tmp_path / "documents" / "manifest.json").read_text())
    assert manifest["generation"] == 1
    assert [d["id"] for d in manifest["documents"]] == [MARCH_ID]


def test_reingest_same_content_is_idempotent(store, tmp_path):
    first, _ = ingest_march(store)
    before = snapshot(tmp_path)
    again, created = ingest_march(store)
    assert created is False
    assert again == first
    assert snapshot(tmp_path) == before
    # The same bytes under another file name are the same document.
    copy = tmp_path / "kopie.md"
    copy.write_bytes(MARCH.read_bytes())
    assert store.ingest(copy, None, "2024-03-12", "sachstandsbericht", "public") == (first, False)
    assert store.generation == 1


def test_same_content_with_other_attributes_is_refused(store, tmp_path):
    ingest_march(store)
    before = snapshot(tmp_path)
    with pytest.raises(DocumentError) as caught:
        store.ingest(MARCH, None, "2024-03-12", "sachstandsbericht", "internal")
    assert caught.value.message == (
        f"Die Datei 'sachstandsbericht-2024-03.md' ist bereits als {MARCH_ID} aufgenommen "
        "(„Sachstandsbericht Digitalisierung – März 2024“, 2024-03-12, sachstandsbericht, "
        "öffentlich), mit anderen Angaben. Um Titel, Datum, Art oder Sichtbarkeit zu ändern, "
        f"bitte zuerst `katalog remove {MARCH_ID}` ausführen und die Datei dann neu aufnehmen."
    )
    assert snapshot(tmp_path) == before


def test_title_option_and_defaults(store, tmp_path):
    doc, _ = store.ingest(INTERNAL, "Vermerk E-Payment", "2024-05-02", "sonstiges", "internal")
    assert (doc.title, doc.kind, doc.visibility) == ("Vermerk E-Payment", "sonstiges", "internal")
    assert {c.title for c in store.chunks(doc.id)} == {"Vermerk E-Payment"}
    assert {c.visibility for c in store.chunks(doc.id)} == {"internal"}
    plain = tmp_path / "notiz.txt"
    plain.write_text("Das Handyparken läuft gut, sagt man.\n", encoding="utf-8")
    doc, _ = store.ingest(plain, None, "2024-01-05", "sonstiges", "public")
    assert (doc.title, doc.project_ids) == ("notiz", ("DS-2.5",))


@pytest.mark.parametrize(
    ("name", "data", "date", "visibility", "message"),
    [
        (
            "kaputt.pdf",
            b"%PDF-1.4 kaputt",
            "2024-03-12",
            "public",
            "Die Datei 'kaputt.pdf' ist beschädigt oder kein gültiges PDF-Dokument.",
        ),
        ("leer.txt", b"", "2024-03-12", "public", "Die Datei 'leer.txt' ist leer."),
        (
            "bericht.md",
            b"# A\n\nText",
            "12.03.2024",
            "public",
            "Das Datum '12.03.2024' für 'bericht.md' ist ungültig. Bitte im Format JJJJ-MM-TT "
            "angeben, z. B. 2024-03-12.",
        ),
        (
            "bericht.md",
            b"# A\n\nText",
            "2024-03-12",
            "geheim",
            "Die Sichtbarkeit 'geheim' für 'bericht.md' gibt es nicht. Bitte 'public' (für alle) "
            "oder 'internal' (nur für Mitarbeitende) angeben.",
        ),
    ],
)
def test_refused_files_lose_nothing(store, tmp_path, name, data, date, visibility, message):
    ingest_march(store)
    before = snapshot(tmp_path)
    bad = tmp_path / "upload" / name
    bad.parent.mkdir()
    bad.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        store.ingest(bad, None, date, "sonstiges", visibility)
    assert caught.value.message.startswith(message)
    assert {k: v for k, v in snapshot(tmp_path).items() if not k.startswith("upload")} == before
    assert [d.id for d in store.list()] == [MARCH_ID]


def test_missing_file_and_unknown_document(store, tmp_path):
    with pytest.raises(DocumentError) as caught:
        store.ingest(tmp_path / "fehlt.md", None, "2024-03-12", "sonstiges", "public")
    assert caught.value.message == f"Die Datei '{tmp_path / 'fehlt.md'}' gibt es nicht. " + (
        "Bitte den Pfad prüfen."
    )
    with pytest.raises(UnknownDocumentError) as caught:
        store.remove("doc-00000000")
    assert caught.value.message == (
        "Ein Dokument 'doc-00000000' gibt es nicht. `katalog documents` listet alle "
        "aufgenommenen Dokumente mit ihrer Kennung."
    )
    assert store.get("doc-00000000") is None


def test_remove_deletes_document_and_files(store, tmp_path):
    doc, _ = ingest_march(store)
    internal, _ = store.ingest(INTERNAL, None, "2024-05-02", "sonstiges", "internal")
    removed = store.remove(doc.id)
    assert removed == doc
    assert store.get(doc.id) is None
    assert [d.id for d in store.list()] == [internal.id]
    assert not (tmp_path / "documents" / doc.id).exists()
    with pytest.raises(UnknownDocumentError):
        store.chunks(doc.id)
    # Ingesting it again brings it back under the same id.
    again, created = ingest_march(store)
    assert (again.id, created) == (doc.id, True)
    assert store.generation == 4


def test_list_is_newest_first_and_filters_visibility(store):
    march, _ = ingest_march(store)
    internal, _ = store.ingest(INTERNAL, None, "2024-05-02", "sonstiges", "internal")
    older, _ = store.ingest(
        FIXTURES / "sachstandsbericht-2023-09.txt",
        None,
        "2023-09-19",
        "sachstandsbericht",
        "public",
    )
    assert [d.id for d in store.list()] == [internal.id, march.id, older.id]
    assert [d.id for d in store.list("public")] == [march.id, older.id]
    assert [d.id for d in store.list("internal")] == [internal.id]


def test_state_survives_a_new_store(tmp_path, catalogue, store):
    doc, _ = ingest_march(store)
    reopened = DocumentStore(tmp_path, catalogue)
    assert reopened.list() == [doc]
    assert reopened.chunks(doc.id) == store.chunks(doc.id)


def test_failed_manifest_swap_keeps_previous_state(store, tmp_path, monkeypatch):
    """A crash at the last step of an ingest (the manifest swap) leaves the old state whole."""
    ingest_march(store)
    before = [d.id for d in store.list()]
    real_replace = os.replace

    def crash_on_manifest(src, dst):
        if str(dst).endswith("manifest.json"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash_on_manifest)
    with pytest.raises(OSError):
        store.ingest(INTERNAL, None, "2024-05-02", "sonstiges", "internal")
    monkeypatch.setattr(os, "replace", real_replace)

    fresh = DocumentStore(tmp_path, store.linker.catalogue)
    assert [d.id for d in fresh.list()] == before
    assert len(fresh.chunks(before[0])) == 5
    # The next write clears the debris and succeeds.
    doc, created = fresh.ingest(INTERNAL, None, "2024-05-02", "sonstiges", "internal")
    assert created is True
    names = sorted(p.name for p in (tmp_path / "documents").iterdir())
    assert names == sorted([".lock", "manifest.json", "pending", MARCH_ID, doc.id])
    assert list((tmp_path / "documents" / "pending").iterdir()) == []  # no ingest under way


def test_debris_of_a_crash_is_ignored_and_cleared(store, tmp_path):
    ingest_march(store)
    root = tmp_path / "documents"
    (root / ".staging-doc-12345678-abcd").mkdir()
    (root / ".staging-doc-12345678-abcd" / "original.md").write_text("halb")
    (root / ".manifest.json.1234.tmp").write_text('{"generation": 9, "docu')
    (root / "doc-87654321").mkdir()
    assert [d.id for d in DocumentStore(tmp_path).list()] == [MARCH_ID]
    store.ingest(INTERNAL, None, "2024-05-02", "sonstiges", "internal")
    # A write clears the leftovers of writes; a folder nothing names waits for clear_debris,
    # which keeps what the index still shows.
    assert sorted(p.name for p in root.iterdir() if p.name.startswith((".s", ".m"))) == []
    assert store.clear_debris(keep={"doc-87654321"}) == []
    assert store.clear_debris() == ["doc-87654321"]
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("doc-")) == sorted(
        [MARCH_ID, doc_id(INTERNAL.read_bytes())]
    )


def test_concurrent_ingest_and_reads(tmp_path, catalogue):
    store = DocumentStore(tmp_path, catalogue)
    ingest_march(store)
    texts = [tmp_path / f"bericht-{i}.md" for i in range(6)]
    for i, path in enumerate(texts):
        path.write_text(f"# Bericht {i}\n\nDS 2.5 Handyparken, Stand {i}.\n", encoding="utf-8")
    errors: list[BaseException] = []
    done = threading.Event()

    def write(path):
        try:
            DocumentStore(tmp_path, catalogue).ingest(
                path, None, "2024-06-01", "sonstiges", "public"
            )
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    def read():
        reader = DocumentStore(tmp_path, catalogue)
        while not done.is_set():
            try:
                for doc in reader.list():
                    assert len(reader.chunks(doc.id)) == doc.chunk_count
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)
                return

    readers = [threading.Thread(target=read) for _ in range(3)]
    writers = [threading.Thread(target=write, args=(p,)) for p in texts]
    for t in readers + writers:
        t.start()
    for t in writers:
        t.join()
    done.set()
    for t in readers:
        t.join()
    assert errors == []
    assert len(store.list()) == 7
    assert store.generation == 7
    assert {d.project_ids for d in store.list() if d.id != MARCH_ID} == {("DS-2.5",)}

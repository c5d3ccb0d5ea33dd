"""`katalog ingest`, `katalog documents` and `katalog remove`, run as a user runs them."""

from __future__ import annotations

import json

import pytest
from fixture_documents import FIXTURES, MARCH, MARCH_ID
from typer.testing import CliRunner

from katalog.cli import app
from katalog.settings import get_settings

runner = CliRunner()


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KATALOG_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def invoke(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def test_ingest_list_and_remove():
    result = invoke(
        "ingest",
        str(MARCH),
        "--date",
        "2024-03-12",
        "--kind",
        "sachstandsbericht",
        "--visibility",
        "public",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        f"Aufgenommen: {MARCH_ID} „Sachstandsbericht Digitalisierung – März 2024“ (2024-03-12, "
        "öffentlich) – 5 Abschnitte, Projekte: DV 1.5, DV 2.1, DS 1.5, DS 1.8"
    )
    again = invoke(
        "ingest", str(MARCH), "-d", "2024-03-12", "-k", "sachstandsbericht", "-v", "public"
    )
    assert again.exit_code == 0
    assert again.stdout.startswith(f"Schon vorhanden (unverändert): {MARCH_ID}")

    listed = json.loads(invoke("documents", "--json").stdout)
    assert [(d["id"], d["visibility"], d["project_ids"]) for d in listed] == [
        (MARCH_ID, "public", ["DV-1.5", "DV-2.1", "DS-1.5", "DS-1.8"])
    ]
    table = invoke("documents").stdout
    assert "Dokumente – 1" in table and "öffentlich" in table and "Sachstandsbericht" in table

    removed = invoke("remove", MARCH_ID)
    assert removed.exit_code == 0
    assert removed.stdout.strip() == (
        f"Entfernt: {MARCH_ID} „Sachstandsbericht Digitalisierung – März 2024“ (2024-03-12)"
    )
    assert json.loads(invoke("documents", "--json").stdout) == []
    assert "Noch keine Dokumente aufgenommen." in invoke("documents").stdout


def test_one_bad_file_among_several_is_reported_and_the_rest_ingested(tmp_path):
    bad = tmp_path / "tabelle.xlsx"
    bad.write_bytes(b"PK")
    result = invoke(
        "ingest",
        str(bad),
        str(MARCH),
        str(FIXTURES / "interner-vermerk-2024-05.md"),
        "--date",
        "2024-05-02",
        "--visibility",
        "internal",
    )
    assert result.exit_code == 2
    assert "Fehler: Die Datei 'tabelle.xlsx' hat einen nicht unterstützten Dateityp" in (
        " ".join(result.stderr.split())
    )
    listed = json.loads(invoke("documents", "--json").stdout)
    assert sorted(d["filename"] for d in listed) == [
        "interner-vermerk-2024-05.md",
        "sachstandsbericht-2024-03.md",
    ]
    assert {d["visibility"] for d in listed} == {"internal"}


def test_visibility_is_required_and_checked():
    missing = invoke("ingest", str(MARCH), "--date", "2024-03-12")
    assert missing.exit_code == 2
    assert "--visibility" in missing.output
    wrong = invoke("ingest", str(MARCH), "--date", "2024-03-12", "--visibility", "alle")
    assert wrong.exit_code == 2
    assert "Die Sichtbarkeit 'alle' für 'sachstandsbericht-2024-03.md' gibt es nicht." in (
        " ".join(wrong.stderr.split())
    )


def test_title_applies_to_one_file_only():
    result = invoke(
        "ingest",
        str(MARCH),
        str(MARCH),
        "--title",
        "T",
        "--date",
        "2024-03-12",
        "--visibility",
        "public",
    )
    assert result.exit_code == 2
    assert "--title gilt für genau eine Datei." in " ".join(result.stderr.split())
    assert json.loads(invoke("documents", "--json").stdout) == []


def test_remove_unknown_document_names_the_fix():
    result = invoke("remove", "doc-00000000")
    assert result.exit_code == 2
    assert " ".join(result.stderr.split()) == (
        "Fehler: Ein Dokument 'doc-00000000' gibt es nicht. `katalog documents` listet alle "
        "aufgenommenen Dokumente mit ihrer Kennung."
    )


class LengthEmbedder:
    """A tiny real embedder (character classes of the text) for building a catalogue index."""

    model_name = "test-length-4"

    def _vector(self, text: str) -> list[float]:
        return [1.0 + sum(c.isdigit() for c in text), 1.0 + text.count(" "), 1.0, len(text) / 100]

    def get_query_embedding(self, query: str) -> list[float]:
        return self._vector(query)

    def get_text_embedding_batch(self, texts, show_progress=False, **kwargs):
        return [self._vector(t) for t in texts]


def test_ingest_and_remove_skip_the_search_index_until_it_is_built(data_dir):
    result = invoke("ingest", str(MARCH), "-d", "2024-03-12", "-v", "public")
    assert result.exit_code == 0
    assert " ".join(result.stderr.split()) == (
        "Hinweis: Der Suchindex wurde noch nicht erstellt. Die Dokumente sind gespeichert "
        "und werden mit `katalog index` in die Suche aufgenommen."
    )
    assert not (data_dir / "index").exists()
    assert "Hinweis: Der Suchindex wurde noch nicht erstellt." in invoke("remove", MARCH_ID).stderr


def test_ingest_and_remove_update_the_search_index(data_dir):
    from corpus.models import Catalogue
    from corpus.parser import load_catalogue
    from index.documents import DocumentIndex
    from index.store import build_index

    full = load_catalogue()
    small = Catalogue(
        projects=tuple(p for p in full.projects if p.id in ("DV-2.1", "DS-1.8")), sections=()
    )
    build_index(get_settings(), small, embedder=LengthEmbedder())  # the precondition only

    result = invoke("ingest", str(MARCH), "-d", "2024-03-12", "-v", "public")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "Suchindex aktualisiert: 1 öffentliche, 0 interne Dokumente (5 Abschnitte; "
        "5 neu berechnet, 0 entfernt)."
    )
    index = DocumentIndex(get_settings(), LengthEmbedder())
    assert [d.id for d in index.view("citizen").reports_for("DV-2.1")] == [MARCH_ID]

    removed = invoke("remove", MARCH_ID)
    assert removed.exit_code == 0
    assert removed.stdout.splitlines()[-1] == (
        "Suchindex aktualisiert: 0 öffentliche, 0 interne Dokumente (0 Abschnitte; "
        "0 neu berechnet, 5 entfernt)."
    )
    assert index.view("citizen").reports_for("DV-2.1") == []

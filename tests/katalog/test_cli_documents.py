"""`katalog ingest`, `katalog documents` and `katalog remove`, run as a user runs them."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from katalog.cli import app
from katalog.settings import get_settings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "documents"
MARCH = FIXTURES / "sachstandsbericht-2024-03.md"
MARCH_ID = "doc-" + hashlib.sha256(MARCH.read_bytes()).hexdigest()[:8]
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

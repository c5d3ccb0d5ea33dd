"""`katalog index` and `katalog search`, run as a user runs them (on the catalogue's first
two projects, so a build takes seconds)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from katalog.cli import app
from katalog.settings import DEFAULT_CATALOGUE, get_settings

runner = CliRunner()


@pytest.fixture(scope="module")
def head(tmp_path_factory) -> Path:
    """The catalogue text up to DV 1.3: the general chapters, DV 1.1 and DV 1.2."""
    lines = DEFAULT_CATALOGUE.read_text(encoding="utf-8").split("\n")
    end = next(i for i, line in enumerate(lines) if line.startswith("1.3 "))
    path = tmp_path_factory.mktemp("katalog") / "anfang.txt"
    path.write_text("\n".join(lines[:end]), encoding="utf-8")
    return path


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("KATALOG_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    yield {"COLUMNS": "200"}
    get_settings.cache_clear()


def test_search_without_index_says_what_to_do(env):
    result = runner.invoke(app, ["search", "Handyparken"], env=env)
    assert result.exit_code == 2
    assert "Der Suchindex fehlt. Bitte zuerst `katalog index` ausführen." in result.output


def test_index_then_search(env, head, tmp_path):
    first = runner.invoke(app, ["index", "--catalogue", str(head)], env=env)
    assert first.exit_code == 0, first.output
    assert "Abschnitte einbetten" in first.output
    assert "Neu oder geändert: DV-1.1, DV-1.2" in first.output
    assert (tmp_path / "var" / "index" / "chroma").is_dir()

    again = runner.invoke(app, ["index", "--catalogue", str(head)], env=env)
    assert again.exit_code == 0
    assert " 0 neu eingebettet" in again.output

    found = runner.invoke(
        app, ["search", "--json", "Wann kommt die Smart City Strategie?"], env=env
    )
    assert found.exit_code == 0, found.output
    data = json.loads(found.stdout)
    assert [p["id"] for p in data["projects"]] == ["DV-1.2", "DV-1.1"]
    best = data["projects"][0]
    assert set(best) == {"id", "score", "nodes"}
    assert 0 < best["score"] <= 1
    assert best["nodes"][0]["project_id"] == "DV-1.2"
    assert any(n["field"] == "periods" for n in best["nodes"])

    table = runner.invoke(app, ["search", "-k", "1", "Digitalisierungsstrategie"], env=env)
    assert table.exit_code == 0
    assert "DV 1.1" in table.stdout and "DV 1.2" not in table.stdout

    sections = runner.invoke(
        app, ["search", "--sections", "--json", "Wie oft wird fortgeschrieben?"], env=env
    )
    assert json.loads(sections.stdout)["projects"][0]["id"] == "fortschreibung"

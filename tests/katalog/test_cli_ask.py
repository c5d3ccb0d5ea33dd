"""`katalog ask` as a user runs it (the index-free paths; answers are tested in tests/assistant)."""

from __future__ import annotations

from typer.testing import CliRunner

from katalog.cli import app
from katalog.settings import get_settings

runner = CliRunner()


def test_ask_without_index_explains_the_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("KATALOG_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["ask", "Wer ist für E-Payment zuständig?"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "Der Suchindex fehlt" in result.stderr


def test_ask_rejects_an_unknown_audience():
    result = runner.invoke(app, ["ask", "Wer ist zuständig?", "--audience", "presse"])
    assert result.exit_code == 2
    assert "Unbekannte Zielgruppe 'presse'" in result.stderr

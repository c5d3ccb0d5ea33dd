from __future__ import annotations

from pathlib import Path

from katalog.settings import Settings


def test_defaults() -> None:
    settings = Settings(_env_file=None)
    assert settings.data_dir == Path("./var")
    assert settings.embedding == "e5-small"
    assert settings.index_dir == Path("./var/index")


def test_environment_with_prefix(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KATALOG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KATALOG_API_KEYS", "eins, zwei")
    monkeypatch.setenv("KATALOG_PORT", "8123")
    settings = Settings(_env_file=None)
    assert settings.data_dir == tmp_path
    assert settings.api_keys == ["eins", "zwei"]
    assert settings.port == 8123

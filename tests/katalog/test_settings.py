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


def test_document_limits_are_settings_shared_by_cli_and_api(monkeypatch, tmp_path: Path) -> None:
    from corpus.documents.store import DocumentStore

    defaults = Settings(_env_file=None)
    assert (
        defaults.max_doc_parts,
        defaults.max_doc_unpacked_bytes,
        defaults.max_doc_ratio,
        defaults.max_doc_pages,
        defaults.max_doc_chars,
        defaults.max_doc_chunks,
        defaults.extract_cpu_seconds,
        defaults.extract_memory_mb,
    ) == (2000, 60 * 1024 * 1024, 100, 1000, 3_000_000, 1000, 60, 1024)
    monkeypatch.setenv("KATALOG_MAX_DOC_CHUNKS", "50")
    monkeypatch.setenv("KATALOG_EXTRACT_MEMORY_MB", "300")
    store = DocumentStore.from_settings(Settings(_env_file=None, data_dir=tmp_path))
    assert (store.limits.chunks, store.bounds.memory_mb, store.max_bytes) == (
        50,
        300,
        20 * 1024 * 1024,
    )

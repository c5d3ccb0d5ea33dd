"""The fault tier: real `katalog` processes (the service under uvicorn, the CLI) fed bad
files, killed half-way and questioned while they ingest, each on a copy of the session's index.
Every test here is marked ``slow`` and ``server``; `make test` runs them with the rest."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_collection_modifyitems(config, items) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.server)


@pytest.fixture
def data_dir(tmp_path, copy_index) -> Path:
    return copy_index(tmp_path / "var")

"""Fixtures shared by every test tier.

The whole catalogue is indexed with the default embedder once per test session; the tiers that
need a real index (index, assistant, api) copy that data dir instead of building their own.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def built_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir holding the full index (and the intent examples' vectors); copy it with
    `copy_index` before writing to it."""
    from corpus.parser import load_catalogue
    from index.store import build_index
    from katalog.settings import Settings

    settings = Settings(_env_file=None, data_dir=tmp_path_factory.mktemp("built-index"))
    build_index(settings, load_catalogue(settings.catalogue_path))
    # As `katalog index` does: the intent examples' vectors are cached beside the index, so
    # that every service started on a copy is ready in seconds.
    from assistant.service import build_assistant

    build_assistant(settings).intents.warm_up()
    return settings.data_dir


@pytest.fixture(scope="session")
def copy_index(built_index_dir: Path):
    """`copy_index(data_dir)` puts a copy of the session's built index under `data_dir/index`."""

    def copy(data_dir: Path) -> Path:
        shutil.copytree(built_index_dir / "index", Path(data_dir) / "index", dirs_exist_ok=True)
        return Path(data_dir)

    return copy


@pytest.fixture(scope="session")
def two_editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the bundled 2. Fortschreibung and a fictitious 3. built from it
    (tests/fictitious_edition.py)."""
    from fictitious_edition import edition_folder

    return edition_folder(tmp_path_factory.mktemp("editions"))

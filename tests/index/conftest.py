"""Fixtures for the index tests: the real catalogue, real embedders, one real index per session.

The full index (43 projects, default embedder) is built once per session under pytest's
temporary folder; tests that change or remove projects use a small catalogue of three
projects and one section so each of their builds takes a second or two.
"""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from typing import Any

import pytest

from corpus.models import Catalogue
from corpus.parser import load_catalogue
from katalog.settings import Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="session")
def e5():
    from index.embeddings import make_embedder

    return make_embedder("e5-small")


class CountingEmbedder:
    """A real embedder (delegates to e5-small) that counts what it embeds."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.model_name = inner.model_name
        self.passages = 0
        self.queries = 0
        self._lock = threading.Lock()

    def get_query_embedding(self, query: str) -> list[float]:
        with self._lock:
            self.queries += 1
        return self.inner.get_query_embedding(query)

    def get_text_embedding_batch(self, texts, show_progress=False, **kwargs):
        with self._lock:
            self.passages += len(texts)
        return self.inner.get_text_embedding_batch(texts)


@pytest.fixture
def counting(e5) -> CountingEmbedder:
    return CountingEmbedder(e5)


@pytest.fixture(scope="session")
def small_catalogue(catalogue) -> Catalogue:
    """Three short real projects and one short section (a build takes about a second)."""
    projects = tuple(catalogue[i] for i in ("DV-2.10", "DS-1.4", "DS-2.4"))
    sections = tuple(s for s in catalogue.sections if s.id == "detailbetrachtung")
    return Catalogue(projects=projects, sections=sections)


def _edited(cat: Catalogue, project_id: str, **changes: Any) -> Catalogue:
    projects = tuple(replace(p, **changes) if p.id == project_id else p for p in cat.projects)
    return Catalogue(projects=projects, sections=cat.sections)


def _without(cat: Catalogue, project_id: str) -> Catalogue:
    return Catalogue(
        projects=tuple(p for p in cat.projects if p.id != project_id), sections=cat.sections
    )


@pytest.fixture(scope="session")
def edited():
    """``edited(catalogue, "DS-2.5", title=...)``: a copy with one project changed."""
    return _edited


@pytest.fixture(scope="session")
def without():
    """``without(catalogue, "DS-2.5")``: a copy without that project."""
    return _without


@pytest.fixture(scope="session")
def full_settings(tmp_path_factory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("index-full"))


@pytest.fixture(scope="session")
def full_index(full_settings, catalogue, e5, copy_index):
    """The whole catalogue with the default embedder: the session's shared build, copied;
    building again over it is incremental and only compares content hashes."""
    from index.store import build_index, open_index

    copy_index(full_settings.data_dir)
    report = build_index(full_settings, catalogue, embedder=e5)
    index = open_index(full_settings, catalogue, embedder=e5)
    index.build_report = report
    return index

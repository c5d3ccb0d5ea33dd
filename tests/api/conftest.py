"""Fixtures for the service tests.

``EchoAssistant`` is a small real implementation of the assistant contract (used until the
real assistant lands): it finds projects whose title occurs in the question and answers with
their responsible units, citing them.
"""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from api.app import create_app
from corpus.parser import load_catalogue
from katalog.errors import InvalidQuestionError
from katalog.settings import Settings


class Citation(BaseModel):
    id: str
    label: str
    title: str
    quote: str
    url: str


class Answer(BaseModel):
    answer: str
    citations: list[Citation]
    abstained: bool
    intent: str
    session_id: str


class EchoAssistant:
    def __init__(self, settings: Settings) -> None:
        self.catalogue = load_catalogue(settings.catalogue_path)
        self.calls: list[tuple[str, str, str | None]] = []

    def warm_up(self) -> None:
        pass

    def ask(self, question: str, audience: str = "citizen", session_id: str | None = None):
        question = question.strip()
        if not 1 <= len(question) <= 500:
            raise InvalidQuestionError("Die Frage muss 1 bis 500 Zeichen lang sein.")
        self.calls.append((question, audience, session_id))
        folded = question.casefold()
        hits = [p for p in self.catalogue.projects if p.title.casefold() in folded]
        session = session_id or uuid.uuid4().hex
        if not hits:
            text = "Dazu steht im Maßnahmenkatalog nichts."
            return Answer(
                answer=text,
                citations=[],
                abstained=True,
                intent="unbeantwortbar",
                session_id=session,
            )
        p = hits[0]
        return Answer(
            answer=f"Für {p.label} {p.title} ist zuständig: {p.responsible_text}.",
            citations=[
                Citation(
                    id=p.id,
                    label=p.label,
                    title=p.title,
                    quote=p.responsible_text,
                    url=f"/projekte/{p.id}",
                )
            ],
            abstained=False,
            intent="zustaendigkeit",
            session_id=session,
        )


def make_settings(tmp_path, **overrides) -> Settings:
    values = {"data_dir": tmp_path / "var", "api_keys": ["geheim-123"], "rate_limit": "1000/minute"}
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def assistant_factory():
    return EchoAssistant


@pytest.fixture
def make_client(tmp_path, assistant_factory):
    """``with make_client(rate_limit="2/minute") as client:`` — an app with other settings."""

    def make(factory=None, **overrides) -> TestClient:
        app = create_app(make_settings(tmp_path, **overrides), factory or assistant_factory)
        return TestClient(app, raise_server_exceptions=False)

    return make


@pytest.fixture
def client(settings, assistant_factory):
    app = create_app(settings, assistant_factory=assistant_factory)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """A real uvicorn server on a free loopback port; yields its base URL."""
    import threading
    import time

    import uvicorn

    settings = make_settings(tmp_path_factory.mktemp("live"))
    app = create_app(settings, assistant_factory=EchoAssistant)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)

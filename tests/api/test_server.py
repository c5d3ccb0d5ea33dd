"""The service as a real uvicorn process (started like `katalog serve`), over real HTTP."""

from __future__ import annotations

import json
import re

import httpx
import pytest

pytestmark = pytest.mark.server
QUESTION = "wer ist für E-Payment zuständig?"


def test_ready_health_and_docs(live_server):
    assert httpx.get(live_server + "/health").json() == {"status": "ok"}
    assert httpx.get(live_server + "/ready").json() == {"status": "ready"}
    docs = httpx.get(live_server + "/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text
    assert httpx.get(live_server + "/docs-assets/swagger-ui-bundle.js").status_code == 200
    schema = httpx.get(live_server + "/openapi.json").json()
    assert "/api/ask" in schema["paths"]


def test_ask_over_http(live_server):
    response = httpx.post(live_server + "/api/ask", json={"question": QUESTION}, timeout=30)
    assert response.status_code == 200
    assert len(response.headers["x-request-id"]) == 32
    body = response.json()
    assert body["citations"][0]["id"] == "DS-1.8"
    assert "Fachbereich 20" in body["answer"]


def test_stream_arrives_as_server_sent_events(live_server):
    names, done = [], None
    with httpx.stream(
        "POST", live_server + "/api/ask/stream", json={"question": QUESTION}, timeout=30
    ) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        event = None
        for line in response.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
                names.append(event)
            elif line.startswith("data: ") and event == "done":
                done = json.loads(line[6:])
    assert names[0] == "meta" and names[-1] == "done" and "delta" in names
    assert done["citations"][0]["url"] == "/projekte/DS-1.8"


def test_errors_and_pages_over_http(live_server):
    missing = httpx.get(live_server + "/api/projects/DS-9.9")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "unknown_project"
    assert missing.json()["request_id"] == missing.headers["x-request-id"]
    widget = httpx.get(live_server + "/widget/kw-dom.mjs")
    assert widget.headers["content-type"].startswith("text/javascript")
    assert "textContent" in widget.text and "innerHTML" not in widget.text
    page = httpx.get(live_server + "/")
    assert 'src="/widget/katalog-widget.js"' in page.text


def test_feedback_lands_on_disk(live_server, index_data_dir):
    record = {"session_id": "srv", "question": QUESTION, "answer": "x", "helpful": True}
    assert httpx.post(live_server + "/api/feedback", json=record).status_code == 201
    lines = (index_data_dir / "feedback" / "feedback.jsonl").read_text("utf-8").splitlines()
    assert json.loads(lines[-1])["session_id"] == "srv"
    metrics = httpx.get(live_server + "/metrics").text
    assert 'katalog_feedback_total{helpful="true"}' in metrics
    assert "http_request_duration_seconds_bucket" in metrics


def test_schemathesis_cli_finds_no_server_errors(live_server, tmp_path):
    """The schemathesis CLI (examples, coverage and fuzzing phases, all default checks)."""
    import subprocess
    import sys
    from pathlib import Path

    cli = Path(sys.executable).parent / "schemathesis"
    result = subprocess.run(
        [str(cli), "run", live_server + "/openapi.json", "--max-examples", "10"]
        + ["--seed", "20261125", "--no-color"]
        # Schema-valid but unknown or unreadable input is rightly refused with 404/422.
        + ["--exclude-checks", "positive_data_acceptance"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    assert "Server error" not in result.stdout
    assert re.search(r"(\d+) generated, \1 passed", result.stdout), result.stdout[-2000:]

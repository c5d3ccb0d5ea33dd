"""POST /api/ask, /api/ask/stream and /api/feedback, in-process."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from api.app import create_app

QUESTION = "wer ist für E-Payment zuständig?"


def events(text: str) -> list[tuple[str, dict]]:
    out = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        out.append((lines["event"], json.loads(lines["data"])))
    return out


def test_ask_answers_with_citation_of_ds_1_8(client):
    response = client.post("/api/ask", json={"question": QUESTION})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "answer",
        "citations",
        "abstained",
        "intent",
        "session_id",
        "took_ms",
        "links",
    }
    assert body["citations"][0]["id"] == "DS-1.8"
    assert body["citations"][0]["label"] == "DS 1.8"
    assert body["citations"][0]["title"] == "E-Payment"
    assert body["citations"][0]["url"] == "/projekte/DS-1.8"
    assert "Fachbereich 20" in body["answer"]
    assert body["abstained"] is False
    assert body["intent"] == "zustaendigkeit"
    assert isinstance(body["took_ms"], int)


def test_follow_up_uses_the_session(client):
    first = client.post("/api/ask", json={"question": QUESTION}).json()
    follow_up = {"question": "Und wann wird das umgesetzt?", "session_id": first["session_id"]}
    second = client.post("/api/ask", json=follow_up).json()
    assert second["session_id"] == first["session_id"]
    assert second["intent"] == "zeitraum"
    assert [c["id"] for c in second["citations"]] == ["DS-1.8"]
    assert "2020" in second["answer"] and "2021" in second["answer"]


def test_follow_up_works_after_a_cached_answer(client):
    client.post("/api/ask", json={"question": QUESTION})
    cached = client.post("/api/ask", json={"question": QUESTION}).json()
    follow_up = {"question": "Und wann wird das umgesetzt?", "session_id": cached["session_id"]}
    second = client.post("/api/ask", json=follow_up).json()
    assert [c["id"] for c in second["citations"]] == ["DS-1.8"]
    assert second["intent"] == "zeitraum"


def test_repeated_question_is_served_from_the_cache(client):
    first = client.post("/api/ask", json={"question": QUESTION}).json()
    again = client.post("/api/ask", json={"question": "  Wer ist für E-Payment zuständig "}).json()
    assert again["answer"] == first["answer"]
    assert again["session_id"] != first["session_id"]
    metrics = client.get("/metrics").text
    assert 'katalog_answer_cache_total{result="hit"} 1.0' in metrics


def test_stream_sends_pieces_then_the_full_answer(client):
    response = client.post("/api/ask/stream", json={"question": QUESTION})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["x-request-id"]
    got = events(response.text)
    names = [name for name, _ in got]
    assert names[0] == "meta" and names[-1] == "done"
    assert names.count("delta") >= 2
    done = got[-1][1]
    assert "".join(data["text"] for name, data in got if name == "delta") == done["answer"]
    assert [c["id"] for c in done["citations"]][:1] == ["DS-1.8"]
    assert done["abstained"] is False
    assert got[0][1]["session_id"] == done["session_id"]


def test_question_length_is_checked_after_trimming(client):
    for question in ["", "   ", "x" * 501]:
        response = client.post("/api/ask", json={"question": question})
        assert response.status_code == 422
        assert response.json()["error"] == {
            "code": "invalid_request",
            "message": "Die Frage muss nach dem Entfernen von Leerzeichen 1 bis 500 Zeichen "
            "lang sein.",
        }
    assert client.post("/api/ask", json={"question": "  " + "x" * 500 + "  "}).status_code == 200


def test_employee_audience_needs_a_valid_key(client):
    body = {"question": QUESTION, "audience": "employee"}
    missing = client.post("/api/ask", json=body)
    wrong = client.post("/api/ask", json=body, headers={"X-API-Key": "falsch"})
    right = client.post("/api/ask", json=body, headers={"X-API-Key": "geheim-123"})
    for response in (missing, wrong):
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"
        assert "API-Schlüssel" in response.json()["error"]["message"]
    assert right.status_code == 200
    assert right.json()["citations"][0]["id"] == "DS-1.8"
    assert client.post("/api/ask/stream", json=body).status_code == 401


def test_feedback_is_appended_durably(client, settings):
    record = {
        "session_id": "abc",
        "question": QUESTION,
        "answer": "Fachbereich 20",
        "helpful": False,
        "comment": "Abteilung fehlt",
    }
    assert client.post("/api/feedback", json=record).status_code == 201
    assert client.post("/api/feedback", json={**record, "helpful": True}).status_code == 201
    lines = (settings.data_dir / "feedback" / "feedback.jsonl").read_text("utf-8").splitlines()
    stored = [json.loads(line) for line in lines]
    assert [s["helpful"] for s in stored] == [False, True]
    assert stored[0]["comment"] == "Abteilung fehlt"
    assert stored[0]["question"] == QUESTION
    metrics = client.get("/metrics").text
    assert 'katalog_feedback_total{helpful="false"} 1.0' in metrics
    assert 'katalog_feedback_total{helpful="true"} 1.0' in metrics


def test_feedback_needs_helpful(client):
    response = client.post(
        "/api/feedback", json={"session_id": "a", "question": "q", "answer": "a"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "Das Feld 'Bewertung (helpful)' fehlt."


def test_unanswerable_question_abstains(client):
    body = client.post("/api/ask", json={"question": "Wie hoch ist das Budget für E-Payment?"})
    assert body.status_code == 200
    assert body.json()["abstained"] is True
    assert body.json()["intent"] == "unbeantwortbar"
    assert 'katalog_answers_total{abstained="true"} 1.0' in client.get("/metrics").text


def test_question_text_is_not_logged_unless_enabled(settings, caplog, assistant_factory):
    caplog.set_level("INFO")
    secret = "Geheimnisfrage zu E-Payment"
    for log_questions in (False, True):
        caplog.clear()
        app = create_app(
            settings.model_copy(update={"log_questions": log_questions}),
            assistant_factory=assistant_factory,
        )
        with TestClient(app) as test_client:
            test_client.post("/api/ask", json={"question": secret})
        logged = " ".join(json.dumps(getattr(r, "fields", {})) for r in caplog.records)
        logged += " ".join(r.getMessage() for r in caplog.records)
        assert (secret in logged) is log_questions
        assert ("testclient" in logged) is log_questions

"""Hardening: one error shape, request ids, body limit, rate limit, CORS, readiness."""

from __future__ import annotations

from katalog.errors import IndexNotBuiltError

QUESTION = "wer ist für E-Payment zuständig?"


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error", "request_id"}
    assert body["error"]["code"] == code
    assert body["request_id"] == response.headers["x-request-id"]
    assert "Traceback" not in response.text
    return body


def test_every_response_has_a_request_id_and_known_ids_are_kept(client):
    assert len(client.get("/health").headers["x-request-id"]) == 32
    echoed = client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"
    replaced = client.get("/health", headers={"X-Request-ID": "<script>"})
    assert replaced.headers["x-request-id"] != "<script>"


def test_default_errors_are_german_json(client):
    body = assert_error(client.get("/gibt-es-nicht"), 404, "not_found")
    assert body["error"]["message"] == "Die angeforderte Seite oder Ressource gibt es nicht."
    not_allowed = client.get("/api/ask")
    assert not_allowed.headers["allow"] == "POST"
    body = assert_error(not_allowed, 405, "method_not_allowed")
    assert body["error"]["message"] == "Diese HTTP-Methode ist für diese Adresse nicht erlaubt."
    body = assert_error(
        client.post("/api/ask", content=b"{kaputt", headers={"Content-Type": "application/json"}),
        422,
        "invalid_request",
    )
    assert body["error"]["message"] == "Der Anfragetext ist kein gültiges JSON."
    body = assert_error(
        client.post("/api/ask", json={"question": "x", "audience": "admin"}), 422, "invalid_request"
    )
    assert body["error"]["message"].startswith("Das Feld 'Zielgruppe' hat einen ungültigen Wert")


def test_body_size_limit(make_client):
    with make_client(max_body_bytes=200) as client:
        big = {"question": "x" * 300}
        body = assert_error(client.post("/api/ask", json=big), 413, "payload_too_large")
        assert body["error"]["message"] == "Die Anfrage ist zu groß."

        def chunks():
            yield b'{"question": "'
            yield b"x" * 300
            yield b'"}'

        streamed = client.post(
            "/api/ask", content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert_error(streamed, 413, "payload_too_large")


def test_rate_limit_answers_429_with_retry_after(make_client):
    with make_client(rate_limit="2/minute") as client:
        codes = [client.post("/api/ask", json={"question": QUESTION}).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        limited = client.post("/api/ask", json={"question": QUESTION})
        body = assert_error(limited, 429, "rate_limited")
        assert body["error"]["message"].startswith("Zu viele Anfragen.")
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        # Employees with a valid key are not limited; the read-only catalogue isn't either.
        keyed = client.post(
            "/api/ask", json={"question": QUESTION}, headers={"X-API-Key": "geheim-123"}
        )
        assert keyed.status_code == 200
        assert client.get("/api/projects/DS-1.8").status_code == 200


def test_cors_allows_only_configured_origins(make_client):
    with make_client(cors_origins=["https://www.kleve.de"]) as client:
        preflight = {"Access-Control-Request-Method": "POST"}
        ok = client.options("/api/ask", headers={"Origin": "https://www.kleve.de", **preflight})
        assert ok.status_code == 200
        assert ok.headers["access-control-allow-origin"] == "https://www.kleve.de"
        bad = client.options("/api/ask", headers={"Origin": "https://evil.example", **preflight})
        assert "access-control-allow-origin" not in bad.headers
        simple = client.get("/health", headers={"Origin": "https://www.kleve.de"})
        assert simple.headers["access-control-allow-origin"] == "https://www.kleve.de"
        assert "x-request-id" in simple.headers["access-control-expose-headers"].lower()


def test_missing_index_keeps_the_service_up_but_not_ready(make_client):
    def no_index(settings):
        raise IndexNotBuiltError("Der Suchindex fehlt. Bitte zuerst `katalog index` ausführen.")

    with make_client(no_index) as client:
        assert client.get("/health").json() == {"status": "ok"}
        body = assert_error(client.get("/ready"), 503, "not_ready")
        assert body["error"]["message"].startswith("Der Suchindex fehlt.")
        assert_error(client.post("/api/ask", json={"question": QUESTION}), 503, "not_ready")
        # The catalogue pages do not need the index.
        assert client.get("/projekte/DS-1.8").status_code == 200


class BrokenAssistant:
    def __init__(self, settings) -> None:
        pass

    def warm_up(self) -> None:
        pass

    def ask(self, question, audience="citizen", session_id=None):
        raise RuntimeError("secret internal detail")


def test_unexpected_errors_become_a_german_500_without_details(make_client):
    with make_client(BrokenAssistant) as client:
        response = client.post("/api/ask", json={"question": QUESTION})
        body = assert_error(response, 500, "internal_error")
        assert "secret internal detail" not in response.text
        assert body["error"]["message"].startswith("Ein interner Fehler ist aufgetreten.")


def test_security_headers_on_pages(client):
    page = client.get("/projekte/DS-1.8")
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_one_budget_per_client_across_ask_stream_and_feedback(make_client):
    with make_client(rate_limit="2/minute") as client:
        assert client.post("/api/ask", json={"question": QUESTION}).status_code == 200
        stream = client.post("/api/ask/stream", json={"question": QUESTION})
        assert stream.status_code == 200
        feedback = {"session_id": "a" * 22, "question": "x", "answer": "y", "helpful": True}
        assert_error(client.post("/api/feedback", json=feedback), 429, "rate_limited")
        assert_error(client.post("/api/ask", json={"question": QUESTION}), 429, "rate_limited")


def test_a_forwarded_header_counts_only_from_a_trusted_proxy(make_client):
    spoofed = [{"X-Forwarded-For": f"203.0.113.{n}"} for n in range(3)]
    with make_client(rate_limit="2/minute") as client:  # no proxy trusted: header ignored
        codes = [
            client.post("/api/ask", json={"question": QUESTION}, headers=h).status_code
            for h in spoofed
        ]
        assert codes == [200, 200, 429]
    with make_client(rate_limit="2/minute", trusted_proxies=["testclient"]) as client:
        codes = [
            client.post("/api/ask", json={"question": QUESTION}, headers=h).status_code
            for h in spoofed
        ]
        assert codes == [200, 200, 200]  # three people behind the city's proxy
        # what the client wrote itself (left of the proxy's entry) does not count
        chain = [{"X-Forwarded-For": f"10.9.9.{n}, 198.51.100.7"} for n in range(3)]
        codes = [
            client.post("/api/ask", json={"question": QUESTION}, headers=h).status_code
            for h in chain
        ]
        assert codes == [200, 200, 429]


def test_retry_after_says_what_is_left_of_the_window(make_client):
    import time

    with make_client(rate_limit="1/minute") as client:
        assert client.post("/api/ask", json={"question": QUESTION}).status_code == 200
        time.sleep(2.2)
        limited = client.post("/api/ask", json={"question": QUESTION})
        assert limited.status_code == 429
        assert 1 <= int(limited.headers["retry-after"]) <= 58


def test_small_hardening_faults(make_client):
    with make_client() as client:
        long_ref = client.get("/api/projects/" + "X" * 5000)
        assert long_ref.status_code == 404 and len(long_ref.text) < 400
        assert "Projekt 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX…' gibt es nicht." in long_ref.text
        bad = client.post("/api/ask", json={"question": "hallo", "audience": "admin"})
        assert bad.json()["error"]["message"].endswith("erlaubt sind 'citizen' oder 'employee'.")
        page = client.get("/projekte/DS-1.8")
        assert page.headers["x-frame-options"] == "SAMEORIGIN"
        docs = client.get("/docs")
        assert "default-src 'self'" in docs.headers["content-security-policy"]
        assert client.get("/metrics").status_code == 200  # open unless the setting says so
    with make_client(metrics_require_key=True) as client:
        assert_error(client.get("/metrics"), 401, "unauthorized")
        keyed = client.get("/metrics", headers={"X-API-Key": "geheim-123"})
        assert keyed.status_code == 200 and "katalog_" in keyed.text


def test_a_file_name_is_cleaned():
    from corpus.documents.store import safe_filename

    assert safe_filename("Bericht\x00.txt") == "Bericht.txt"
    assert safe_filename("..\\..\\etc/passwd") == "passwd"
    assert safe_filename("\x00\x01") == "dokument"
    assert len(safe_filename("a" * 300 + ".pdf")) == 120 and safe_filename(
        "a" * 300 + ".pdf"
    ).endswith(".pdf")

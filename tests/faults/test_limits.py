"""The rate limit over real HTTP: a forwarded header from a peer that is not a trusted proxy
chooses nothing, and asking, streaming and feedback draw on one budget per client."""

from __future__ import annotations

import httpx
from faultkit import serving


def test_spoofed_forwarded_headers_and_the_shared_budget(data_dir):
    # 127.0.0.1 is not among the trusted proxies: whatever it forwards is its own invention.
    env = {"KATALOG_RATE_LIMIT": "4/minute", "KATALOG_TRUSTED_PROXIES": "10.0.0.0/8"}
    with serving(data_dir, **env) as server:
        ask = {"question": "Wer ist für E-Payment zuständig?"}
        feedback = {"session_id": "s-1", "question": "q", "answer": "a", "helpful": True}
        calls = [
            ("/api/ask", ask),
            ("/api/ask/stream", ask),
            ("/api/feedback", feedback),
            ("/api/ask", ask),
        ]
        statuses = []
        for n, (path, body) in enumerate(calls):
            spoofed = {"X-Forwarded-For": f"198.51.100.{n}, 10.0.0.{n}"}
            statuses.append(httpx.post(server.base + path, json=body, headers=spoofed).status_code)
        assert statuses == [200, 200, 201, 200]  # feedback is created
        for path, body in calls[:3]:  # the budget is spent, on every route, whatever is forwarded
            refused = httpx.post(
                server.base + path, json=body, headers={"X-Forwarded-For": "203.0.113.77"}
            )
            assert refused.status_code == 429, path
            assert refused.json()["error"]["code"] == "rate_limited"
            assert 1 <= int(refused.headers["retry-after"]) <= 60

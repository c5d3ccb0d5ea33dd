"""The origin check the widget asks for."""

from __future__ import annotations


def test_widget_config_tells_a_page_whether_its_origin_is_allowed(make_client):
    with make_client(cors_origins=["https://www.kleve.de"]) as client:
        allowed = client.get("/api/widget-config", headers={"Origin": "https://www.kleve.de"})
        refused = client.get("/api/widget-config", headers={"Origin": "https://verein.example"})
        no_origin = client.get("/api/widget-config")
    assert allowed.json() == {"origin": "https://www.kleve.de", "allowed": True}
    assert allowed.headers["access-control-allow-origin"] == "https://www.kleve.de"
    # Refused by CORS for everything else, this one answer is readable all the same.
    assert refused.json() == {"origin": "https://verein.example", "allowed": False}
    assert refused.headers["access-control-allow-origin"] == "*"
    assert refused.headers["cache-control"] == "no-store"
    assert no_origin.json() == {"origin": None, "allowed": True}
    with make_client(cors_origins=["*"]) as client:
        anyone = client.get("/api/widget-config", headers={"Origin": "https://verein.example"})
    assert anyone.json() == {"origin": "https://verein.example", "allowed": True}

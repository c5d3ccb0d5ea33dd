"""The widget's files as the service hands them out, and the origin check it asks for."""

from __future__ import annotations

from api.routes.site import STATIC, WIDGET_FILES

MAX_BYTES = 50_000  # issue 14: script and stylesheet together, unminified


def test_widget_script_and_stylesheet_stay_within_50_kb():
    folder = STATIC / "widget"
    # Every file in the folder is served, and every served file is counted.
    assert {path.name for path in folder.iterdir()} == set(WIDGET_FILES)
    sizes = {name: (folder / name).stat().st_size for name in WIDGET_FILES}
    assert sum(sizes.values()) <= MAX_BYTES, sizes


def test_widget_files_are_served_to_every_origin(client):
    for name, media_type in WIDGET_FILES.items():
        response = client.get(f"/widget/{name}", headers={"Origin": "https://irgendwo.example"})
        assert response.status_code == 200, name
        assert response.headers["content-type"] == media_type
        # Module scripts from another origin load only with CORS; any page may load them.
        assert response.headers["access-control-allow-origin"] == "*"
        assert "innerHTML" not in response.text and "eval(" not in response.text, name
    assert client.get("/widget/kw-unbekannt.mjs").status_code == 404


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

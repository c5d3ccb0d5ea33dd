"""/api/editions, /api/diff and the page /aenderungen, over one edition and over a folder with
the fictitious 3. Fortschreibung (tests/fictitious_edition.py)."""

from __future__ import annotations

import re

import pytest


@pytest.fixture
def two_client(make_client, two_editions):
    with make_client(catalogue_path=two_editions) as client:
        yield client


def test_editions_of_the_bundled_catalogue(client) -> None:
    response = client.get("/api/editions")
    assert response.status_code == 200
    assert response.json() == [
        {
            "number": 2,
            "name": "2. Fortschreibung",
            "projects": 43,
            "source": "massnahmenkatalog-2-fortschreibung.txt",
        }
    ]


def test_the_api_description_and_the_widget_name_the_newest_edition(client, two_client):
    lead = "Fragen und Antworten zum Maßnahmenkatalog Digitalisierung – {} der Stadt Kleve"
    for http, edition in ((client, "2. Fortschreibung"), (two_client, "3. Fortschreibung")):
        description = http.get("/openapi.json").json()["info"]["description"]
        assert description.startswith(lead.format(edition))
        # The service's own pages tell the widget which edition answers.
        assert f'data-edition="{edition}" defer></script>' in http.get("/").text


def test_the_demo_page_takes_areas_and_numbers_from_the_records(client, two_client):
    for http, last_dv in ((client, "DV 3.8"), (two_client, "DV 3.9")):
        page = http.get("/").text
        assert (
            "<h3>Digitale Verwaltung</h3>\n      <p>Strategieplanung, Smart Working und "
            f"Veränderungsmanagement – Projekte DV 1.1 bis {last_dv}.</p>"
        ) in page
        assert (
            "<p>E-Government, Smart City und Partizipation – Projekte DS 1.1 bis DS 3.5.</p>"
            in page
        )
        assert '<h2 id="h-bereiche">Zwei Wirkungsbereiche</h2>' in page


def test_the_bundled_edition_has_an_empty_diff(client) -> None:
    empty = {"from": 2, "to": 2, "added": [], "removed": [], "renumbered": [], "changed": []}
    assert client.get("/api/diff").json() == empty
    assert client.get("/api/diff?from=2&to=2").json() == empty
    page = client.get("/aenderungen")
    assert page.status_code == 200
    assert "Geladen ist nur die 2. Fortschreibung des Maßnahmenkatalogs." in page.text


def test_an_edition_that_is_not_loaded_is_404_in_german(client) -> None:
    response = client.get("/api/diff?from=1&to=2")
    assert response.status_code == 404
    assert response.json()["error"] == {
        "code": "unknown_edition",
        "message": "Die 1. Fortschreibung ist nicht geladen. Vorhanden: 2. Fortschreibung.",
    }
    assert client.get("/aenderungen?from=7").status_code == 404


def test_two_editions(two_client) -> None:
    from fictitious_edition import FILE_NAME

    editions = two_client.get("/api/editions").json()
    assert [(e["number"], e["name"], e["source"]) for e in editions] == [
        (2, "2. Fortschreibung", "massnahmenkatalog-2-fortschreibung.txt"),
        (3, "3. Fortschreibung", FILE_NAME),
    ]
    found = two_client.get("/api/diff").json()
    assert two_client.get("/api/diff?from=2&to=3").json() == found
    assert (found["from"], found["to"]) == (2, 3)
    assert (found["added"], found["removed"]) == (["DV-3.9"], ["DV-2.9"])
    assert found["renumbered"] == [{"from": "DV-2.10", "to": "DV-2.9"}]
    assert [(c["id"], c["fields"]) for c in found["changed"]] == [
        ("DV-2.1", ["periods"]),
        ("DS-1.8", ["responsible"]),
    ]
    # The records served are the newest edition's.
    assert two_client.get("/api/projects/DV-3.9").json()["title"] == (
        "Künstliche Intelligenz im Bürgerservice"
    )


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_changes_page(two_client) -> None:
    page = two_client.get("/aenderungen")
    assert page.status_code == 200
    text = _text(page.text)
    assert "Die 3. Fortschreibung im Vergleich mit der 2. Fortschreibung" in text
    assert "Neue Projekte DV 3.9 Künstliche Intelligenz im Bürgerservice – " in text
    assert (
        "Verzögerungen Projekt 2. Fortschreibung 3. Fortschreibung"
        " DV 2.1 Dokumentenmanagementsystem"
        " Zeitraum Umsetzung: 2020 bis 2024. Danach laufender Support."
        " Zeitraum Umsetzung: 2020 bis 2026. Danach laufender Support." in text
    )
    assert (
        "DS 1.8 E-Payment Fachbereich 20, Fachbereich 10 – Abteilung 10.1"
        " Fachbereich 20, Fachbereich 32, Fachbereich 10 – Abteilung 10.1" in text
    )
    assert (
        "DV 2.10 Digitale Kommunikation (intern) heißt jetzt DV 2.9 Digitale Kommunikation (intern)"
        in text
    )
    assert "DV 2.9 Social Intranet (nur in der 2. Fortschreibung)" in text
    assert "Weitere Änderungen" not in text
    assert 'href="/projekte/DV-3.9"' in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")


def test_project_pages_name_their_edition_and_link_the_changes(two_client, client) -> None:
    page = two_client.get("/projekte/DV-2.1").text
    assert "Maßnahmenkatalog Digitalisierung – 3. Fortschreibung, Zeilen" in _text(page)
    assert 'href="/aenderungen"' in page
    bundled = client.get("/projekte/DV-2.1").text
    assert "Maßnahmenkatalog Digitalisierung – 2. Fortschreibung, Zeilen" in _text(bundled)
    assert 'href="/aenderungen"' in client.get("/").text

"""The catalogue's records: /api/projects (JSON) and /projekte (HTML)."""

from __future__ import annotations

import re

import pytest


def ids(response) -> list[str]:
    return [p["id"] for p in response.json()["projects"]]


def test_all_projects_are_listed(client):
    body = client.get("/api/projects").json()
    assert body["count"] == 43 == len(body["projects"])
    assert body["projects"][0]["id"] == "DV-1.1"
    assert body["projects"][-1]["id"] == "DS-3.5"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"impact_area": "DS", "action_field": "E-Government"}, [f"DS-1.{n}" for n in range(1, 9)]),
        (
            {"impact_area": "Digitale Stadt", "action_field": "3"},
            [f"DS-3.{n}" for n in range(1, 6)],
        ),
        ({"responsible": "Fachbereich 61"}, ["DS-3.1", "DS-3.2"]),
        ({"responsible": "Volkshochschule"}, ["DS-3.3"]),
        ({"q": "lorawan"}, ["DS-2.6"]),
        ({"q": "keinwortdasvorkommt"}, []),
    ],
)
def test_filters(client, query, expected):
    response = client.get("/api/projects", params=query)
    assert response.status_code == 200
    assert ids(response) == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize("ref", ["DS-1.8", "DS 1.8", "ds1.8", "1.8"])
def test_one_project_in_any_accepted_form(client, ref):
    body = client.get(f"/api/projects/{ref}").json()
    assert body["id"] == "DS-1.8"
    assert body["title"] == "E-Payment"
    assert body["responsible"] == ["Fachbereich 20", "Fachbereich 10 – Abteilung 10.1"]
    assert body["measures"] == [
        "Einführung verwaltungsintern koordinieren",
        "E-Payment in Online-Diensten einbinden",
    ]
    assert body["periods"][0] == {
        "label": "Umsetzung",
        "start": 2020,
        "end": 2021,
        "text": "Umsetzung: 2020 bis 2021. Danach ggfs. laufende Betreuung in technischer "
        "Hinsicht.",
    }


def test_unknown_and_ambiguous_numbers_are_404_with_german_message(client):
    unknown = client.get("/api/projects/DS-9.9")
    assert unknown.status_code == 404
    assert unknown.json()["error"] == {
        "code": "unknown_project",
        "message": "Projekt 'DS-9.9' gibt es nicht. "
        "Gültig sind DV 1.1 – DV 3.8 und DS 1.1 – DS 3.5.",
    }
    ambiguous = client.get("/api/projects/2.1")
    assert ambiguous.status_code == 404
    assert ambiguous.json()["error"]["code"] == "ambiguous_project"
    assert "DV 2.1 Dokumentenmanagementsystem" in ambiguous.json()["error"]["message"]


def test_project_page_shows_the_record(client):
    page = client.get("/projekte/ds-1.8")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<html lang="de">' in html
    assert re.search(r"<h1><span class=\"project-label\">DS 1.8</span> E-Payment</h1>", html)
    assert "<dd>Fachbereich 20, Fachbereich 10 – Abteilung 10.1</dd>" in html
    assert "<li>E-Payment in Online-Diensten einbinden</li>" in html
    assert "Zeilen\n    1050–1075" in html


def test_project_overview_groups_by_action_field(client):
    html = client.get("/projekte").text
    assert html.count('href="/projekte/') == 43
    assert html.index("Aktionsfeld 1. Strategieplanung") < html.index('href="/projekte/DV-1.1"')
    assert html.index("Aktionsfeld 3. Partizipation") < html.index('href="/projekte/DS-3.5"')


def test_unknown_project_page_is_a_404_page_with_escaped_text(client):
    page = client.get("/projekte/<img src=x onerror=alert(1)>")
    assert page.status_code == 404
    assert "<img src=x" not in page.text
    assert "Projekt &#39;&lt;img src=x onerror=alert(1)&gt;&#39; gibt es nicht." in page.text

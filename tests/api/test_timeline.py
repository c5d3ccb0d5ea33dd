"""/api/timeline, /zeitstrahl and its exports: exact sets for the filters, the page's content,
the links in from project pages and from answers about time."""

from __future__ import annotations

import csv
import io

import pytest

DV = [
    *(f"DV-1.{n}" for n in range(1, 6)),
    *(f"DV-2.{n}" for n in range(1, 11)),
    *(f"DV-3.{n}" for n in range(1, 9)),
]


def ids(client, query: str = "") -> list[str]:
    response = client.get(f"/api/timeline{query}")
    assert response.status_code == 200
    return [row["id"] for row in response.json()]


def test_every_project_with_its_phases(client):
    body = client.get("/api/timeline").json()
    assert len(body) == 42  # every project; the DS 2.0 overview has no periods
    payment = next(row for row in body if row["id"] == "DS-1.8")
    assert payment == {
        "id": "DS-1.8",
        "label": "DS 1.8",
        "title": "E-Payment",
        "area": "DS",
        "action_field": "E-Government",
        "responsible": ["Fachbereich 20", "Fachbereich 10 – Abteilung 10.1"],
        "phases": [
            {
                "label": "Umsetzung",
                "start": 2020,
                "end": 2021,
                "open_end": True,
                "text": "Umsetzung: 2020 bis 2021. Danach ggfs. laufende Betreuung in technischer "
                "Hinsicht.",
            }
        ],
    }


def test_filters_return_exact_sets(client):
    assert ids(client, "?bereich=DV") == DV
    assert ids(client, "?bereich=ds&fachbereich=61") == ["DS-3.1", "DS-3.2"]
    # the Zuständigkeit must name the unit; "alle Fachbereiche" does not count
    assert ids(client, "?fachbereich=32") == ["DS-2.5"]
    assert ids(client, "?fachbereich=10.2") == ["DV-2.2", "DV-2.5", "DV-2.6", "DV-2.7", "DS-1.6"]
    # in 2026: a phase covers it, or an open end after one
    in_2026 = ids(client, "?jahr=2026")
    assert "DS-2.6" in in_2026 and "DS-2.1" not in in_2026 and "DS-1.8" in in_2026
    # 2019: DS 1.4's years, and what runs without a printed start (Daueraufgaben, "bis 2030")
    assert ids(client, "?jahr=2019") == [
        *("DV-3.1", "DV-3.2", "DV-3.4", "DV-3.5", "DV-3.7", "DV-3.8"),
        *("DS-1.4", "DS-2.2", "DS-3.5"),
    ]
    assert ids(client, "?projekt=DS-1.8&projekt=dv2.1") == ["DV-2.1", "DS-1.8"]


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("?bereich=XY", 400, "Unbekannter Bereich „XY“. Erlaubt sind DV und DS."),
        ("?fachbereich=Kämmerei", 400, "Unbekannter Fachbereich „Kämmerei“."),
        ("?projekt=DS-9.9", 404, "Projekt 'DS-9.9' gibt es nicht."),
    ],
)
def test_bad_filters_get_a_german_error(client, query, status, message):
    response = client.get(f"/api/timeline{query}")
    assert response.status_code == status
    assert message in response.json()["error"]["message"]


def test_the_page_shows_every_row_the_table_and_the_filters(client):
    response = client.get("/zeitstrahl")
    assert response.status_code == 200
    html = response.text
    assert html.count('class="tl-row"') == 42
    assert html.count('<tr><th scope="row">') == 48  # one table row per phase
    assert '<h2 id="tl-area-1">Digitale Verwaltung</h2>' in html
    assert 'class="tl-bar tl-bar-offen"' in html and 'class="tl-bar tl-bar-ohne-beginn"' in html
    assert 'class="tl-today"' in html  # 2026 lies in the plan
    assert len(response.content) <= 150_000
    assert "script" not in html.split("<footer")[0].lower()  # works without JavaScript
    filtered = client.get("/zeitstrahl?fachbereich=61").text
    assert filtered.count('class="tl-row"') == 2
    assert "2 Projekte, an denen Fachbereich 61 beteiligt ist." in filtered
    assert '<option value="61" selected>Fachbereich 61</option>' in filtered


def test_csv_and_svg_exports(client):
    response = client.get("/zeitstrahl.csv?projekt=DV-1.1")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Projekt", "Titel", "Bereich"]
    assert rows[1:] == [
        ["DV 1.1", "Digitalisierungsstrategie", "DV", "Strategieplanung"]
        + [rows[1][4], "Erstellung", "2020", "2023", "nein", "Zeitraum Erstellung: 2020-2023."],
        ["DV 1.1", "Digitalisierungsstrategie", "DV", "Strategieplanung"]
        + [rows[2][4], "Durchführung", "", "2030", "ja", "Zeitraum Durchführung: bis 2030."],
    ]
    svg = client.get("/zeitstrahl.svg?bereich=DS")
    assert svg.headers["content-type"] == "image/svg+xml"
    assert svg.text.startswith("<svg") and svg.text.count("<title>") >= 19
    assert "DS 1.8 E-Payment" in svg.text and "DV 1.1" not in svg.text


def test_a_project_page_shows_its_own_timeline(client):
    html = client.get("/projekte/DS-2.6").text
    assert "Im Zeitstrahl" in html
    assert 'href="/zeitstrahl?projekt=DS-2.6"' in html
    assert "Konzipierung und Umsetzung: 2026–2027, danach laufend" in html


def test_an_answer_about_time_links_the_timeline(client):
    body = client.post("/api/ask", json={"question": "Wann kommt E-Payment?"}).json()
    assert body["intent"] == "zeitraum"
    assert body["links"] == [
        {"label": "Im Zeitstrahl ansehen", "url": "/zeitstrahl?projekt=DS-1.8"}
    ]
    body = client.post("/api/ask", json={"question": "Wer ist für E-Payment zuständig?"}).json()
    assert body["links"] == []


def test_the_forms_empty_choices_filter_nothing_and_a_bad_year_gets_a_page(client):
    assert len(ids(client, "?bereich=&fachbereich=&jahr=")) == 42
    response = client.get("/zeitstrahl?jahr=zwanzig")
    assert response.status_code == 400
    assert "Unbekanntes Jahr „zwanzig“" in response.text and "<h1>" in response.text

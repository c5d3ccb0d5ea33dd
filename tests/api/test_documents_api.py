"""Documents over HTTP: the employees' API (uploads answered at once with a job, the job's
state), the reading page /dokumente/{id}, reports on project pages, status answers citing
documents, and ingesting while answering.

One real app per module (``create_app`` with the real assistant) over a copy of the session's
built index, so the documents ingested here reach no other test.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from fixture_documents import (
    INTERNAL,
    INTERNAL_ID,
    MARCH,
    MARCH_ID,
    MARCH_TITLE,
    OPEN_DATA,
    SEPT,
    SEPT_ID,
    SEPT_TITLE,
    doc_id,
    wait_for_job,
)

from api.app import create_app
from katalog.settings import Settings

KEY = "dokumente-schluessel-1"
AUTH = {"X-API-Key": KEY}


def upload(
    client,
    path: Path,
    date: str,
    visibility: str = "public",
    kind: str = "sachstandsbericht",
    data: bytes | None = None,
    filename: str | None = None,
    headers: dict | None = None,
):
    content = path.read_bytes() if data is None else data
    files = {"file": (filename or path.name, content)}
    form = {"date": date, "visibility": visibility, "kind": kind}
    return client.post(
        "/api/documents", files=files, data=form, headers=AUTH if headers is None else headers
    )


def ingest(client, path: Path, date: str, visibility="public", kind="sachstandsbericht", **kw):
    """Upload and wait for the job: the finished job."""
    return wait_for_job(client, upload(client, path, date, visibility, kind, **kw), AUTH)


@pytest.fixture(scope="module")
def docs_client(index_data_dir, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("documents-api")
    shutil.copytree(index_data_dir / "index", data_dir / "index")
    settings = Settings(data_dir=data_dir, api_keys=[KEY], rate_limit="10000/minute")
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        for path, date, visibility, kind in (
            (MARCH, "2024-03-12", "public", "sachstandsbericht"),
            (SEPT, "2023-09-19", "public", "sachstandsbericht"),
            (INTERNAL, "2024-05-02", "internal", "sonstiges"),
        ):
            assert ingest(client, path, date, visibility, kind)["status"] == "done"
        yield client


def listed(client) -> list[str]:
    return [d["id"] for d in client.get("/api/documents", headers=AUTH).json()["documents"]]


def test_upload_answers_202_with_a_job_and_200_when_it_was_there(docs_client):
    accepted = upload(docs_client, OPEN_DATA, "2024-06-20", kind="sonstiges")
    assert accepted.status_code == 202
    queued = accepted.json()
    expected_id = doc_id(OPEN_DATA.read_bytes())
    assert (queued["status"], queued["stage"], queued["message"]) == (
        "queued",
        "queued",
        "Wartet auf die Aufnahme.",
    )
    assert (queued["document_id"], queued["filename"], queued["document"]) == (
        expected_id,
        OPEN_DATA.name,
        None,
    )
    assert queued["url"] == f"/api/documents/jobs/{queued['id']}"

    job = wait_for_job(docs_client, accepted, AUTH)
    assert (job["status"], job["stage"], job["created"], job["error"]) == (
        "done",
        "done",
        True,
        None,
    )
    assert job["document"]["id"] == expected_id and job["project_ids"] == ["DS-2.3"]
    assert job["message"] == (
        "Aufgenommen: „Sachstand Open Data – Juni 2024“, verknüpft mit DS 2.3."
    )
    assert job["document"]["url"] == f"/dokumente/{expected_id}"
    assert expected_id in listed(docs_client)
    assert docs_client.delete(f"/api/documents/{expected_id}", headers=AUTH).is_success

    again = upload(docs_client, MARCH, "2024-03-12")
    assert again.status_code == 200
    body = again.json()
    assert body["id"] == MARCH_ID and body["title"] == MARCH_TITLE
    assert (body["date"], body["kind"], body["visibility"]) == (
        "2024-03-12",
        "sachstandsbericht",
        "public",
    )
    assert body["project_ids"] == ["DV-1.5", "DV-2.1", "DS-1.5", "DS-1.8"]
    assert (body["filename"], body["url"]) == (MARCH.name, f"/dokumente/{MARCH_ID}")
    assert body["chunk_count"] == 5


def test_a_job_needs_a_key_and_an_unknown_job_is_a_404(docs_client):
    accepted = upload(docs_client, MARCH, "2024-03-12", data=b"# Kurz\n\nText zu DS 2.5.\n")
    url = accepted.json()["url"]
    assert docs_client.get(url).status_code == 401
    assert wait_for_job(docs_client, accepted, AUTH)["status"] == "done"
    unknown = docs_client.get("/api/documents/jobs/job-0000000000000000", headers=AUTH)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_job"
    assert docs_client.get("/api/documents/jobs/../../etc", headers=AUTH).status_code == 404
    added = doc_id(b"# Kurz\n\nText zu DS 2.5.\n")
    assert docs_client.delete(f"/api/documents/{added}", headers=AUTH).is_success


def test_the_document_api_needs_a_key(docs_client):
    for headers in ({}, {"X-API-Key": "falsch"}):
        refused = upload(docs_client, OPEN_DATA, "2024-06-20", headers=headers)
        assert refused.status_code == 401
        assert refused.json()["error"]["code"] == "unauthorized"
        assert docs_client.get("/api/documents", headers=headers).status_code == 401
        assert docs_client.delete(f"/api/documents/{MARCH_ID}", headers=headers).status_code == 401
    assert listed(docs_client) == [INTERNAL_ID, MARCH_ID, SEPT_ID]


@pytest.mark.parametrize(
    ("filename", "data", "date", "visibility", "needle"),
    [
        ("leer.md", b"", "2024-01-01", "public", "leer.md"),
        ("programm.exe", b"MZ\x90\x00", "2024-01-01", "public", "programm.exe"),
        ("bericht.md", b"# Bericht\n\nText.", "12.03.2024", "public", "12.03.2024"),
        ("bericht.md", b"# Bericht\n\nText.", "2024-03-12", "geheim", "geheim"),
    ],
)
def test_what_needs_no_reading_is_refused_at_once_in_german(
    docs_client, filename, data, date, visibility, needle
):
    refused = upload(docs_client, MARCH, date, visibility, filename=filename, data=data)
    assert refused.status_code == 422
    assert needle in refused.json()["error"]["message"]
    assert listed(docs_client) == [INTERNAL_ID, MARCH_ID, SEPT_ID]


def test_a_file_that_cannot_be_read_fails_its_job_in_german(docs_client):
    job = ingest(docs_client, MARCH, "2024-01-01", filename="kaputt.pdf", data=b"%PDF-1.7 kaputt")
    assert (job["status"], job["stage"], job["document"]) == ("failed", "failed", None)
    assert job["error"] == {
        "code": "invalid_document",
        "message": "Die Datei 'kaputt.pdf' ist beschädigt oder kein gültiges PDF-Dokument. Bitte "
        "die Datei im Ursprungsprogramm erneut als PDF speichern und noch einmal hochladen.",
    }
    assert job["message"] == job["error"]["message"]
    assert listed(docs_client) == [INTERNAL_ID, MARCH_ID, SEPT_ID]


def test_uploads_have_a_body_limit_of_their_own(docs_client, make_client):
    # Large in bytes, small in text (blank lines are dropped on extraction), so the test
    # measures the body limit and not the time it takes to embed 70 KB of prose.
    big = b"# Offene Daten (fiktiv)\n\nEin Absatz mit Text zu offenen Daten.\n" + b" \n" * 40_000
    assert len(big) > 64 * 1024  # larger than any JSON request may be
    accepted = ingest(docs_client, OPEN_DATA, "2024-06-21", kind="sonstiges", data=big)
    assert accepted["status"] == "done", accepted
    assert docs_client.delete(f"/api/documents/{accepted['document_id']}", headers=AUTH).is_success

    with make_client(max_upload_bytes=4096) as small:
        too_big = upload(small, OPEN_DATA, "2024-06-21", data=big, headers={"X-API-Key": "x"})
        assert too_big.status_code == 413
        assert too_big.json()["error"]["code"] == "payload_too_large"


def test_delete_removes_the_document_from_list_page_and_answers(docs_client):
    added = ingest(docs_client, OPEN_DATA, "2024-06-20", kind="sonstiges")["document"]
    assert added["project_ids"] == ["DS-2.3"]
    page = docs_client.get(f"/dokumente/{added['id']}")
    assert page.status_code == 200 and "18 Datensätzen" in page.text
    status = docs_client.post("/api/ask", json={"question": "Wie ist der Stand bei Open Data?"})
    assert [c["id"] for c in status.json()["citations"]] == [added["id"], "DS-2.3"]

    removed = docs_client.delete(f"/api/documents/{added['id']}", headers=AUTH)
    assert removed.status_code == 200 and removed.json()["id"] == added["id"]
    assert added["id"] not in listed(docs_client)
    assert docs_client.get(f"/dokumente/{added['id']}").status_code == 404
    status = docs_client.post("/api/ask", json={"question": "Wie ist der Stand bei Open Data?"})
    assert [c["id"] for c in status.json()["citations"]] == ["DS-2.3"]
    assert "liegt noch kein Sachstandsbericht vor" in status.json()["answer"]
    unknown = docs_client.delete(f"/api/documents/{added['id']}", headers=AUTH)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_document"


def test_a_status_answer_cites_the_report_and_its_link_opens_the_passage(docs_client):
    body = docs_client.post("/api/ask", json={"question": "Wie ist der Stand beim DMS?"}).json()
    assert body["intent"] == "stand" and not body["abstained"]
    document, project = body["citations"]
    assert document["kind"] == "dokument" and project["kind"] == "projekt"
    assert (document["id"], document["label"], document["date"]) == (
        MARCH_ID,
        MARCH_TITLE,
        "2024-03-12",
    )
    assert (document["section"], document["page"]) == ("Projekt 2.1 (DMS)", None)
    assert document["url"] == f"/dokumente/{MARCH_ID}#c-1"
    assert project["id"] == "DV-2.1"
    assert f"Ältere Berichte zu DV 2.1: „{SEPT_TITLE}“ (19.09.2023)." in body["answer"]

    page = docs_client.get(document["url"].split("#")[0])
    assert page.status_code == 200
    assert '<section id="c-1"' in page.text and "<h2>Projekt 2.1 (DMS)</h2>" in page.text
    assert "Bisher arbeiten 140" in page.text and f"<h1>{MARCH_TITLE}</h1>" in page.text


def test_employees_get_the_internal_report_citizens_the_public_one(docs_client):
    question = {"question": "Ist E-Payment schon fertig?"}
    citizen = docs_client.post("/api/ask", json=question).json()
    employee = docs_client.post("/api/ask", json={**question, "audience": "employee"}, headers=AUTH)
    assert [c["id"] for c in citizen["citations"]] == [MARCH_ID, "DS-1.8"]
    assert [c["id"] for c in employee.json()["citations"]] == [INTERNAL_ID, "DS-1.8"]


def test_internal_pages_are_a_404_without_a_key_and_readable_with_one(docs_client):
    unknown = docs_client.get("/dokumente/doc-00000000")
    hidden = docs_client.get(f"/dokumente/{INTERNAL_ID}")
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.text == unknown.text
    shown = docs_client.get(f"/dokumente/{INTERNAL_ID}", headers=AUTH)
    assert shown.status_code == 200
    assert "KANARIENVOGEL-7Q4Z" in shown.text and "intern – nur für Mitarbeitende" in shown.text
    assert shown.headers["cache-control"] == "private, no-store"


def test_project_pages_list_only_public_reports_whatever_the_key(docs_client):
    expected = [
        {
            "id": MARCH_ID,
            "title": MARCH_TITLE,
            "date": "2024-03-12",
            "kind": "sachstandsbericht",
            "url": f"/dokumente/{MARCH_ID}",
        }
    ]
    for headers in ({}, AUTH):
        assert (
            docs_client.get("/api/projects/DS-1.8", headers=headers).json()["reports"] == expected
        )
        page = docs_client.get("/projekte/DS-1.8", headers=headers).text
        assert f'<a href="/dokumente/{MARCH_ID}">{MARCH_TITLE}</a> (12.03.2024)' in page
        assert INTERNAL_ID not in page and "Vermerk" not in page
    dms = docs_client.get("/api/projects/DV-2.1").json()["reports"]
    assert [r["id"] for r in dms] == [MARCH_ID, SEPT_ID]
    assert docs_client.get("/api/projects/DS-2.6").json()["reports"] == []


def test_answers_stay_whole_while_documents_are_ingested_and_removed(docs_client):
    """Ingest and remove a newer DMS report while four threads answer about the DMS: every
    answer cites either the old newest report or the new one, never an error or a mix."""
    assistant = docs_client.app.state.services.assistant
    newer = (
        b"# Sachstandsbericht DMS - Juni 2024 (fiktiv)\n\n"
        b"Fiktives Beispiel fuer automatische Tests.\n\n## Projekt 2.1 (DMS)\n\n"
        b"Das Dokumentenmanagementsystem ist jetzt in allen Fachbereichen eingefuehrt.\n"
    )
    new_id = doc_id(newer)
    old_state = [MARCH_ID, "DV-2.1"]
    new_state = [new_id, "DV-2.1"]
    seen: list[list[str]] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def answer_loop() -> None:
        while not stop.is_set():
            try:
                answer = assistant.ask("Wie ist der Stand beim DMS?", "citizen")
                seen.append([c.id for c in answer.citations])
            except BaseException as exc:  # noqa: BLE001  (reported below)
                failures.append(exc)
                return

    threads = [threading.Thread(target=answer_loop) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        added = ingest(docs_client, MARCH, "2024-06-28", data=newer, filename="dms-juni.md")
        assert added["status"] == "done" and added["document"]["id"] == new_id
        after_ingest = assistant.ask("Wie ist der Stand beim DMS?", "citizen")
        removed = docs_client.delete(f"/api/documents/{new_id}", headers=AUTH)
        assert removed.status_code == 200
        after_removal = assistant.ask("Wie ist der Stand beim DMS?", "citizen")
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert not failures, failures
    assert seen and all(cited in (old_state, new_state) for cited in seen)
    assert [c.id for c in after_ingest.citations] == new_state
    assert f"„{MARCH_TITLE}“ (12.03.2024)" in after_ingest.answer
    assert [c.id for c in after_removal.citations] == old_state


def test_cli_and_api_share_one_size_limit(tmp_path, monkeypatch):
    import katalog.settings
    from katalog.cli import documents as cli

    settings = Settings(data_dir=tmp_path, max_upload_bytes=1000)
    monkeypatch.setattr(katalog.settings, "get_settings", lambda: settings)
    assert cli._store().max_bytes == 1000  # the CLI refuses what the API refuses

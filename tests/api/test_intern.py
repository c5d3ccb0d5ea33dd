"""The staff workspace /intern in real Chromium against a real service of its own: sign-in,
asking as an employee, uploading with the job's progress and the linked projects, reading an
internal document, removing it, reviewing feedback, signing out; axe on every page."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from browserkit import DEEP_FOCUS, axe_violations
from fixture_documents import CANARY, INTERNAL, INTERNAL_ID, INTERNAL_TITLE
from internkit import KEY

from api.routes.jobs import MESSAGES

pytestmark = [pytest.mark.browser, pytest.mark.server]

SHOTS = Path("/tmp/shots")
E_PAYMENT = "DS 1.8 E-Payment – zuständig: Fachbereich 20 und Fachbereich 10 – Abteilung 10.1."
# Every text the job's live region shows, from the first parse of the page on.
RECORD_STATUS = """window.seen = [];
new MutationObserver(() => {
  const status = document.querySelector('[data-job-status]');
  if (status && window.seen[window.seen.length - 1] !== status.textContent) {
    window.seen.push(status.textContent);
  }
}).observe(document, {childList: true, subtree: true, characterData: true});"""


def sign_in(page, base: str) -> None:
    page.goto(base + "/intern/dokumente")
    assert page.url == base + "/intern/anmelden"  # redirected: no session yet
    page.get_by_label("Mitarbeiter-Schlüssel").fill(KEY)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Fragen an den Katalog").wait_for()
    assert page.url == base + "/intern"


def ask(page, question: str) -> None:
    page.get_by_label("Ihre Frage").fill(question)
    page.get_by_role("button", name="Fragen", exact=True).click()
    page.locator(".asked", has_text=question).wait_for()  # the new page, not the last one


def test_sign_in_ask_and_sign_out(page, intern_server):
    page.goto(intern_server + "/intern")
    assert page.get_by_role("heading", level=1).text_content() == "Anmelden"
    assert axe_violations(page) == []
    sign_in(page, intern_server)
    assert axe_violations(page) == []
    ask(page, "Wer ist für E-Payment zuständig?")
    assert page.locator(".answer-text").text_content() == E_PAYMENT
    # Focus moved to the answer, so a screen reader reads it next.
    assert page.evaluate(f"({DEEP_FOCUS})().className") == "answer"
    source = page.locator(".sources details")
    assert source.locator("summary").text_content() == "DS 1.8 E-Payment"
    source.locator("summary").focus()
    page.keyboard.press("Enter")  # a disclosure: opens by keyboard
    assert source.locator(".units li").all_text_contents() == [
        "Fachbereich 20",
        "Fachbereich 10 – Abteilung 10.1",
    ]
    link = source.get_by_role("link", name="Projektseite öffnen: DS 1.8 E-Payment")
    assert link.get_attribute("href") == "/projekte/DS-1.8"
    assert axe_violations(page) == []
    # A follow-up question keeps the assistant's session.
    ask(page, "und wann?")
    assert page.locator(".answer-text").text_content() == (
        "DS 1.8 E-Payment – Umsetzung: 2020 bis 2021. Danach ggfs. laufende Betreuung in "
        "technischer Hinsicht."
    )
    page.get_by_role("button", name="Abmelden").click()
    page.get_by_text("Sie sind abgemeldet.").wait_for()
    cookies = page.context.cookies(intern_server + "/intern")
    assert "katalog_intern" not in [c["name"] for c in cookies]
    page.goto(intern_server + "/intern/rueckmeldungen")
    assert page.url == intern_server + "/intern/anmelden"


def test_upload_with_progress_then_linked_projects_ask_read_and_remove(page, intern_server):
    SHOTS.mkdir(exist_ok=True)
    sign_in(page, intern_server)
    page.get_by_role("link", name="Dokumente").click()
    page.get_by_role("heading", name="Aufgenommene Dokumente (0)").wait_for()
    assert axe_violations(page) == []
    page.add_init_script(RECORD_STATUS)
    page.get_by_label("Datei", exact=True).set_input_files(str(INTERNAL))
    page.get_by_label("Datum des Dokuments").fill("2024-05-02")
    page.get_by_label("Art", exact=True).select_option(label="Sonstiges")
    page.get_by_label("intern – nur für Mitarbeitende").check()
    page.get_by_role("button", name="Hochladen").click()
    page.get_by_role("heading", name="Verknüpfte Projekte").wait_for(timeout=180_000)
    done = f"Aufgenommen: „{INTERNAL_TITLE}“, verknüpft mit DS 1.8."
    status = page.locator("[data-job-status]")
    assert (status.text_content(), status.get_attribute("aria-live")) == (done, "polite")
    seen = page.evaluate("window.seen")
    # The page came while the job waited or ran; the live region followed it to the end.
    assert seen[0] in MESSAGES.values() and seen[-1] == done, seen
    bar = page.get_by_label("Fortschritt")
    assert bar.evaluate("b => [b.value, b.max]") == [1, 1]
    assert page.locator("[data-job-projects] li").all_text_contents() == ["DS 1.8 E-Payment"]
    assert axe_violations(page) == []

    page.get_by_role("link", name="Zur Liste der Dokumente").click()
    row = page.locator(f"tr#{INTERNAL_ID}")
    row.wait_for()
    cells = ["02.05.2024", "Sonstiges", "intern", "DS 1.8"]
    assert row.locator("td").all_text_contents()[:4] == cells
    page.screenshot(path=str(SHOTS / "intern-dokumente.png"), full_page=True)
    assert axe_violations(page) == []

    # Employees' answers cite the internal document; it opens inside the workspace.
    page.get_by_role("link", name="Fragen", exact=True).click()
    ask(page, "Ist E-Payment schon fertig?")
    sources = page.locator(".sources summary")
    assert sources.all_text_contents() == [
        f"Dokument {INTERNAL_TITLE} (Stand 02.05.2024)",
        "DS 1.8 E-Payment",
    ]
    sources.first.click()
    page.screenshot(path=str(SHOTS / "intern-antwort.png"), full_page=True)
    assert axe_violations(page) == []
    page.get_by_role("link", name=f"Dokument öffnen: {INTERNAL_TITLE}").click()
    page.wait_for_url(f"{intern_server}/intern/dokumente/{INTERNAL_ID}#c-*")
    assert page.get_by_role("heading", level=1).text_content() == INTERNAL_TITLE
    assert CANARY in page.locator("main").text_content()
    assert axe_violations(page) == []

    page.goto(intern_server + "/intern/dokumente")
    page.get_by_role("link", name=f"Entfernen: {INTERNAL_TITLE}").click()
    page.get_by_role("heading", name="Dokument entfernen").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Endgültig entfernen").click()
    removed = f"Das Dokument {INTERNAL_ID} wurde entfernt."
    assert page.get_by_role("status").text_content() == removed
    assert page.get_by_role("heading", name="Aufgenommene Dokumente (0)").is_visible()
    listed = httpx.get(intern_server + "/api/documents", headers={"X-API-Key": KEY}).json()
    assert listed["count"] == 0


def test_feedback_review(page, intern_server, intern_data_dir):
    answers = [
        "DS 2.5 Handyparken: Umsetzung: 2021. Danach laufende Betreuung.",
        "Dazu sagt der Maßnahmenkatalog nichts.",
        E_PAYMENT,
    ]
    for answer, helpful in zip(answers, (False, True, False), strict=True):
        record = {"session_id": "s-7", "question": "Frage zu " + answer[:8], "answer": answer}
        response = httpx.post(intern_server + "/api/feedback", json={**record, "helpful": helpful})
        assert response.status_code == 201
    sign_in(page, intern_server)
    page.get_by_role("link", name="Rückmeldungen").click()
    page.get_by_role("heading", name="Rückmeldungen: nicht hilfreiche Antworten").wait_for()
    items = page.locator(".feedback")
    # Thumbs-down only, newest first; the questions are not shown (question logging is off).
    assert [t.split("Antwort: ")[1].split("\n")[0].strip() for t in items.all_inner_texts()] == [
        E_PAYMENT,
        answers[0],
    ]
    assert "Frage zu" not in page.locator("main").text_content()
    assert items.first.get_by_role("link").all_text_contents() == ["DS 1.8 E-Payment"]
    assert items.nth(1).get_by_role("link").all_text_contents() == ["DS 2.5 Handyparken"]
    assert axe_violations(page) == []

    items.nth(1).get_by_role("button", name="Als durchgesehen markieren").click()
    items.nth(1).get_by_role("button", name="Wieder als offen markieren").wait_for()
    page.reload()  # kept on the server
    assert page.locator(".feedback .status-tag").all_text_contents() == ["offen", "durchgesehen"]
    assert items.nth(1).get_by_role("button").text_content() == "Wieder als offen markieren"
    page.get_by_role("link", name="Nur offene zeigen").click()
    page.get_by_role("link", name="Alle zeigen").wait_for()
    assert page.locator(".feedback").count() == 1
    assert axe_violations(page) == []
    marks = (intern_data_dir / "feedback" / "reviewed.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(m)["reviewed"] for m in marks] == [True]

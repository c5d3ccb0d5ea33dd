"""The citizen widget in a real headless Chromium (Debian's /usr/bin/chromium).

Mouse and keyboard-only flows from the demo page to a citation's preview and the cited project
page, reflow at 320 px and at 200 % zoom, and an axe-core scan (WCAG 2.1 A/AA) without serious
or critical violations. The widget lives in an open shadow root: Playwright's CSS locators
look into it, `document.activeElement` does not (DEEP_FOCUS does).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from browserkit import DEEP_FOCUS, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.server]

QUESTION = "wer ist für E-Payment zuständig?"
NOTICE = (
    "Die Antworten stammen aus dem Maßnahmenkatalog Digitalisierung (2. Fortschreibung) der "
    "Stadt Kleve. Sie können unvollständig sein und ersetzen keine verbindliche Auskunft der "
    "Verwaltung."
)
SHOTS = Path(os.environ.get("KATALOG_SCREENSHOTS", "/tmp/katalog-screenshots"))


def ask_with_mouse(page, base_url: str) -> None:
    page.goto(base_url + "/")
    page.get_by_role("button", name="Fragen zum Maßnahmenkatalog").click()
    page.get_by_label("Ihre Frage").fill(QUESTION)
    page.get_by_role("button", name="Fragen", exact=True).click()
    page.locator('.kw-chip[data-project="DS-1.8"]').wait_for()


def focused(page) -> dict:
    return page.evaluate(
        f"""() => {{ const e = ({DEEP_FOCUS})(); const s = getComputedStyle(e);
        return {{tag: e.tagName, cls: e.className, id: e.id, text: e.textContent.trim(),
                outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth)}}; }}"""
    )


def tab_until(page, predicate, key: str = "Tab", limit: int = 30) -> dict:
    for _ in range(limit):
        page.keyboard.press(key)
        info = focused(page)
        if predicate(info):
            return info
    raise AssertionError(f"focus never reached the target; last: {info}")


def test_question_answer_citation_and_project_page(page, live_server):
    ask_with_mouse(page, live_server)
    answer = page.locator(".kw-msg-bot .kw-text").last
    assert "Fachbereich 20" in answer.text_content()
    assert page.locator(".kw-msg-bot").last.get_attribute("aria-busy") == "false"
    chip = page.locator('.kw-chip[data-project="DS-1.8"]')
    assert chip.text_content().split() == ["DS", "1.8", "E-Payment"]
    assert page.locator(".kw-notice").text_content() == NOTICE
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "demo-1280.png"))
    chip.click()
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Ganze Projektseite öffnen (neuer Tab)").click()
    project_page = opened.value
    project_page.wait_for_load_state()
    assert project_page.url == live_server + "/projekte/DS-1.8"
    assert project_page.locator("h1").text_content() == "DS 1.8 E-Payment"
    assert page.url == live_server + "/"  # the citizen is still on the page they were on
    # The conversation (and its session) continue on another page of the same site.
    page.goto(live_server + "/projekte/DS-1.8")
    page.get_by_role("button", name="Fragen zum Maßnahmenkatalog").click()
    assert page.locator(".kw-msg-user .kw-text").first.text_content() == QUESTION
    assert page.locator('.kw-chip[data-project="DS-1.8"]').count() == 1
    page.get_by_label("Ihre Frage").fill("Und wann wird das umgesetzt?")
    page.keyboard.press("Enter")
    page.locator(".kw-msg-bot").nth(1).locator(".kw-feedback").wait_for()
    assert "2020" in page.locator(".kw-msg-bot .kw-text").nth(1).text_content()


def test_citation_preview(page, live_server):
    """A citation opens a preview inside the widget: number, title, the sentences this answer
    quoted, the responsible units (from /api/projects) and the full page in a new tab."""
    ask_with_mouse(page, live_server)
    chip = page.locator('.kw-chip[data-project="DS-1.8"]')
    preview = page.locator(".kw-preview")
    assert chip.get_attribute("aria-expanded") == "false" and preview.is_hidden()
    chip.click()
    page.locator(".kw-units li").first.wait_for()
    assert chip.get_attribute("aria-expanded") == "true"
    assert chip.get_attribute("aria-controls") == preview.get_attribute("id")
    assert preview.locator("h3").text_content() == "DS 1.8 E-Payment"
    assert preview.locator("blockquote").text_content() == (
        "Zuständigkeit: Fachbereich 20, Fachbereich 10 – Abteilung 10.1"
    )
    assert preview.locator(".kw-units li").all_text_contents() == [
        "Fachbereich 20",
        "Fachbereich 10 – Abteilung 10.1",
    ]
    link = preview.get_by_role("link")
    assert link.text_content() == "Ganze Projektseite öffnen (neuer Tab)"
    assert link.get_attribute("href") == live_server + "/projekte/DS-1.8"
    assert link.get_attribute("target") == "_blank"
    assert link.get_attribute("rel") == "noopener"
    assert axe_violations(page) == []
    chip.click()
    assert preview.is_hidden() and chip.get_attribute("aria-expanded") == "false"
    # A list answer: the preview quotes exactly the measures this answer quoted.
    page.get_by_label("Ihre Frage").fill("Welche Maßnahmen gehören zu Open Data?")
    page.keyboard.press("Enter")
    page.locator('.kw-chip[data-project="DS-2.3"]').click()
    second = page.locator(".kw-preview").nth(1)
    second.locator(".kw-units li").first.wait_for()
    assert second.locator("h3").text_content() == "DS 2.3 Open Data"
    assert (
        second.locator("blockquote")
        .text_content()
        .startswith("Erstellung eines Konzepts zur Generierung Offener Daten in der Verwaltung")
    )
    assert second.locator(".kw-units li").all_text_contents() == [
        "Fachbereich 10 – Abteilung 10.1",
        "alle Fachbereiche",
    ]


def test_keyboard_only(page, live_server):
    page.goto(live_server + "/")
    launcher = tab_until(page, lambda f: "kw-launcher" in f["cls"])
    assert launcher["outline"] != "none" and launcher["outlineWidth"] >= 2
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "kw-input"
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    page.locator('.kw-chip[data-project="DS-1.8"]').wait_for()
    chip = tab_until(page, lambda f: "kw-chip" in f["cls"], key="Shift+Tab")
    assert chip["outline"] != "none"
    page.keyboard.press("Enter")
    link = tab_until(page, lambda f: f["tag"] == "A")
    assert link["text"] == "Ganze Projektseite öffnen (neuer Tab)"
    assert link["outline"] != "none"
    with page.context.expect_page() as opened:
        page.keyboard.press("Enter")
    opened.value.wait_for_load_state()
    assert opened.value.locator("h1").text_content() == "DS 1.8 E-Payment"


def test_escape_closes_and_returns_focus(page, live_server):
    page.goto(live_server + "/")
    page.get_by_role("button", name="Fragen zum Maßnahmenkatalog").click()
    page.keyboard.press("Escape")
    assert page.locator(".kw-panel").is_hidden()
    assert "kw-launcher" in focused(page)["cls"]
    assert (
        page.get_by_role("button", name="Fragen zum Maßnahmenkatalog").get_attribute(
            "aria-expanded"
        )
        == "false"
    )


def test_feedback_buttons_send_feedback(page, live_server):
    ask_with_mouse(page, live_server)
    page.get_by_role("button", name="Nein").click()
    page.get_by_text("Danke für Ihre Rückmeldung.").wait_for()
    assert page.get_by_role("button", name="Nein").get_attribute("aria-pressed") == "true"


@pytest.mark.parametrize(("width", "height"), [(320, 640), (640, 400)])  # 320 px; 1280 at 200 %
def test_reflow_without_horizontal_scrolling(browser, live_server, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    ask_with_mouse(page, live_server)
    page.screenshot(path=str(SHOTS / f"demo-{width}.png"))
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    panel = page.locator(".kw-panel").bounding_box()
    context.close()
    assert scroll_width <= width
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= width


def test_axe_demo_page_with_open_widget(page, live_server):
    ask_with_mouse(page, live_server)
    assert axe_violations(page) == []


def test_axe_project_pages(page, live_server):
    for path in ("/projekte/DS-1.8", "/projekte"):
        page.goto(live_server + path)
        assert axe_violations(page) == [], path


def test_embedded_on_a_city_page_of_another_origin(page, live_server, city_site):
    """One script tag on the city's own site; the answer comes from the API through CORS."""
    url = city_site.add(
        "/rathaus",
        '<!doctype html><html lang="de"><head><title>Stadt Kleve</title>'
        '<link rel="icon" href="data:,"></head><body><main><h1>Rathaus online</h1></main>'
        f'<script src="{live_server}/widget/katalog-widget.js" data-endpoint="{live_server}" '
        'data-title="Fragen Sie den Maßnahmenkatalog"></script></body></html>',
    )
    page.goto(url)
    page.get_by_role("button", name="Fragen Sie den Maßnahmenkatalog").click()
    page.get_by_label("Ihre Frage").fill(QUESTION)
    page.keyboard.press("Enter")
    page.locator('.kw-chip[data-project="DS-1.8"]').click()
    link = page.get_by_role("link", name="Ganze Projektseite öffnen (neuer Tab)")
    assert link.get_attribute("href") == live_server + "/projekte/DS-1.8"
    page.locator(".kw-units li").first.wait_for()
    assert page.locator(".kw-units li").all_text_contents() == [
        "Fachbereich 20",
        "Fachbereich 10 – Abteilung 10.1",
    ]
    assert page.locator(".kw-config").is_hidden()  # this origin is allowed


def _answer_with_citation_url(page, url: str) -> None:
    """The live server's own answer stream, with the E-Payment citation linking to ``url``:
    what an answer from an earlier edition sends for a project renumbered (its current page)
    or removed since (/aenderungen)."""

    def relink(route):
        response = route.fetch()
        body = re.sub(r'("url": ?)"/projekte/DS-1\.8"', rf'\1"{url}"', response.text())
        assert url in body
        route.fulfill(response=response, body=body)

    page.route("**/api/ask/stream", relink)


def test_a_preview_shows_the_project_of_the_cited_page(page, live_server):
    """An earlier edition's number may belong to another project now: the preview loads the
    project the citation's page names."""
    _answer_with_citation_url(page, "/projekte/DS-2.5")
    ask_with_mouse(page, live_server)
    page.locator('.kw-chip[data-project="DS-1.8"]').click()
    preview = page.locator(".kw-preview")
    preview.locator(".kw-units li").first.wait_for()
    assert preview.locator(".kw-units li").all_text_contents() == [
        "Fachbereich 20",
        "Fachbereich 32",
        "Fachbereich 10 – Abteilung 10.1",
        "WTM Kleve GmbH",
    ]
    assert preview.get_by_role("link").get_attribute("href") == live_server + "/projekte/DS-2.5"


def test_a_preview_of_a_removed_project_loads_no_other_one(page, live_server):
    _answer_with_citation_url(page, "/aenderungen")
    ask_with_mouse(page, live_server)
    page.locator('.kw-chip[data-project="DS-1.8"]').click()
    preview = page.locator(".kw-preview")
    assert preview.locator("h3").text_content() == "DS 1.8 E-Payment"
    assert preview.get_by_role("link").get_attribute("href") == live_server + "/aenderungen"
    assert preview.locator(".kw-units-title").all_text_contents() == [
        "Zitiert aus dem Maßnahmenkatalog:"
    ]

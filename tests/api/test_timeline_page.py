"""/zeitstrahl in a real headless Chromium: at desktop and phone width (screenshots), every
row's link leads to its project, keyboard use, and an axe-core scan."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browserkit import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.server]

SHOTS = Path(os.environ.get("KATALOG_SCREENSHOTS", "/tmp/katalog-screenshots"))


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_the_page_at_desktop_and_phone_width(browser, live_server, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE")
    page = context.new_page()
    page.goto(live_server + "/zeitstrahl")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"zeitstrahl-{width}.png"))
    page.screenshot(path=str(SHOTS / f"zeitstrahl-{width}-ganz.png"), full_page=True)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    rows = page.locator("a.tl-row").count()
    track = page.locator("a.tl-row .tl-track svg").first.bounding_box()
    context.close()
    assert scroll_width <= width  # the page itself never scrolls sideways
    assert rows == 42
    assert track["width"] > width * 0.4  # the bars get room at either width


def test_every_row_links_to_its_project(page, live_server):
    page.goto(live_server + "/zeitstrahl")
    links = page.eval_on_selector_all(
        "a.tl-row", "els => els.map(a => [a.dataset.project, a.getAttribute('href')])"
    )
    assert len(links) == 42
    assert all(href == f"/projekte/{pid}" for pid, href in links)
    page.locator('a.tl-row[data-project="DS-2.6"]').click()
    page.wait_for_url("**/projekte/DS-2.6")
    assert page.locator("h1").inner_text() == "DS 2.6 LoRaWAN"


def test_keyboard_reaches_the_filters_and_the_rows(page, live_server):
    page.goto(live_server + "/zeitstrahl")
    page.keyboard.press("Tab")  # skip link
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
            return {tag: e.tagName, id: e.id, project: e.dataset.project || null,
                    outline: s.outlineStyle}; }"""
        )
        seen.append(info)
        if info["project"]:
            break
    assert any(i["id"] == "tl-bereich" for i in seen)  # the filter form comes first
    first_row = seen[-1]
    assert first_row["project"] == "DV-1.1" and first_row["outline"] != "none"
    page.keyboard.press("Enter")
    page.wait_for_url("**/projekte/DV-1.1")


def test_the_filter_form_works_without_script(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    page.goto(live_server + "/zeitstrahl")
    page.select_option("#tl-fachbereich", "61")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url("**/zeitstrahl?*fachbereich=61*")
    html = page.content()
    url = page.url
    context.close()
    assert url.endswith("/zeitstrahl?bereich=&fachbereich=61&jahr=")
    assert html.count('class="tl-row"') == 2
    assert 'data-project="DS-3.1"' in html and 'data-project="DS-3.2"' in html


def test_axe_timeline_and_a_project_page(page, live_server):
    for path in ("/zeitstrahl", "/zeitstrahl?jahr=2026&bereich=DS", "/projekte/DS-2.6"):
        page.goto(live_server + path)
        assert axe_violations(page) == [], path


def test_the_widget_shows_the_timeline_link_of_an_answer_about_time(page, live_server):
    page.goto(live_server + "/")
    page.get_by_role("button", name="Fragen zum Maßnahmenkatalog").click()
    page.get_by_label("Ihre Frage").fill("Wann kommt E-Payment?")
    page.get_by_role("button", name="Fragen", exact=True).click()
    link = page.locator(".kw-links a")
    link.wait_for()
    assert link.inner_text() == "Im Zeitstrahl ansehen"
    assert link.get_attribute("href").endswith("/zeitstrahl?projekt=DS-1.8")
    assert link.get_attribute("target") == "_blank"

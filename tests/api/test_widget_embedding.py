"""The widget on other origins' pages, in Chromium against the real uvicorn service.

A city page with hostile global CSS (tests/fixtures/city-page-hostile.html) is served from
another origin with the Content-Security-Policy the README asks for; the widget must look
exactly as on the demo page, add nothing to the page but its launcher, and load only from the
assistant's origin. A page whose origin is not in KATALOG_CORS_ORIGINS is told so.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browserkit import error_free_page

from api.routes.site import WIDGET_FILES

pytestmark = [pytest.mark.browser, pytest.mark.server]

SHOTS = Path(os.environ.get("KATALOG_SCREENSHOTS", "/tmp/katalog-screenshots"))
HOSTILE = (Path(__file__).parents[1] / "fixtures" / "city-page-hostile.html").read_text("utf-8")
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 667}}
QUESTION = "wer ist für E-Payment zuständig?"
LAUNCHER = "Fragen zum Maßnahmenkatalog"
W = "katalog-assistent "  # the widget's host: the hostile page has decoys with its class names
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif'
WHITE, BLUE, TEXT = "rgb(255, 255, 255)", "rgb(10, 77, 140)", "rgb(27, 27, 27)"
PROPS = [
    "color",
    "background-color",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-transform",
    "letter-spacing",
    "line-height",
    "border-top-style",
    "border-top-width",
    "border-top-color",
    "padding-top",
    "cursor",
]
# The parts the issue names, in three states: closed, open, after an answer.
CLOSED = {"launcher": ".kw-launcher"}
OPEN = {
    "title": ".kw-title",
    "close": ".kw-close",
    "notice": ".kw-notice",
    "example": ".kw-example",
    "input": ".kw-input",
    "send": ".kw-send",
}
ANSWERED = {
    "question bubble": ".kw-msg-user",
    "question": ".kw-msg-user .kw-text",
    "answer": ".kw-msg-bot .kw-text",
    "citation": ".kw-chip",
    "feedback": ".kw-fb",
    "reset": ".kw-reset",
}
STYLE = "(e, props) => props.map(p => getComputedStyle(e).getPropertyValue(p))"
# Where the close button sits in the panel (the issue saw it move), and the panel's size.
GEOMETRY = """() => { const r = document.querySelector('katalog-assistent').shadowRoot;
    const p = r.querySelector('.kw-panel').getBoundingClientRect();
    const c = r.querySelector('.kw-close').getBoundingClientRect();
    return [c.x - p.x, c.y - p.y, c.width, c.height, p.width, p.height].map(Math.round); }"""
# What a host page consists of, apart from the widget's host element and script tag.
SNAPSHOT = """() => {
    const own = e => e.tagName === 'KATALOG-ASSISTENT' || e.tagName === 'SCRIPT';
    return {
        globals: Object.getOwnPropertyNames(window).sort(),
        sheets: document.styleSheets.length,
        head: Array.from(document.head.children).map(e => e.outerHTML),
        size: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
        boxes: Array.from(document.body.querySelectorAll('*')).filter(e => !own(e)).map(e => {
            const r = e.getBoundingClientRect(), s = getComputedStyle(e);
            return [e.tagName, e.className, r.x, r.y, r.width, r.height, s.color,
                    s.fontFamily, s.textTransform, s.position, s.outlineStyle, s.display];
        }),
        custom: customElements.get('katalog-assistent') !== undefined,
    }; }"""


def widget_tag(live_server: str, endpoint: str | None = None) -> str:
    return (
        f'<script src="{live_server}/widget/katalog-widget.js" '
        f'data-endpoint="{endpoint or live_server}" data-title="{LAUNCHER}" defer></script>'
    )


def csp(live_server: str) -> str:
    """The host page's policy as the README documents it (plus the page's own nonce)."""
    return (
        f"default-src 'none'; script-src {live_server}; style-src 'nonce-stadt' {live_server}; "
        f"connect-src {live_server}; img-src data:"
    )


@pytest.fixture
def new_page(browser):
    """`new_page(viewport)`: a fresh context that obeys the page's Content-Security-Policy."""
    with ExitStack() as pages:
        yield lambda viewport: pages.enter_context(error_free_page(browser, viewport=viewport))


def styles(page, parts: dict[str, str]) -> dict[str, dict[str, str]]:
    found = {}
    for name, selector in parts.items():
        values = page.locator(W + selector).first.evaluate(STYLE, PROPS)
        found[name] = dict(zip(PROPS, values, strict=True))
    return found


def look(page) -> dict:
    """The widget's computed styles, closed, open and with an answer, and its geometry."""
    page.locator(W + ".kw-launcher").wait_for()
    seen = styles(page, CLOSED)
    page.get_by_role("button", name=LAUNCHER).click()
    seen |= styles(page, OPEN)
    page.get_by_label("Ihre Frage").fill(QUESTION)
    page.keyboard.press("Enter")
    page.locator(W + '.kw-chip[data-project="DS-1.8"]').wait_for()
    seen |= styles(page, ANSWERED)
    seen["geometry"] = page.evaluate(GEOMETRY)
    return seen


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_hostile_host_page_changes_nothing_in_the_widget(new_page, live_server, city_site, size):
    url = city_site.add(
        f"/feindlich-{size}",
        HOSTILE.replace("{{WIDGET}}", widget_tag(live_server)),
        Content_Security_Policy=csp(live_server),
    )
    demo = new_page(SIZES[size])
    demo.goto(live_server + "/")
    expected = look(demo)
    city = new_page(SIZES[size])
    city.goto(url)
    city.locator(W + ".kw-launcher").wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    city.screenshot(path=str(SHOTS / f"feindlich-{size}-zu.png"))
    seen = look(city)
    city.screenshot(path=str(SHOTS / f"feindlich-{size}.png"))
    demo.screenshot(path=str(SHOTS / f"demo-{size}.png"))
    for name in expected:
        assert seen[name] == expected[name], name
    # And the values themselves: the demo page's design, none of the host page's.
    for name in ["launcher", "close", "example", "send", "question", "answer", "citation"]:
        assert seen[name]["font-family"] == FONT, name
        assert seen[name]["text-transform"] == "none", name
        assert seen[name]["letter-spacing"] == "normal", name
        assert seen[name]["cursor"] == ("auto" if name in ("question", "answer") else "pointer")
    assert seen["question"]["color"] == WHITE and seen["question"]["font-size"] == "16px"
    assert seen["question bubble"]["background-color"] == BLUE
    assert seen["answer"]["color"] == TEXT and seen["answer"]["font-style"] == "normal"
    assert seen["send"]["background-color"] == BLUE and seen["send"]["color"] == WHITE
    assert seen["close"]["color"] == WHITE and seen["close"]["border-top-style"] == "solid"
    assert seen["example"]["color"] == BLUE and seen["example"]["background-color"] == WHITE
    assert seen["launcher"]["background-color"] == BLUE
    # The close button: 44 px square, in the panel's top right corner.
    left, top, width, height, panel_width, _panel_height = seen["geometry"]
    assert [width, height] == [44, 44] and top <= 11 and panel_width - left - width <= 11
    assert panel_width == (375 if size == "phone" else 432)


def test_widget_adds_nothing_to_the_host_page_but_its_launcher(new_page, live_server, city_site):
    page_csp = csp(live_server)
    without = city_site.add(
        "/ohne", HOSTILE.replace("{{WIDGET}}", ""), Content_Security_Policy=page_csp
    )
    with_widget = city_site.add(
        "/mit",
        HOSTILE.replace("{{WIDGET}}", widget_tag(live_server)),
        Content_Security_Policy=page_csp,
    )
    page = new_page(SIZES["desktop"])
    page.goto(without)
    before = page.evaluate(SNAPSHOT)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(with_widget)
    page.get_by_role("button", name=LAUNCHER).wait_for()
    assert page.evaluate(SNAPSHOT) == before  # no global, no stylesheet, no shifted box
    host = page.evaluate(
        """() => { const h = document.querySelector('katalog-assistent');
        const r = h.getBoundingClientRect(), s = getComputedStyle(h);
        return {last: document.body.lastElementChild === h, open: h.shadowRoot !== null,
                size: [r.width, r.height], position: s.position, font: s.fontFamily,
                transform: s.textTransform, border: s.borderTopStyle}; }"""
    )
    # The host page's `* { … !important }` loses to the widget's :host rules.
    assert host == {
        "last": True,
        "open": True,
        "size": [0, 0],
        "position": "fixed",
        "font": FONT,
        "transform": "none",
        "border": "none",
    }
    page.get_by_role("button", name=LAUNCHER).click()
    # The city page does not say which edition answers: the widget asks /api/editions.
    notice = page.locator(W + ".kw-notice")
    notice.filter(has_text="Digitalisierung (2. Fortschreibung) der Stadt Kleve").wait_for()
    page.get_by_label("Ihre Frage").fill(QUESTION)
    page.keyboard.press("Enter")
    page.locator(W + '.kw-chip[data-project="DS-1.8"]').click()
    page.locator(W + ".kw-units li").first.wait_for()
    assert page.evaluate(SNAPSHOT) == before  # nor when open, with an answer and a preview
    # Everything but the page itself came from the assistant's origin.
    fetched = [u for u in requests if u.startswith("http")]
    origins = {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in fetched[1:]}
    assert fetched[0] == with_widget and origins == {live_server}
    loaded = {urlsplit(u).path for u in requests if "/widget/" in u}
    assert loaded == {f"/widget/{name}" for name in WIDGET_FILES}


REFUSED = (
    "Der Assistent ist für diese Seite noch nicht freigeschaltet: Die Adresse dieser Seite fehlt "
    "in seiner Konfiguration. Bitte informieren Sie die Redaktion der Seite."
)


def test_misconfigured_origin_is_explained(new_page, live_server, foreign_site, foreign_origin):
    url = foreign_site.add(
        "/",
        '<!doctype html><html lang="de"><head><title>Verein</title><link rel="icon" '
        f'href="data:,"></head><body><main><h1>Verein</h1></main>{widget_tag(live_server)}'
        "</body></html>",
    )
    page = new_page(SIZES["desktop"])
    logged: list[tuple[str, str]] = []
    page.on("console", lambda message: logged.append((message.type, message.text)))
    page.goto(url)
    page.get_by_role("button", name=LAUNCHER).click()
    note = page.locator(W + ".kw-config")
    note.wait_for()
    assert note.text_content() == REFUSED
    assert note.get_attribute("role") == "alert"
    advice = (
        f"Katalog-Assistent: Diese Seite (Origin {foreign_origin}) darf den Assistenten unter "
        f"{live_server} nicht abfragen. Tragen Sie {foreign_origin} in KATALOG_CORS_ORIGINS des "
        "Assistenten ein (mehrere Origins durch Komma getrennt), z. B. "
        f"KATALOG_CORS_ORIGINS={foreign_origin}, und starten Sie den Dienst neu."
    )
    assert ("error", advice) in logged
    # A question asked anyway: the same reason, no retry button (it cannot help), kept input.
    page.get_by_label("Ihre Frage").fill(QUESTION)
    page.keyboard.press("Enter")
    page.locator(W + ".kw-msg-error").wait_for()
    assert page.locator(W + ".kw-msg-error .kw-text").text_content() == REFUSED
    assert page.get_by_role("button", name="Erneut senden").count() == 0
    assert page.get_by_label("Ihre Frage").input_value() == QUESTION
    assert [text for _kind, text in logged if "KATALOG_CORS_ORIGINS" in text] == [advice]


def test_a_server_that_is_down_is_not_called_misconfigured(
    new_page, live_server, foreign_site, closed_origin
):
    """The script loaded, but its endpoint does not answer: no CORS advice, a retry button."""
    url = foreign_site.add(
        "/ohne-dienst",
        '<!doctype html><html lang="de"><head><title>Verein</title><link rel="icon" '
        f'href="data:,"></head><body><main><h1>Verein</h1></main>'
        f"{widget_tag(live_server, endpoint=closed_origin)}</body></html>",
    )
    page = new_page(SIZES["desktop"])
    logged: list[str] = []
    page.on("console", lambda message: logged.append(message.text))
    page.goto(url)
    page.get_by_role("button", name=LAUNCHER).click()
    page.get_by_label("Ihre Frage").fill(QUESTION)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Erneut senden").wait_for()
    unsent = page.locator(W + ".kw-msg-error .kw-text").text_content()
    assert unsent.startswith("Die Frage konnte nicht gesendet werden, weil der Assistent")
    assert page.locator(W + ".kw-config").is_hidden()
    assert not [text for text in logged if "KATALOG_CORS_ORIGINS" in text]

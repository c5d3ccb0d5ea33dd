"""Focus and keyboard in the widget (WCAG 2.1 AA): the modal panel on a phone, Escape from
anywhere in the panel, focus after sending, one announcement per answer, and a question that
could not be sent. Real Chromium against the real uvicorn service."""

from __future__ import annotations

import pytest
from browserkit import DEEP_FOCUS, axe_violations, error_free_page

pytestmark = [pytest.mark.browser, pytest.mark.server]

PHONE = {"width": 375, "height": 667}
LAUNCHER = "Fragen zum Maßnahmenkatalog"
# Where focus is: the element's class and whether it lies inside the widget's panel.
FOCUS = f"""() => {{ const e = ({DEEP_FOCUS})();
    const panel = document.querySelector('katalog-assistent').shadowRoot
        .querySelector('.kw-panel');
    return {{cls: e.className, inPanel: panel.contains(e), text: e.textContent.trim()}}; }}"""
# Tries to focus the first link of the page behind the panel: true when it took focus.
FOCUS_PAGE_LINK = (
    "() => { const a = document.querySelector('main a'); a.focus();"
    " return document.activeElement === a; }"
)


@pytest.fixture
def phone(browser):
    with error_free_page(browser, viewport=PHONE, bypass_csp=True) as page:
        yield page


def test_phone_panel_is_modal_and_keeps_focus_inside(phone, live_server):
    phone.goto(live_server + "/")
    phone.get_by_role("button", name=LAUNCHER).click()
    panel = phone.locator(".kw-panel")
    assert panel.evaluate("p => p.matches(':modal')") is True
    assert panel.bounding_box() == {"x": 0, "y": 0, **PHONE}
    seen = []
    for key in ["Tab"] * 12 + ["Shift+Tab"] * 12:
        phone.keyboard.press(key)
        where = phone.evaluate(FOCUS)
        assert where["inPanel"], (key, where)
        seen.append(where["cls"])
    # Every control of the panel was reached, forwards and backwards around the end.
    assert {"kw-close", "kw-example", "kw-input", "kw-send", "kw-reset"} <= set(seen)
    # The page behind is inert: its links cannot take focus.
    assert phone.evaluate(FOCUS_PAGE_LINK) is False
    assert axe_violations(phone) == []
    phone.keyboard.press("Escape")
    assert panel.is_hidden()
    assert phone.evaluate(FOCUS)["cls"] == "kw-launcher"


def test_desktop_panel_is_not_modal(page, live_server):
    page.goto(live_server + "/")
    page.get_by_role("button", name=LAUNCHER).click()
    assert page.locator(".kw-panel").evaluate("p => p.matches(':modal')") is False
    assert page.evaluate(FOCUS_PAGE_LINK) is True  # beside the page, the page stays usable


def test_escape_after_an_example_question(phone, live_server):
    """Sending keeps focus in the input; Escape closes from anywhere in the panel."""
    phone.goto(live_server + "/")
    launcher = phone.get_by_role("button", name=LAUNCHER)
    launcher.click()
    phone.get_by_role("button", name="Wer ist für E-Payment zuständig?").click()
    assert phone.evaluate(FOCUS)["cls"] == "kw-input"  # not <body>: the examples are gone
    phone.locator('.kw-chip[data-project="DS-1.8"]').wait_for()
    assert phone.evaluate(FOCUS)["cls"] == "kw-input"
    phone.keyboard.press("Escape")
    assert phone.locator(".kw-panel").is_hidden()
    assert phone.evaluate(FOCUS)["cls"] == "kw-launcher"
    assert launcher.get_attribute("aria-expanded") == "false"
    # From a citation's preview link, and after a click on plain text in the panel.
    launcher.click()
    phone.locator(".kw-chip").click()
    phone.get_by_role("link", name="Ganze Projektseite öffnen (neuer Tab)").focus()
    phone.keyboard.press("Escape")
    assert phone.locator(".kw-panel").is_hidden()
    assert phone.evaluate(FOCUS)["cls"] == "kw-launcher"
    launcher.click()
    phone.locator(".kw-notice").click()
    phone.keyboard.press("Escape")
    assert phone.locator(".kw-panel").is_hidden()
    assert phone.evaluate(FOCUS)["cls"] == "kw-launcher"


def test_answer_is_announced_once_by_a_live_region(page, live_server):
    page.goto(live_server + "/")
    page.get_by_role("button", name=LAUNCHER).click()
    # Record every text the live region shows, and which widget parts are live regions.
    page.evaluate(
        """() => { const root = document.querySelector('katalog-assistent').shadowRoot;
        window.announced = [];
        new MutationObserver(() => window.announced.push(root.querySelector('.kw-sr').textContent))
            .observe(root.querySelector('.kw-sr'), {childList: true, subtree: true,
                                                    characterData: true}); }"""
    )
    page.get_by_label("Ihre Frage").fill("Wann wird das Handyparken umgesetzt?")
    page.keyboard.press("Enter")
    page.locator('.kw-chip[data-project="DS-2.5"]').wait_for()
    answer = (
        "Für Handyparken (DS 2.5) nennt der Maßnahmenkatalog diesen Zeitraum: "
        "Umsetzung: 2021. Danach laufende Betreuung."
    )
    assert page.locator(".kw-msg-bot .kw-text").text_content() == answer
    assert page.evaluate("window.announced") == [answer]
    assert page.evaluate(FOCUS)["cls"] == "kw-input"
    assert page.get_by_label("Ihre Frage").input_value() == ""
    live = page.evaluate(
        """() => Array.from(document.querySelector('katalog-assistent').shadowRoot
            .querySelectorAll('[aria-live], [role=log], [role=status], [role=alert]'))
            .map(e => [e.className, e.getAttribute('role'), e.textContent])"""
    )
    # The streamed log is no live region; the answer is in exactly one.
    assert [cls for cls, _role, text in live if answer in text] == ["kw-sr"]
    assert ["kw-sr", "status", answer] in live
    assert page.locator(".kw-log").get_attribute("aria-live") is None


def test_unsent_question_stays_in_the_input_with_a_retry_button(page, live_server):
    """The network goes down (the browser's offline mode, a fake at the network edge)."""
    question = "Wann wird das Handyparken umgesetzt?"
    page.goto(live_server + "/")
    page.get_by_role("button", name=LAUNCHER).click()
    page.context.set_offline(True)
    page.get_by_label("Ihre Frage").fill(question)
    page.keyboard.press("Enter")
    retry = page.get_by_role("button", name="Erneut senden")
    retry.wait_for()
    unsent = (
        "Die Frage konnte nicht gesendet werden, weil der Assistent gerade nicht erreichbar "
        "ist. Sie steht noch im Eingabefeld."
    )
    assert page.locator(".kw-msg-error .kw-text").text_content() == unsent
    assert page.locator(".kw-sr").text_content() == unsent
    assert page.get_by_label("Ihre Frage").input_value() == question
    assert page.evaluate(FOCUS)["cls"] == "kw-input"
    page.context.set_offline(False)
    retry.click()
    page.locator('.kw-chip[data-project="DS-2.5"]').wait_for()
    # The failed attempt is gone; one question, one answer, the input empty, focus in it.
    assert page.locator(".kw-msg-user .kw-text").all_text_contents() == [question]
    assert page.locator(".kw-msg-error").count() == 0
    assert page.get_by_label("Ihre Frage").input_value() == ""
    assert page.evaluate(FOCUS)["cls"] == "kw-input"

"""The staff workspace /intern over plain HTTP: what is refused. Without a session a page
redirects to the sign-in; a citizen without a key cannot sign in; a forged, expired or ended
session cookie counts as none; a form without the session's CSRF token is a 403."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from internkit import FORGED, KEY, WRONG_KEY, csrf_of, sign_in

from api.staff import COOKIE, LOGIN_COOKIE, StaffSessions
from katalog.settings import Settings

pytestmark = pytest.mark.server

PAGES = ("/intern", "/intern/dokumente", "/intern/rueckmeldungen", "/intern/auftraege/job-0")


@pytest.fixture
def http(intern_server):
    with httpx.Client(base_url=intern_server, timeout=60) as client:
        yield client


@pytest.fixture
def staff(http):
    """A client signed in: its CSRF token."""
    assert sign_in(http, KEY).status_code == 303
    return csrf_of(http.get("/intern").text)


def refused(client) -> bool:
    """Whether the workspace sends this client to the sign-in."""
    response = client.get("/intern", follow_redirects=False)
    return response.status_code == 303 and response.headers["location"] == "/intern/anmelden"


def test_without_a_session_pages_redirect_and_the_job_state_is_a_401(http):
    for path in PAGES:
        response = http.get(path, follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, "/intern/anmelden")
        assert "set-cookie" not in response.headers  # nothing to take away
    form = {"frage": "Wer ist für E-Payment zuständig?", "csrf": "x"}
    asked = http.post("/intern", data=form, follow_redirects=False)
    assert (asked.status_code, asked.headers["location"]) == (303, "/intern/anmelden")
    state = http.get("/intern/auftraege/job-0123456789abcdef/stand")
    assert state.status_code == 401
    assert state.json()["error"] == {
        "code": "unauthorized",
        "message": "Bitte melden Sie sich im Arbeitsbereich an.",
    }


@pytest.mark.parametrize("key", ["", "   ", "geheim-12", KEY + "x"])
def test_a_citizen_without_a_valid_key_cannot_sign_in(http, key):
    response = sign_in(http, key)
    assert response.status_code == 401
    assert WRONG_KEY in response.text and 'aria-invalid="true"' in response.text
    assert COOKIE not in http.cookies
    assert refused(http)


def test_signing_in_sets_a_strict_http_only_cookie_with_an_expiry(http):
    response = sign_in(http, KEY)
    assert (response.status_code, response.headers["location"]) == (303, "/intern")
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(COOKIE))
    flags = {part.strip().split("=")[0].lower(): part for part in cookie.split(";")[1:]}
    assert set(flags) == {"httponly", "max-age", "path", "samesite"}  # not Secure over http
    assert flags["max-age"].strip() == "Max-Age=28800"
    assert flags["path"].strip() == "Path=/intern"
    assert flags["samesite"].strip().lower() == "samesite=strict"
    assert KEY not in cookie
    page = http.get("/intern")
    assert page.status_code == 200 and "<h1>Fragen an den Katalog</h1>" in page.text
    assert page.headers["cache-control"] == "no-store"


def test_a_forged_or_missing_csrf_token_is_refused(http, staff):
    question = "Wer ist für E-Payment zuständig?"
    for form in ({"frage": question, "csrf": staff[:-2] + "xy"}, {"frage": question}):
        response = http.post("/intern", data=form)
        assert response.status_code == 403
        assert FORGED in response.text and "Fachbereich 20" not in response.text
    # Signing out and marking feedback need the token too; the session stays.
    assert http.post("/intern/abmelden", data={"csrf": "gefälscht"}).status_code == 403
    assert http.post("/intern/rueckmeldungen/fb-0", data={"erledigt": "1"}).status_code == 403
    assert http.get("/intern", follow_redirects=False).status_code == 200
    # With it, the answer comes.
    answered = http.post("/intern", data={"frage": question, "csrf": staff})
    assert answered.status_code == 200
    assert "DS 1.8 E-Payment – zuständig: Fachbereich 20" in answered.text


def test_the_sign_in_form_needs_its_own_token(http):
    http.get("/intern/anmelden")
    response = http.post("/intern/anmelden", data={"schluessel": KEY, "csrf": "x"})
    assert response.status_code == 403 and FORGED in response.text
    assert COOKIE not in http.cookies


def test_forged_expired_and_ended_cookies_are_refused(http, staff, intern_data_dir):
    value = http.cookies[COOKIE]
    sid, expires, signature = value.split(".")
    sessions = StaffSessions(Settings(_env_file=None, data_dir=intern_data_dir))
    past = int(time.time()) - 1
    for forged in (
        f"{sid}.{int(expires) + 3600}.{signature}",  # a later expiry under the old signature
        f"{sid}.{expires}.{signature[:-1]}{'B' if signature.endswith('A') else 'A'}",
        sessions.cookie_value(sid, past),  # signed with the server's secret, but expired
        "",
    ):
        with httpx.Client(base_url=http.base_url, cookies={COOKIE: forged}) as other:
            response = other.get("/intern", follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, "/intern/anmelden")
        deleted = response.headers.get("set-cookie", "").startswith(f'{COOKIE}=""; ')
        assert deleted is bool(forged), forged  # the redirect takes a bad cookie away
    signed_out = http.post("/intern/abmelden", data={"csrf": staff}, follow_redirects=True)
    assert "Sie sind abgemeldet." in signed_out.text
    assert refused(http)
    with httpx.Client(base_url=http.base_url, cookies={COOKIE: value}) as replay:
        assert refused(replay)  # signing out ended the session on the server


def test_secure_cookie_behind_a_trusted_https_proxy(make_client):
    def session_cookie(client) -> str:
        client.headers["X-Forwarded-Proto"] = "https"
        form = client.get("/intern/anmelden")
        nonce = form.cookies[LOGIN_COOKIE]  # Secure: the client would not send it over http
        response = client.post(
            "/intern/anmelden",
            data={"schluessel": KEY, "csrf": csrf_of(form.text)},
            headers={"Cookie": f"{LOGIN_COOKIE}={nonce}"},
            follow_redirects=False,
        )
        assert response.status_code == 303
        return next(c for c in response.headers.get_list("set-cookie") if c.startswith(COOKIE))

    with make_client(trusted_proxies=["testclient"]) as client:
        assert "; secure" in session_cookie(client).lower()
    with make_client() as client:  # the header from an untrusted peer changes nothing
        assert "secure" not in session_cookie(client).lower()


@pytest.mark.parametrize("logged", [True, False])
def test_feedback_shows_the_question_only_where_questions_are_logged(make_client, logged):
    question = "Wer ist für das Bezahlen von Gebühren zuständig?"
    answer = "DS 1.8 E-Payment – zuständig: Fachbereich 20 und Fachbereich 10 – Abteilung 10.1."
    with make_client(log_questions=logged) as client:
        record = {"session_id": "s-1", "question": question, "answer": answer}
        assert client.post("/api/feedback", json={**record, "helpful": False}).status_code == 201
        assert sign_in(client, KEY).status_code == 303
        page = client.get("/intern/rueckmeldungen").text
    assert (question in page) is logged
    assert answer in page
    assert '<a href="/projekte/DS-1.8">DS 1.8 E-Payment</a>' in page


def test_reviewed_marks_are_kept_on_disk(make_client, tmp_path):
    with make_client() as client:
        for answer in ("erste", "zweite"):
            record = {"session_id": "s", "question": "q", "answer": answer, "helpful": False}
            client.post("/api/feedback", json=record)
        assert sign_in(client, KEY).status_code == 303
        reviews = client.app.state.services.reviews
        newest, oldest = reviews.thumbs_down()
        assert (newest["answer"], oldest["answer"]) == ("zweite", "erste")
        csrf = csrf_of(client.get("/intern/rueckmeldungen").text)
        url = f"/intern/rueckmeldungen/{oldest['id']}"
        back = {"csrf": csrf, "zurueck": "offen=1&seite=1"}
        marked = client.post(url, data=back, follow_redirects=False)
        assert (
            marked.headers["location"] == f"/intern/rueckmeldungen?offen=1&seite=1#{oldest['id']}"
        )
        elsewhere = client.post(
            url, data={**back, "zurueck": "//b.example"}, follow_redirects=False
        )
        assert elsewhere.headers["location"] == f"/intern/rueckmeldungen?#{oldest['id']}"
        unknown = client.post("/intern/rueckmeldungen/fb-000000000000", data={"csrf": csrf})
        assert unknown.status_code == 404
        page = client.get("/intern/rueckmeldungen?offen=1").text
        assert "zweite" in page and "erste" not in page
    lines = (tmp_path / "var" / "feedback" / "reviewed.jsonl").read_text("utf-8").splitlines()
    assert [(m["id"], m["reviewed"]) for m in map(json.loads, lines)] == [(oldest["id"], True)] * 2

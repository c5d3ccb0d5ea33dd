"""The staff workspace ``/intern``: sign-in and sign-out, asking as an employee, and the
thumbs-down feedback to review. The documents pages are in ``api.routes.intern_documents``.

Server-rendered pages (Jinja, the project pages' stylesheet, one small script that only
enhances); every state-changing form is a POST with the session's CSRF token. Without a valid
session a page redirects to the sign-in; a forged or missing token is a 403 page.
"""

from __future__ import annotations

import logging
import re
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from api.deps import AssistantDep, ServicesDep, answer_question, authorize
from api.errors import ApiError, error_body, request_id_of
from api.routes.projects import render
from api.staff import COOKIE, LOGIN_COOKIE, LOGIN_SECONDS, PATH, StaffSession

log = logging.getLogger(__name__)

router = APIRouter(prefix="/intern", include_in_schema=False)

SIGN_IN = "/intern/anmelden"
FORGED = (
    "Das Formular ist abgelaufen oder stammt nicht von dieser Seite (Sicherheitsmerkmal "
    "fehlt oder ist ungültig). Bitte laden Sie die Seite neu und senden Sie es erneut."
)
WRONG_KEY = (
    "Dieser Schlüssel gilt nicht. Der Arbeitsbereich ist nur für Mitarbeitende mit einem "
    "Schlüssel aus KATALOG_API_KEYS."
)
FEEDBACK_PAGE = 50  # records a page
_LABEL = re.compile(r"\b(D[SV])\s?(\d+\.\d+)\b")


class SignInRequired(Exception):
    """No valid session: pages redirect to the sign-in, the JSON routes answer 401."""

    def __init__(self, json: bool = False) -> None:
        self.json = json


class FormForged(Exception):
    """A state-changing form without the session's CSRF token."""


def _session(request: Request, services: ServicesDep) -> StaffSession:
    session = services.staff.get(request.cookies.get(COOKIE))
    if session is None:
        raise SignInRequired(json=request.url.path.endswith("/stand"))
    return session


Staff = Annotated[StaffSession, Depends(_session)]


async def _checked(request: Request, session: Staff, services: ServicesDep) -> StaffSession:
    form = await request.form()  # parsed once; the route's own Form fields read the same
    token = form.get("csrf")
    if not services.staff.csrf_ok(session, token if isinstance(token, str) else None):
        raise FormForged
    return session


# A signed-in session whose form carried its CSRF token: for every POST but the sign-in.
StaffForm = Annotated[StaffSession, Depends(_checked)]


def page(
    request: Request, template: str, session: StaffSession | None, status: int = 200, **context
) -> HTMLResponse:
    """A workspace page: never cached, never indexed."""
    response = render(
        request,
        template,
        status=status,
        session=session,
        csrf=session.csrf if session else "",
        layout="intern_base.html",
        **context,
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303, headers={"Cache-Control": "no-store"})


def install(app: FastAPI) -> None:
    """The workspace's answers to a missing session and to a forged form."""

    async def sign_in_required(request: Request, exc: SignInRequired) -> Response:
        if exc.json:
            message = "Bitte melden Sie sich im Arbeitsbereich an."
            body = error_body("unauthorized", message, request_id_of(request))
            return JSONResponse(body, status_code=401)
        response = see_other(SIGN_IN)
        if request.cookies.get(COOKIE):  # expired, forged or ended: away with it
            # (a link from another site arrives without the Strict cookie: it stays)
            response.delete_cookie(COOKIE, path=PATH)
        return response

    async def form_forged(request: Request, exc: FormForged) -> Response:
        return page(
            request, "intern_error.html", None, 403, title="Zugriff verweigert", message=FORGED
        )

    app.add_exception_handler(SignInRequired, sign_in_required)
    app.add_exception_handler(FormForged, form_forged)


# -- sign-in and sign-out --------------------------------------------------------------------


def _sign_in_page(request: Request, services: Any, status: int = 200, **context) -> Response:
    nonce, token = services.staff.login_nonce()
    response = page(
        request,
        "intern_signin.html",
        None,
        status,
        title="Anmelden",
        login=token,
        hours=f"{services.settings.intern_session_s / 3600:g}",
        **context,
    )
    response.set_cookie(
        LOGIN_COOKIE,
        nonce,
        max_age=LOGIN_SECONDS,
        path=PATH,
        httponly=True,
        samesite="strict",
        secure=services.staff.https(request),
    )
    return response


@router.get("/anmelden", response_class=HTMLResponse)
def sign_in_form(request: Request, services: ServicesDep, abgemeldet: str = "") -> Response:
    if services.staff.get(request.cookies.get(COOKIE)) is not None:
        return see_other("/intern")
    notice = "Sie sind abgemeldet." if abgemeldet else ""
    return _sign_in_page(request, services, notice=notice)


@router.post("/anmelden", response_class=HTMLResponse)
def sign_in(
    request: Request,
    services: ServicesDep,
    schluessel: Annotated[str, Form(max_length=500)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    staff = services.staff
    if not staff.login_ok(request.cookies.get(LOGIN_COOKIE), csrf):
        return page(
            request, "intern_error.html", None, 403, title="Zugriff verweigert", message=FORGED
        )
    try:
        authorize(services.settings, "employee", schluessel.strip() or None)
    except ApiError:
        log.info("intern sign-in refused")
        return _sign_in_page(request, services, 401, error=WRONG_KEY)
    _, value = staff.start()
    response = see_other("/intern")
    response.set_cookie(
        COOKIE,
        value,
        max_age=services.settings.intern_session_s,
        path=PATH,
        httponly=True,
        samesite="strict",
        secure=staff.https(request),
    )
    response.delete_cookie(LOGIN_COOKIE, path=PATH)
    log.info("intern sign-in")
    return response


@router.post("/abmelden")
def sign_out(session: StaffForm, services: ServicesDep) -> Response:
    services.staff.end(session)
    response = see_other(SIGN_IN + "?abgemeldet=1")
    response.delete_cookie(COOKIE, path=PATH)
    return response


# -- asking as an employee -------------------------------------------------------------------


@router.get("", response_class=HTMLResponse)
def ask_page(request: Request, session: Staff) -> HTMLResponse:
    return page(request, "intern_ask.html", session, title="Fragen", nav="fragen")


@router.post("", response_class=HTMLResponse)
async def ask(
    request: Request,
    session: StaffForm,
    services: ServicesDep,
    assistant: AssistantDep,
    frage: Annotated[str, Form(max_length=2000)] = "",
    sitzung: Annotated[str, Form(max_length=100)] = "",
) -> HTMLResponse:
    question = " ".join(frage.split())
    context: dict[str, Any] = {"title": "Fragen", "nav": "fragen", "question": question}
    if not 1 <= len(question) <= 500:
        error = "Bitte geben Sie eine Frage mit 1 bis 500 Zeichen ein."
        return page(request, "intern_ask.html", session, 422, error=error, **context)
    fields = {"request_id": request_id_of(request), "audience": "employee", "intern": True}
    if services.settings.log_questions:  # as the API does: off unless the operator wants it
        fields["question"] = question
    log.info("question", extra={"fields": fields})
    data = await answer_question(services, assistant, question, "employee", sitzung.strip() or None)
    sources = [_source(services.catalogue, c) for c in data["citations"]]
    return page(request, "intern_ask.html", session, answer=data, sources=sources, **context)


def _source(catalogue: Any, citation: dict[str, Any]) -> dict[str, Any]:
    """A citation as the workspace shows it: internal documents open inside ``/intern``, a
    project names its responsible units (as the widget's preview does)."""
    if citation.get("kind") == "dokument":  # its label is its title
        return {**citation, "url": "/intern" + citation["url"], "units": ()}
    project = catalogue.get(citation["id"])
    units = project.responsible if project else ()
    return {**citation, "kind": "projekt", "units": units}


# -- feedback --------------------------------------------------------------------------------


@router.get("/rueckmeldungen", response_class=HTMLResponse)
def feedback_page(
    request: Request,
    session: Staff,
    services: ServicesDep,
    offen: str = "",
    seite: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    records = services.reviews.thumbs_down()
    shown = [r for r in records if not r["reviewed"]] if offen else records
    first = (seite - 1) * FEEDBACK_PAGE
    entries = [
        (r, _cited(services.catalogue, r.get("answer", "")))
        for r in shown[first : first + FEEDBACK_PAGE]
    ]
    return page(
        request,
        "intern_feedback.html",
        session,
        title="Rückmeldungen",
        nav="rueckmeldungen",
        entries=entries,
        total=len(records),
        open_count=sum(not r["reviewed"] for r in records),
        only_open=bool(offen),
        number=seite,
        first=first,
        older=first + FEEDBACK_PAGE < len(shown),
        shown_count=len(shown),
        show_questions=services.settings.log_questions,
    )


def _cited(catalogue: Any, answer: str) -> list[Any]:
    """The projects an answer cites, read from their numbers in its text ("[DS 1.8]")."""
    if catalogue is None:
        return []
    ids = dict.fromkeys(f"{area}-{number}" for area, number in _LABEL.findall(answer))
    return [p for p in (catalogue.get(pid) for pid in ids) if p is not None]


@router.post("/rueckmeldungen/{fid}")
def review(
    fid: str,
    session: StaffForm,
    services: ServicesDep,
    erledigt: Annotated[str, Form(max_length=1)] = "1",
    zurueck: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    if not services.reviews.mark(fid, erledigt == "1"):
        raise ApiError(404, "not_found", "Diese Rückmeldung gibt es nicht.")
    # Back to the list as it was shown (only a query of this page: no open redirect).
    query = zurueck if re.fullmatch(r"(offen=1&?)?(seite=\d{1,6})?", zurueck) else ""
    return see_other(f"/intern/rueckmeldungen?{query}#{quote(fid)}")

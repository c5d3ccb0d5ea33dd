"""The documents pages of the staff workspace: list, upload with the ingest job's progress and
the projects it was linked to, reading (internal documents too), removal.

The same calls as the employees' API (``api.routes.documents``, ``api.routes.jobs``) behind the
workspace's session instead of the ``X-API-Key`` header. An upload is an ordinary form POST
answered with a redirect to its job's page; there ``/static/intern.js`` polls the job's state
(``/intern/auftraege/{id}/stand``, the API's job record) into a progress bar and a live region.
Without the script the page shows the state at loading and a link to look again.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import Services, ServicesDep
from api.errors import ApiError
from api.routes.documents import _documents, accept_upload, date_de, reading_page, remove
from api.routes.intern import Staff, StaffForm, page, see_other
from api.routes.jobs import find_job, job_out
from corpus.documents.models import KIND_LABELS, VISIBILITY_LABELS

router = APIRouter(prefix="/intern", include_in_schema=False)

_DOC_ID = re.compile(r"^doc-[0-9a-f]{8}$")


def _listing(services: Services) -> list[Any]:
    return _documents(services).view("employee").documents()


async def _documents_page(
    request: Request, session: Any, services: Services, status: int = 200, **context
) -> HTMLResponse:
    docs = await run_in_threadpool(_listing, services)
    return page(
        request,
        "intern_documents.html",
        session,
        status,
        title="Dokumente",
        nav="dokumente",
        docs=docs,
        kinds=KIND_LABELS,
        visibility=VISIBILITY_LABELS,
        date_de=date_de,
        **context,
    )


@router.get("/dokumente", response_class=HTMLResponse)
async def documents_page(
    request: Request, session: Staff, services: ServicesDep, vorhanden: str = "", entfernt: str = ""
) -> HTMLResponse:
    notice = ""
    if _DOC_ID.match(vorhanden):
        notice = f"Diese Datei ist schon aufgenommen: {vorhanden} (unverändert)."
    elif _DOC_ID.match(entfernt):
        notice = f"Das Dokument {entfernt} wurde entfernt."
    return await _documents_page(request, session, services, notice=notice, focus=notice)


@router.post("/dokumente", response_class=HTMLResponse)
async def upload(
    request: Request,
    session: StaffForm,
    services: ServicesDep,
    datei: Annotated[UploadFile, File()],
    datum: Annotated[str, Form(max_length=20)] = "",
    sichtbarkeit: Annotated[str, Form(max_length=20)] = "internal",
    art: Annotated[str, Form(max_length=40)] = "sachstandsbericht",
    titel: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    try:
        status, body = await accept_upload(
            services, datei, datum, sichtbarkeit, art, titel.strip() or None
        )
    except ApiError as exc:
        form = {"datum": datum, "sichtbarkeit": sichtbarkeit, "art": art, "titel": titel}
        code = 422 if exc.status < 500 else exc.status
        return await _documents_page(
            request, session, services, code, error=exc.message, form=form, focus=exc.message
        )
    if status == 200:
        return see_other(f"/intern/dokumente?vorhanden={body['id']}")
    return see_other(f"/intern/auftraege/{body['id']}")


def _job(services: Services, job_id: str) -> dict[str, Any]:
    """The API's job record plus the linked projects' titles, for the page and its script."""
    job = job_out(find_job(services, job_id))
    catalogue = services.catalogue
    projects = [catalogue.get(pid) for pid in job["project_ids"]] if catalogue else []
    job["projects"] = [
        {"id": p.id, "label": p.label, "title": p.title, "url": f"/projekte/{p.id}"}
        for p in projects
        if p is not None
    ]
    if job["document"]:
        job["document"]["url"] = "/intern" + job["document"]["url"]
    return job


@router.get("/auftraege/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, session: Staff, services: ServicesDep, job_id: str) -> Response:
    try:
        job = _job(services, job_id)
    except ApiError as exc:
        return page(
            request, "intern_error.html", session, exc.status, title="Aufnahme", message=exc.message
        )
    return page(request, "intern_job.html", session, title="Aufnahme", nav="dokumente", job=job)


@router.get("/auftraege/{job_id}/stand")
def job_state(session: Staff, services: ServicesDep, job_id: str) -> dict:
    return _job(services, job_id)


@router.get("/dokumente/{doc_id}", response_class=HTMLResponse)
async def reading(request: Request, session: Staff, services: ServicesDep, doc_id: str):
    context = {"layout": "intern_base.html", "session": session, "csrf": session.csrf}
    response = await reading_page(request, services, doc_id, True, nav="dokumente", **context)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/dokumente/{doc_id}/entfernen", response_class=HTMLResponse)
async def confirm_removal(
    request: Request, session: Staff, services: ServicesDep, doc_id: str
) -> HTMLResponse:
    doc = await run_in_threadpool(lambda: _documents(services).view("employee").get(doc_id))
    if doc is None:
        message = "Dieses Dokument gibt es nicht (oder nicht mehr)."
        return page(request, "intern_error.html", session, 404, title="Entfernen", message=message)
    return page(request, "intern_remove.html", session, title="Entfernen", nav="dokumente", doc=doc)


@router.post("/dokumente/{doc_id}/entfernen")
async def remove_document(
    request: Request, session: StaffForm, services: ServicesDep, doc_id: str
) -> Response:
    try:
        doc = await remove(services, doc_id)
    except ApiError as exc:
        message = exc.message
        return page(
            request, "intern_error.html", session, exc.status, title="Entfernen", message=message
        )
    return see_other(f"/intern/dokumente?entfernt={doc.id}")

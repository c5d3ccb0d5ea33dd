"""Ingested documents: the employees' API (upload, list, delete; the job status is in
``api.routes.jobs``) and the reading page ``/dokumente/{id}`` that document citations link to.

An upload is answered at once: ``202`` with a job (``api.jobs`` extracts, stores, embeds and
indexes in a child process), or ``200`` with the document when the same content is there
already; what can be refused without reading the text (type, size, date, kind, visibility,
contradicting attributes) is a ``422`` right away. A document is seen, in the list, on its page
and in answers, once it is stored and indexed: everything here reads the index's views.

Who sees what is decided by the ``DocumentView`` of the caller's audience, never by a filter
here: without a valid key the view holds only public documents, so an internal document's page
is the same 404 as an unknown id (its existence is not revealed).
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Header, Request, Response, UploadFile
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from api.deps import Services, ServicesDep, authorize, has_valid_key
from api.errors import ApiError
from api.jobs import QueueFull
from api.routes.jobs import JobOut, job_out
from api.routes.projects import render
from api.schemas import DocumentList, DocumentOut, document_out, errors
from corpus.documents.build import safe_filename
from corpus.documents.models import KIND_LABELS
from katalog.errors import DocumentError, KatalogError, UnknownDocumentError

log = logging.getLogger(__name__)

router = APIRouter(tags=["Dokumente"])

ApiKey = Annotated[str | None, Header(alias="X-API-Key")]
NOT_FOUND = "Dieses Dokument gibt es nicht (oder nicht mehr)."


def _documents(services: Services) -> Any:
    """The assistant's ``DocumentIndex`` (shared with the answers)."""
    documents = services.documents
    if documents is None:
        documents = getattr(services.assistant, "documents", None)
    if documents is None:
        raise ApiError(503, "not_ready", "Die Dokumente sind in diesem Dienst nicht verfügbar.")
    return documents


def _store(services: Services) -> Any:
    if services.store is None:
        if services.catalogue is None:
            raise ApiError(503, "not_ready", "Der Katalog wird noch geladen. Bitte gleich erneut.")
        from corpus.documents.store import DocumentStore

        services.store = DocumentStore.from_settings(services.settings, services.catalogue)
    return services.store


def _jobs(services: Services) -> Any:
    if services.jobs is None:
        raise ApiError(503, "not_ready", "Die Aufnahme von Dokumenten ist noch nicht bereit.")
    return services.jobs


def _shown(documents: Any, doc_id: str) -> bool:
    """Whether the index shows the document (a view may load a new snapshot: not on the loop)."""
    return documents.view("employee").get(doc_id) is not None


def _domain(exc: KatalogError) -> ApiError:
    if isinstance(exc, UnknownDocumentError):
        return ApiError(404, exc.code, exc.message)
    if isinstance(exc, DocumentError):
        return ApiError(422, exc.code, exc.message)
    return ApiError(503, exc.code, exc.message)  # the vector store or index is unavailable


@router.post(
    "/api/documents",
    status_code=202,
    response_model=None,
    summary="Dokument hochladen (nur mit API-Schlüssel)",
    description=(
        "202: angenommen; der Auftrag (Location, `url`) zeigt, wie weit die Aufnahme ist, "
        "und am Ende das Dokument. 200: derselbe Inhalt war schon da (das Dokument)."
    ),
    responses={
        200: {"model": DocumentOut, "description": "Derselbe Inhalt war schon da."},
        202: {"model": JobOut, "description": "Angenommen; wird im Hintergrund aufgenommen."},
        **errors(401, 413, 422, 503),
    },
)
async def upload_document(
    response: Response,
    services: ServicesDep,
    file: Annotated[UploadFile, File(description="PDF, DOCX, Markdown, HTML oder Text")],
    date: Annotated[str, Form(description="Datum des Dokuments, JJJJ-MM-TT")],
    visibility: Annotated[str, Form(description="'public' oder 'internal'")],
    kind: Annotated[str, Form(description="'sachstandsbericht' oder 'sonstiges'")] = "sonstiges",
    title: Annotated[str | None, Form(max_length=300)] = None,
    x_api_key: ApiKey = None,
) -> dict:
    authorize(services.settings, "employee", x_api_key)
    status, body = await accept_upload(services, file, date, visibility, kind, title)
    response.status_code = status
    if status == 202:
        response.headers["Location"] = body["url"]
    return body


async def accept_upload(
    services: Services,
    file: UploadFile,
    date: str,
    visibility: str,
    kind: str,
    title: str | None,
) -> tuple[int, dict]:
    """An upload spooled and queued: ``(202, job)``, or ``(200, document)`` when the same
    content is shown already. Raises ``ApiError`` for what needs no reading (the API and the
    staff workspace ``/intern`` take uploads through here)."""
    documents, jobs, store = _documents(services), _jobs(services), _store(services)
    job_id, path, sha, size = await run_in_threadpool(jobs.spool, file.file)
    filename = safe_filename(file.filename or "")
    queued = False
    try:
        doc_id, existing = await run_in_threadpool(
            store.check, filename, size, sha, title, date, kind, visibility
        )
        shown = existing is not None and await run_in_threadpool(_shown, documents, doc_id)
        if shown:
            return 200, document_out(existing)
        request = {
            "filename": filename,
            "title": title,
            "date": date,
            "kind": kind,
            "visibility": visibility,
        }
        record = jobs.submit(job_id, doc_id, request)
        queued = True
    except KatalogError as exc:
        raise _domain(exc) from None
    except QueueFull:
        raise ApiError(
            503,
            "queue_full",
            f"Es warten schon {services.settings.ingest_queue} Dokumente auf die Aufnahme. "
            "Bitte in einigen Minuten erneut hochladen.",
            {"Retry-After": "60"},
        ) from None
    finally:
        if not queued:
            path.unlink(missing_ok=True)
    log.info("document upload queued", extra={"fields": {"job": job_id, "doc_id": doc_id}})
    return 202, job_out(record)


@router.get(
    "/api/documents",
    response_model=DocumentList,
    summary="Alle Dokumente (nur mit API-Schlüssel)",
    description="Die gespeicherten und indexierten Dokumente, das neueste zuerst.",
    responses=errors(401, 503),
)
async def list_documents(services: ServicesDep, x_api_key: ApiKey = None) -> dict:
    authorize(services.settings, "employee", x_api_key)
    documents = _documents(services)
    docs = await run_in_threadpool(lambda: documents.view("employee").documents())
    return {"count": len(docs), "documents": [document_out(d) for d in docs]}


@router.delete(
    "/api/documents/{doc_id}",
    response_model=DocumentOut,
    summary="Dokument entfernen (nur mit API-Schlüssel)",
    responses=errors(401, 404, 503),
)
async def delete_document(doc_id: str, services: ServicesDep, x_api_key: ApiKey = None) -> dict:
    authorize(services.settings, "employee", x_api_key)
    return document_out(await remove(services, doc_id))


async def remove(services: Services, doc_id: str) -> Any:
    """Remove a document from the store and the index: the removed ``Document``."""
    from index.ingest import remove_document

    documents, store = _documents(services), _store(services)
    try:
        doc, _ = await run_in_threadpool(
            remove_document, services.settings, store, doc_id, documents.embedder
        )
    except KatalogError as exc:
        raise _domain(exc) from None
    await run_in_threadpool(documents.refresh, True)
    log.info("document removed", extra={"fields": {"doc_id": doc.id}})
    return doc


@router.get("/dokumente/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
async def document_page(doc_id: str, request: Request, services: ServicesDep) -> HTMLResponse:
    return await reading_page(request, services, doc_id, has_valid_key(request))


async def reading_page(
    request: Request, services: Services, doc_id: str, employee: bool, **context: Any
) -> HTMLResponse:
    """A document's text as a page; ``context`` may choose another ``layout`` (``/intern``)."""
    view = _documents(services).view("employee" if employee else "citizen")
    doc = view.get(doc_id)
    if doc is None:
        return _not_found(request, **context)
    store = _store(services)
    try:
        chunks = await run_in_threadpool(store.chunks, doc_id)
    except DocumentError:  # removed since the view was taken
        return _not_found(request, **context)
    sections = []
    for chunk in chunks:
        heading = chunk.section if not sections or sections[-1][0] != chunk.section else None
        paragraphs = [p.strip() for p in chunk.text.split("\n\n") if p.strip()]
        sections.append((chunk.section, heading, chunk.position, chunk.page, paragraphs))
    page = render(
        request,
        "document.html",
        doc=doc,
        sections=sections,
        kind_label=KIND_LABELS.get(doc.kind, doc.kind),
        date_label=date_de(doc.date),
        **{"title": doc.title, "nav": "", **context},
    )
    if not doc.is_public:
        page.headers["Cache-Control"] = "private, no-store"
        page.headers["X-Robots-Tag"] = "noindex"
    return page


def _not_found(request: Request, **context: Any) -> HTMLResponse:
    context = {"title": "Nicht gefunden", **context}
    return render(request, "not_found.html", status=404, message=NOT_FOUND, **context)


def date_de(iso: str) -> str:
    parts = iso.split("-")
    return ".".join(reversed(parts)) if len(parts) == 3 else iso

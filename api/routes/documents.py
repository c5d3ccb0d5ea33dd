"""Ingested documents: the employees' API (upload, list, delete) and the reading page
``/dokumente/{id}`` that document citations link to.

Who sees what is decided by the ``DocumentView`` of the caller's audience, never by a filter
here: without a valid key the view holds only public documents, so an internal document's page
is the same 404 as an unknown id (its existence is not revealed). Store writes and the index
sync are blocking work and run in the thread pool; a sync publishes atomically, so answers
given meanwhile use the previous or the new documents, never half of them.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Header, Request, Response, UploadFile
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.deps import Services, ServicesDep, authorize, has_valid_key
from api.errors import ApiError
from api.routes.projects import render
from api.schemas import errors
from corpus.documents.models import KIND_LABELS
from katalog.errors import DocumentError, KatalogError, UnknownDocumentError

log = logging.getLogger(__name__)

router = APIRouter(tags=["Dokumente"])

ApiKey = Annotated[str | None, Header(alias="X-API-Key")]
NOT_FOUND = "Dieses Dokument gibt es nicht (oder nicht mehr)."


class DocumentOut(BaseModel):
    id: str = Field(examples=["doc-3f2a9c1b"])
    title: str
    date: str = Field(examples=["2024-03-12"])
    kind: str = Field(examples=["sachstandsbericht"])
    visibility: str = Field(examples=["public"])
    filename: str
    media_type: str
    size: int
    chunk_count: int
    project_ids: list[str] = Field(examples=[["DV-2.1", "DS-1.8"]])
    ingested_at: str
    url: str = Field(examples=["/dokumente/doc-3f2a9c1b"])


class DocumentList(BaseModel):
    count: int
    documents: list[DocumentOut]


def document_out(doc: Any) -> dict[str, Any]:
    return {**doc.to_dict(), "url": f"/dokumente/{doc.id}"}


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

        services.store = DocumentStore(
            services.settings.data_dir,
            services.catalogue,
            max_bytes=services.settings.max_upload_bytes,
        )
    return services.store


def _domain(exc: KatalogError) -> ApiError:
    if isinstance(exc, UnknownDocumentError):
        return ApiError(404, exc.code, exc.message)
    if isinstance(exc, DocumentError):
        return ApiError(422, exc.code, exc.message)
    return ApiError(503, exc.code, exc.message)  # the vector store or index is unavailable


def _sync(services: Services) -> None:
    from index.documents import sync_documents

    documents = _documents(services)
    sync_documents(services.settings, _store(services), embedder=documents.embedder)
    documents.refresh()


@router.post(
    "/api/documents",
    status_code=201,
    response_model=DocumentOut,
    summary="Dokument hochladen (nur mit API-Schlüssel)",
    description="201: neu aufgenommen; 200: derselbe Inhalt war schon da.",
    responses=errors(401, 413, 422, 503),
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
    documents = _documents(services)
    store = _store(services)
    data = await file.read()
    try:
        doc, created = await run_in_threadpool(
            store.ingest_bytes, data, file.filename or "", title, date, kind, visibility
        )
        await run_in_threadpool(_sync, services)
    except KatalogError as exc:
        raise _domain(exc) from None
    log.info(
        "document uploaded",
        extra={
            "fields": {"doc_id": doc.id, "created": created, "generation": documents.generation}
        },
    )
    response.status_code = 201 if created else 200
    return document_out(doc)


@router.get(
    "/api/documents",
    response_model=DocumentList,
    summary="Alle Dokumente (nur mit API-Schlüssel)",
    responses=errors(401, 503),
)
async def list_documents(services: ServicesDep, x_api_key: ApiKey = None) -> dict:
    authorize(services.settings, "employee", x_api_key)
    docs = await run_in_threadpool(_store(services).list)
    return {"count": len(docs), "documents": [document_out(d) for d in docs]}


@router.delete(
    "/api/documents/{doc_id}",
    response_model=DocumentOut,
    summary="Dokument entfernen (nur mit API-Schlüssel)",
    responses=errors(401, 404, 503),
)
async def delete_document(doc_id: str, services: ServicesDep, x_api_key: ApiKey = None) -> dict:
    authorize(services.settings, "employee", x_api_key)
    store = _store(services)
    try:
        doc = await run_in_threadpool(store.remove, doc_id)
        await run_in_threadpool(_sync, services)
    except KatalogError as exc:
        raise _domain(exc) from None
    log.info("document removed", extra={"fields": {"doc_id": doc.id}})
    return document_out(doc)


@router.get("/dokumente/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
async def document_page(doc_id: str, request: Request, services: ServicesDep) -> HTMLResponse:
    employee = has_valid_key(request)
    view = _documents(services).view("employee" if employee else "citizen")
    doc = view.get(doc_id)
    if doc is None:
        return _not_found(request)
    store = _store(services)
    try:
        chunks = await run_in_threadpool(store.chunks, doc_id)
    except DocumentError:  # removed since the view was taken
        return _not_found(request)
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
        date_label=_date_de(doc.date),
        title=doc.title,
        nav="",
    )
    if not doc.is_public:
        page.headers["Cache-Control"] = "private, no-store"
        page.headers["X-Robots-Tag"] = "noindex"
    return page


def _not_found(request: Request) -> HTMLResponse:
    return render(request, "not_found.html", status=404, message=NOT_FOUND, title="Nicht gefunden")


def _date_de(iso: str) -> str:
    parts = iso.split("-")
    return ".".join(reversed(parts)) if len(parts) == 3 else iso

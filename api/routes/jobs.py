"""``GET /api/documents/jobs/{id}``: the state of an ingest job (``api.jobs``), for employees.

A job is ``queued``, ``running`` (with its stage and, while embedding, how many chunks of how
many are done), ``done`` (with the document and the projects it is linked to) or ``failed``
(with a German message that names what was wrong and the fix).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header
from pydantic import BaseModel, Field

from api.deps import Services, ServicesDep, authorize
from api.errors import ApiError
from api.schemas import DocumentOut, document_out, errors
from corpus.documents.models import Document

router = APIRouter(tags=["Dokumente"])

# The stages of index.ingest the API names as they are; the others (chroma, snapshot, state,
# cleanup, commit) are "index".
STAGES = ("queued", "extract", "store", "embed", "done", "failed")
MESSAGES = {
    "queued": "Wartet auf die Aufnahme.",
    "extract": "Der Text wird ausgelesen.",
    "store": "Das Dokument wird gespeichert.",
    "index": "Der Suchindex wird aktualisiert.",
}


class JobProgress(BaseModel):
    done: int = Field(examples=[32])
    total: int = Field(examples=[80])


class JobError(BaseModel):
    code: str = Field(examples=["invalid_document"])
    message: str


class JobOut(BaseModel):
    id: str = Field(examples=["job-3f2a9c1b0d4e5f60"])
    status: Literal["queued", "running", "done", "failed"]
    stage: Literal["queued", "extract", "store", "embed", "index", "done", "failed"]
    message: str = Field(examples=["Abschnitte werden eingebettet (32 von 80)."])
    progress: JobProgress
    filename: str
    document_id: str = Field(
        examples=["doc-3f2a9c1b"], description="Die Kennung, die das Dokument bekommt."
    )
    url: str = Field(examples=["/api/documents/jobs/job-3f2a9c1b0d4e5f60"])
    created_at: str
    finished_at: str | None = None
    document: DocumentOut | None = Field(None, description="Das Dokument, wenn fertig.")
    created: bool | None = Field(None, description="false: derselbe Inhalt war schon da.")
    project_ids: list[str] = Field([], examples=[["DV-2.1", "DS-1.8"]])
    error: JobError | None = None


def job_url(job_id: str) -> str:
    return f"/api/documents/jobs/{job_id}"


def job_out(record: dict[str, Any]) -> dict[str, Any]:
    result = record.get("result") or {}
    doc = Document.from_dict(result["document"]) if result.get("document") else None
    stage = record["stage"] if record["stage"] in STAGES else "index"
    return {
        "id": record["id"],
        "status": record["status"],
        "stage": stage,
        "message": _message(record, stage, doc, result.get("created")),
        "progress": {"done": record.get("done", 0), "total": record.get("total", 0)},
        "filename": record["request"]["filename"],
        "document_id": record["document_id"],
        "url": job_url(record["id"]),
        "created_at": record["created_at"],
        "finished_at": record.get("finished_at"),
        "document": document_out(doc) if doc else None,
        "created": result.get("created"),
        "project_ids": list(doc.project_ids) if doc else [],
        "error": record.get("error"),
    }


def _message(record: dict[str, Any], stage: str, doc: Document | None, created: Any) -> str:
    if stage == "failed":
        return str((record.get("error") or {}).get("message", "Die Aufnahme ist fehlgeschlagen."))
    if stage == "done" and doc is not None:
        links = ", ".join(p.replace("-", " ") for p in doc.project_ids) or "keinem Projekt"
        what = "Aufgenommen" if created else "Schon vorhanden (unverändert)"
        return f"{what}: „{doc.title}“, verknüpft mit {links}."
    if stage == "embed":
        return (
            f"Abschnitte werden eingebettet ({record.get('done', 0)} von {record.get('total', 0)})."
        )
    return MESSAGES.get(stage, MESSAGES["index"])


@router.get(
    "/api/documents/jobs/{job_id}",
    response_model=JobOut,
    summary="Stand einer Aufnahme (nur mit API-Schlüssel)",
    responses=errors(401, 404, 503),
)
async def get_job(
    job_id: str,
    services: ServicesDep,
    x_api_key: Annotated[str | None, Header(alias="X-API-Key")] = None,
) -> dict:
    authorize(services.settings, "employee", x_api_key)
    return job_out(find_job(services, job_id))


def find_job(services: Services, job_id: str) -> dict[str, Any]:
    """A job's record (``ApiError`` 404 when there is none, 503 before jobs run)."""
    jobs = services.jobs
    if jobs is None:
        raise ApiError(503, "not_ready", "Die Aufnahme von Dokumenten ist noch nicht bereit.")
    record = jobs.records.get(job_id)
    if record is None:
        raise ApiError(
            404,
            "unknown_job",
            f"Einen Aufnahmeauftrag '{job_id[:40]}' gibt es nicht (oder nicht mehr). Aufträge "
            "werden sieben Tage nach ihrem Ende vergessen.",
        )
    return record

"""What the lifespan loads, handed to routes through ``Depends``.

Routes translate HTTP into calls of the assistant; the only thing added here is the
answer cache for repeated first questions and the API-key check for employees.
"""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass
from typing import Annotated, Any, Protocol

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from api.errors import ApiError
from api.feedback import FeedbackStore
from api.metrics import Metrics
from katalog.settings import Settings


class AssistantLike(Protocol):
    """The part of ``assistant.Assistant`` the service uses (see ASSISTANT_CONTRACT)."""

    def ask(
        self, question: str, audience: str = "citizen", session_id: str | None = None
    ) -> Any: ...

    def warm_up(self) -> None: ...


@dataclass
class Services:
    settings: Settings
    catalogue: Any
    feedback: FeedbackStore
    metrics: Metrics
    assistant: AssistantLike | None = None
    documents: Any = None  # the assistant's index.doc_search.DocumentIndex
    store: Any = None  # corpus.documents.store.DocumentStore under settings.data_dir
    jobs: Any = None  # api.jobs.IngestJobs: uploads are ingested in the background
    staff: Any = None  # api.staff.StaffSessions: sign-in to the workspace /intern
    reviews: Any = None  # api.feedback.ReviewStore: thumbs-down feedback and its review
    load_error: str | None = None
    editions: Any = None  # corpus.editions.Editions: every loaded Fortschreibung
    ready_seconds: float | None = None


async def get_services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]


async def get_assistant(services: ServicesDep) -> AssistantLike:
    if services.assistant is None:
        message = services.load_error or "Der Assistent wird noch geladen. Bitte gleich erneut."
        raise ApiError(503, "not_ready", message)
    return services.assistant


AssistantDep = Annotated[AssistantLike, Depends(get_assistant)]


async def get_catalogue(services: ServicesDep) -> Any:
    if services.catalogue is None:
        raise ApiError(503, "not_ready", "Der Katalog wird noch geladen. Bitte gleich erneut.")
    return services.catalogue


CatalogueDep = Annotated[Any, Depends(get_catalogue)]


async def get_editions(services: ServicesDep) -> Any:
    if services.editions is None:
        raise ApiError(503, "not_ready", "Der Katalog wird noch geladen. Bitte gleich erneut.")
    return services.editions


EditionsDep = Annotated[Any, Depends(get_editions)]


def authorize(settings: Settings, audience: str, api_key: str | None) -> None:
    """Employees need a configured key; compared in constant time against every key."""
    if audience != "employee":
        return
    given = (api_key or "").encode()
    matched = False
    for key in settings.api_keys:
        matched |= hmac.compare_digest(given, key.encode())
    if not (api_key and matched):
        raise ApiError(
            401,
            "unauthorized",
            "Für den Zugang für Mitarbeitende ist ein gültiger API-Schlüssel im Header "
            "X-API-Key nötig.",
        )


def has_valid_key(request: Request) -> bool:
    """Rate-limit exemption for callers with a valid employee key."""
    settings = request.app.state.services.settings
    try:
        authorize(settings, "employee", request.headers.get("x-api-key"))
    except ApiError:
        return False
    return True


async def answer_question(
    services: Services,
    assistant: AssistantLike,
    question: str,
    audience: str,
    session_id: str | None,
) -> dict[str, Any]:
    """The answer as a dict plus ``took_ms``.

    A repeated first question is looked up in the assistant's answer cache right here on the
    event loop; everything else runs in the thread pool (embedding is CPU work).
    """
    started = time.perf_counter()
    lookup = getattr(assistant, "cached", None)
    answer = lookup(question, audience) if lookup and session_id is None else None
    if answer is not None:
        services.metrics.cache.labels("hit").inc()
    else:
        if lookup and session_id is None:
            services.metrics.cache.labels("miss").inc()
        answer = await run_in_threadpool(assistant.ask, question, audience, session_id)
    data = answer.model_dump()
    services.metrics.answers.labels(str(bool(data["abstained"])).lower()).inc()
    data["took_ms"] = round((time.perf_counter() - started) * 1000)
    return data

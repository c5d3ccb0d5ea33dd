"""POST /api/ask, /api/ask/stream (Server-Sent Events) and /api/feedback.

The routes are built per app because the rate limit comes from that app's settings.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import StreamingResponse
from slowapi import Limiter
from starlette.concurrency import run_in_threadpool

from api.deps import (
    AssistantDep,
    Services,
    ServicesDep,
    answer_question,
    authorize,
    has_valid_key,
)
from api.errors import request_id_of
from api.schemas import (
    AskRequest,
    AskResponse,
    FeedbackRequest,
    FeedbackResponse,
    errors,
)

log = logging.getLogger(__name__)

ApiKey = Annotated[str | None, Header(alias="X-API-Key", include_in_schema=True)]

STREAM_DOC = {
    200: {
        "description": "Server-Sent Events: `delta` (Text in Stücken), dann `done` "
        "(die vollständige Antwort mit Quellen) oder `error`.",
        "content": {
            "text/event-stream": {
                "schema": {
                    "type": "object",
                    "description": "Ein Ereignis; `data` ist JSON.",
                    "properties": {
                        "event": {"type": "string", "enum": ["meta", "delta", "done", "error"]},
                        "data": {"type": "string"},
                    },
                    "required": ["event", "data"],
                }
            }
        },
    }
}


def _pieces(text: str, words: int = 4) -> list[str]:
    """Split text into pieces of a few words, keeping all whitespace."""
    tokens = re.findall(r"\S+\s*", text)
    return ["".join(tokens[i : i + words]) for i in range(0, len(tokens), words)] or [text]


def _event(name: str, data: dict) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def build_router(limiter: Limiter, rate_limit: str) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["Assistent"])
    # One budget per client across asking, streaming and feedback: switching route does not
    # buy more questions.
    limit = limiter.shared_limit(rate_limit, scope="fragen", exempt_when=has_valid_key)

    def _log_question(services: Services, request: Request, body: AskRequest) -> None:
        fields = {"request_id": request_id_of(request), "audience": body.audience}
        if services.settings.log_questions:
            fields["question"] = body.question
        log.info("question", extra={"fields": fields})

    @router.post(
        "/ask",
        response_model=AskResponse,
        summary="Eine Frage zum Maßnahmenkatalog beantworten",
        responses=errors(401, 413, 422, 429, 503),
    )
    @limit
    async def ask(
        request: Request,
        body: AskRequest,
        services: ServicesDep,
        assistant: AssistantDep,
        x_api_key: ApiKey = None,
    ) -> dict:
        authorize(services.settings, body.audience, x_api_key)
        _log_question(services, request, body)
        return await answer_question(
            services, assistant, body.question, body.audience, body.session_id
        )

    @router.post(
        "/ask/stream",
        summary="Dieselbe Antwort als Server-Sent Events (für das Widget)",
        response_class=StreamingResponse,
        responses={**STREAM_DOC, **errors(401, 413, 422, 429, 503)},
    )
    @limit
    async def ask_stream(
        request: Request,
        body: AskRequest,
        services: ServicesDep,
        assistant: AssistantDep,
        x_api_key: ApiKey = None,
    ) -> StreamingResponse:
        authorize(services.settings, body.audience, x_api_key)
        _log_question(services, request, body)
        data = await answer_question(
            services, assistant, body.question, body.audience, body.session_id
        )

        async def events() -> AsyncIterator[str]:
            yield _event("meta", {"session_id": data["session_id"]})
            for piece in _pieces(data["answer"]):
                yield _event("delta", {"text": piece})
                await asyncio.sleep(0)
            yield _event("done", data)

        return StreamingResponse(
            events(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    @router.post(
        "/feedback",
        status_code=201,
        response_model=FeedbackResponse,
        summary="Rückmeldung zu einer Antwort speichern",
        responses=errors(413, 422, 429),
    )
    @limit
    async def feedback(
        request: Request,
        body: FeedbackRequest,
        services: ServicesDep,
    ) -> dict:
        record = {**body.model_dump(), "request_id": request_id_of(request)}
        await run_in_threadpool(services.feedback.append, record)
        services.metrics.feedback.labels(str(body.helpful).lower()).inc()
        return {"stored": True, "request_id": request_id_of(request)}

    return router

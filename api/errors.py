"""One JSON error shape for every failure: ``{"error": {"code", "message"}, "request_id"}``.

Messages are German and never carry a stack trace. Domain errors (``KatalogError``) are
translated here, once; FastAPI's default 404/405/422 handlers are replaced.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from slowapi.errors import RateLimitExceeded
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from api.ratelimit import seconds_left
from katalog.errors import (
    AmbiguousProjectError,
    DocumentError,
    IndexNotBuiltError,
    InvalidQuestionError,
    KatalogError,
    UnknownDocumentError,
    UnknownEditionError,
    UnknownProjectError,
)

log = logging.getLogger(__name__)

STATUS_MESSAGES = {
    400: ("bad_request", "Die Anfrage ist ungültig."),
    401: ("unauthorized", "Für diesen Zugang ist ein gültiger API-Schlüssel (X-API-Key) nötig."),
    403: ("forbidden", "Zugriff verweigert."),
    404: ("not_found", "Die angeforderte Seite oder Ressource gibt es nicht."),
    405: ("method_not_allowed", "Diese HTTP-Methode ist für diese Adresse nicht erlaubt."),
    406: ("not_acceptable", "Das gewünschte Antwortformat wird nicht unterstützt."),
    413: ("payload_too_large", "Die Anfrage ist zu groß."),
    415: ("unsupported_media_type", "Bitte senden Sie die Anfrage als JSON."),
    422: ("invalid_request", "Die Anfrage enthält ungültige Angaben."),
    429: ("rate_limited", "Zu viele Anfragen. Bitte warten Sie kurz und versuchen Sie es erneut."),
    500: ("internal_error", "Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später."),
    503: (
        "unavailable",
        "Der Dienst ist gerade nicht bereit. Bitte versuchen Sie es gleich erneut.",
    ),
}

DOMAIN_STATUS: dict[type[KatalogError], int] = {
    UnknownProjectError: 404,
    UnknownEditionError: 404,
    AmbiguousProjectError: 404,
    InvalidQuestionError: 422,
    IndexNotBuiltError: 503,
    # The first isinstance match wins: the subclass before DocumentError.
    UnknownDocumentError: 404,
    DocumentError: 422,
}

BODY_PARSE_ERROR = "There was an error parsing the body"  # FastAPI's detail for unreadable bodies

FIELD_NAMES = {
    "question": "Frage",
    "audience": "Zielgruppe",
    "session_id": "Sitzungs-ID",
    "answer": "Antwort",
    "helpful": "Bewertung (helpful)",
    "comment": "Kommentar",
}


class ApiError(Exception):
    """An HTTP error raised by our own code with a German message."""

    def __init__(self, status: int, code: str, message: str, headers: dict | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def request_id_of(request: Request) -> str:
    return getattr(request.state, "request_id", "") or ""


def error_body(code: str, message: str, request_id: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}, "request_id": request_id}


def error_response(
    request: Request, status: int, code: str, message: str, headers: dict | None = None
) -> JSONResponse:
    body = error_body(code, message, request_id_of(request))
    return JSONResponse(body, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    """A German sentence for the first validation error, naming the field."""
    errors = exc.errors()
    if not errors:
        return STATUS_MESSAGES[422][1]
    err = errors[0]
    kind = err.get("type", "")
    loc = [str(part) for part in err.get("loc", ()) if part not in ("body", "query", "path")]
    field = loc[-1] if loc else ""
    name = FIELD_NAMES.get(field, field)
    if kind == "json_invalid":
        return "Der Anfragetext ist kein gültiges JSON."
    if field == "question" and kind in (
        "string_too_short",
        "string_too_long",
        "string_pattern_mismatch",
        "missing",
    ):
        return "Die Frage muss nach dem Entfernen von Leerzeichen 1 bis 500 Zeichen lang sein."
    if not loc:
        return "Der Anfragetext fehlt oder ist kein JSON-Objekt."
    if kind == "missing":
        return f"Das Feld '{name}' fehlt."
    if kind == "string_too_long":
        limit = (err.get("ctx") or {}).get("max_length")
        return f"Das Feld '{name}' ist zu lang (höchstens {limit} Zeichen)."
    if kind in ("string_too_short", "string_pattern_mismatch"):
        return f"Das Feld '{name}' darf nicht leer sein."
    if kind == "literal_error":
        expected = str((err.get("ctx") or {}).get("expected", "")).replace(" or ", " oder ")
        return f"Das Feld '{name}' hat einen ungültigen Wert; erlaubt sind {expected}."
    if kind.startswith("string"):
        return f"Das Feld '{name}' muss ein Text sein."
    if kind.startswith("bool"):
        return f"Das Feld '{name}' muss true oder false sein."
    if kind == "model_attributes_type" or kind == "dict_type":
        return "Der Anfragetext muss ein JSON-Objekt sein."
    return f"Das Feld '{name}' ist ungültig."


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(request, exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(KatalogError)
    async def _domain_error(request: Request, exc: KatalogError) -> JSONResponse:
        status = next((s for t, s in DOMAIN_STATUS.items() if isinstance(exc, t)), 400)
        return error_response(request, status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(request, 422, "invalid_request", _validation_message(exc))

    @app.exception_handler(RateLimitExceeded)
    async def _rate_limited(request: Request, exc: RateLimitExceeded) -> JSONResponse:
        retry_after = seconds_left(request)  # what is left of the window, not its length
        code, message = STATUS_MESSAGES[429]
        return error_response(request, 429, code, message, {"Retry-After": str(retry_after)})

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == BODY_PARSE_ERROR:
            # A body that is not even text (e.g. not UTF-8) is as invalid as broken JSON.
            message = "Der Anfragetext ist kein gültiges JSON."
            return error_response(request, 422, "invalid_request", message)
        code, message = STATUS_MESSAGES.get(
            exc.status_code, ("http_error", "Die Anfrage konnte nicht bearbeitet werden.")
        )
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = _allowed_methods(request)
        return error_response(request, exc.status_code, code, message, headers)


def _allowed_methods(request: Request) -> str:
    """All methods some route takes on this path (Starlette names only the first route's)."""
    allowed = []
    for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return ", ".join(allowed)

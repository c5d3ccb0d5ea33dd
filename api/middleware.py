"""Pure ASGI middleware: request ids, body size limit, security headers, access log.

Pure ASGI (not ``BaseHTTPMiddleware``) so Server-Sent Events stream through unbuffered.
It is the outermost layer: it also turns any unhandled exception into the JSON error shape,
so even a 500 carries ``X-Request-ID``.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import STATUS_MESSAGES, error_body

log = logging.getLogger(__name__)

UPLOAD_PATHS = ("/api/documents", "/api/documents/", "/intern/dokumente")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    # Our pages are not framed by other sites (the widget is a script, not a frame).
    (b"x-frame-options", b"SAMEORIGIN"),
]


class BodyTooLarge(HTTPException):
    """Raised while the body streams in; an HTTPException so FastAPI passes it through."""

    def __init__(self) -> None:
        super().__init__(status_code=413)


class RequestContextMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        max_body_bytes: int,
        log_clients: bool,
        max_upload_bytes: int | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        # Document uploads (multipart) have their own, larger limit.
        self.max_upload_bytes = max_upload_bytes or max_body_bytes
        self.log_clients = log_clients

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        incoming = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status_holder = {"status": 500, "started": False}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                status_holder["started"] = True
                out = list(message.get("headers") or [])
                out.append((b"x-request-id", request_id.encode()))
                out.extend(SECURITY_HEADERS)
                message = {**message, "headers": out}
            await send(message)

        try:
            length = int(headers.get(b"content-length", b"0") or 0)
        except ValueError:
            length = 0
        upload = scope.get("method") == "POST" and scope.get("path") in UPLOAD_PATHS
        limit = self.max_upload_bytes if upload else self.max_body_bytes
        if length > limit:
            await self._send_error(send_wrapper, 413, request_id)
        else:
            try:
                await self.app(scope, self._limited(receive, limit), send_wrapper)
            except BodyTooLarge:
                if not status_holder["started"]:
                    await self._send_error(send_wrapper, 413, request_id)
            except Exception:
                log.exception("unhandled error", extra={"request_id": request_id})
                if not status_holder["started"]:
                    await self._send_error(send_wrapper, 500, request_id)
        self._log(scope, status_holder["status"], started, request_id)

    def _limited(self, receive: Receive, limit: int) -> Receive:
        seen = 0

        async def wrapped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge()
            return message

        return wrapped

    async def _send_error(self, send: Send, status: int, request_id: str) -> None:
        code, message = STATUS_MESSAGES[status]
        body = json.dumps(error_body(code, message, request_id), ensure_ascii=False).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    def _log(self, scope: Scope, status: int, started: float, request_id: str) -> None:
        fields = {
            "request_id": request_id,
            "method": scope.get("method"),
            "path": scope.get("path"),
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        }
        if self.log_clients and scope.get("client"):
            fields["client"] = scope["client"][0]
        log.info("request", extra={"fields": fields})

"""``create_app(settings)``: the FastAPI service around the assistant.

The catalogue and the assistant (with its index and embedding model) load once in the
lifespan and reach the routes through ``api.deps``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from slowapi import Limiter
from starlette.concurrency import run_in_threadpool

from api.deps import AssistantLike, Services
from api.errors import install_error_handlers
from api.feedback import FeedbackStore, ReviewStore
from api.metrics import Metrics
from api.middleware import RequestContextMiddleware
from api.ratelimit import client_key
from api.routes import (
    ask,
    documents,
    editions,
    intern,
    intern_documents,
    jobs,
    projects,
    site,
    timeline,
)
from api.staff import StaffSessions
from assistant.cache import CachedAssistant
from katalog.errors import KatalogError
from katalog.settings import Settings, get_settings

log = logging.getLogger(__name__)


def describe(edition: str | None = None) -> str:
    """The OpenAPI description, naming the edition that answers ("3. Fortschreibung") once
    the catalogue is loaded."""
    named = f" – {edition}" if edition else ""
    return (
        f"Fragen und Antworten zum Maßnahmenkatalog Digitalisierung{named} der Stadt Kleve "
        "(kleve.digital 2030). Jede Antwort nennt die Projektnummern, auf die sie sich stützt. "
        'Fehler haben immer die Form `{"error": {"code", "message"}, "request_id"}` mit '
        "deutscher Meldung."
    )


def _default_assistant(settings: Settings) -> AssistantLike:
    from assistant.service import build_assistant

    return build_assistant(settings)


def _default_editions(settings: Settings) -> Any:
    from corpus.editions import load_editions

    return load_editions(settings.catalogue_path)


def _settle_documents(services: Services, documents: Any) -> None:
    """Finish or roll back what a process killed during an ingest left behind
    (``index.consistency``); the service answers ``/ready`` only after this."""
    from corpus.documents.store import DocumentStore
    from index.consistency import repair

    settings = services.settings
    services.store = DocumentStore.from_settings(settings, services.catalogue)
    report = repair(settings, services.store, documents.embedder)
    documents.refresh()
    fields = {
        "consistent": report.consistent,
        "actions": list(report.actions),
        "findings": [f.kind for f in report.findings],
    }
    log.info("documents checked", extra={"fields": fields})


def _install_docs(app: FastAPI) -> None:
    """Swagger UI at /docs from the swagger-ui-bundle package instead of a CDN."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/docs-assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=app.openapi_url,
            title=f"{app.title} – API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon-32x32.png",
        )
        # Everything from here; Swagger UI starts itself with one inline script.
        page.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'"
        )
        return page


def create_app(
    settings: Settings | None = None,
    assistant_factory: Callable[[Settings], AssistantLike] | None = None,
) -> FastAPI:
    settings = settings or get_settings()
    build = assistant_factory or _default_assistant
    services = Services(
        settings=settings,
        catalogue=None,
        feedback=FeedbackStore(settings.data_dir),
        metrics=Metrics(),
        staff=StaffSessions(settings),
        reviews=ReviewStore(settings.data_dir),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        started = time.perf_counter()
        services.editions = await run_in_threadpool(_default_editions, settings)
        services.catalogue = services.editions.newest.catalogue
        newest = services.editions.newest
        app.description = describe(newest.name if newest.number else None)
        app.openapi_schema = None  # built again, with the edition, when first asked for
        try:
            assistant = await run_in_threadpool(build, settings)
            if settings.answer_cache_entries > 0:
                assistant = CachedAssistant(assistant, settings.answer_cache_entries)
            await run_in_threadpool(assistant.warm_up)
            documents = getattr(assistant, "documents", None)
            if documents is not None:  # before /ready: store and index in step
                await run_in_threadpool(_settle_documents, services, documents)
            services.assistant = assistant
            services.documents = documents
        except KatalogError as exc:
            services.load_error = exc.message
            log.error("assistant not loaded", extra={"fields": {"code": exc.code}})
        if services.documents is not None:
            from api.jobs import IngestJobs

            # the finished job's writes are loaded before its status is read as done
            reload = partial(services.documents.refresh, wait=True)
            services.jobs = IngestJobs(settings, on_done=reload)
            services.jobs.start()
        services.ready_seconds = time.perf_counter() - started
        log.info(
            "startup",
            extra={
                "fields": {
                    "ready": services.assistant is not None,
                    "seconds": round(services.ready_seconds, 2),
                }
            },
        )
        yield
        if services.jobs is not None:
            await run_in_threadpool(services.jobs.stop)

    app = FastAPI(
        title="Katalog-Assistent Kleve",
        version="0.1.0",
        description=describe(),
        lifespan=lifespan,
        docs_url=None,  # served below with bundled assets: the docs work offline
        redoc_url=None,
    )
    app.state.services = services
    limiter = Limiter(
        key_func=client_key(settings.trusted_proxies), storage_uri=settings.rate_limit_storage
    )
    app.state.limiter = limiter

    install_error_handlers(app)
    app.include_router(ask.build_router(limiter, settings.rate_limit))
    app.include_router(projects.router)
    app.include_router(timeline.router)
    app.include_router(editions.router)
    app.include_router(documents.router)
    app.include_router(jobs.router)
    app.include_router(site.router)
    app.include_router(intern.router)
    app.include_router(intern_documents.router)
    intern.install(app)
    services.metrics.install(app)
    _install_docs(app)

    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "DELETE"],
        allow_headers=["Content-Type", "X-API-Key", "X-Request-ID"],
        expose_headers=["X-Request-ID", "Retry-After"],
        max_age=600,
    )
    app.add_middleware(
        RequestContextMiddleware,
        max_body_bytes=settings.max_body_bytes,
        max_upload_bytes=settings.max_upload_bytes,
        log_clients=settings.log_questions,
    )
    return app

"""Prometheus metrics, one registry per app (tests build many apps in one process)."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, generate_latest
from prometheus_fastapi_instrumentator import Instrumentator


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.answers = Counter(
            "katalog_answers_total",
            "Answers given, by whether the assistant abstained.",
            ["abstained"],
            registry=self.registry,
        )
        self.feedback = Counter(
            "katalog_feedback_total",
            "Feedback received, by helpful yes/no.",
            ["helpful"],
            registry=self.registry,
        )
        self.cache = Counter(
            "katalog_answer_cache_total",
            "Answer cache lookups, by result.",
            ["result"],
            registry=self.registry,
        )

    def install(self, app: FastAPI) -> None:
        Instrumentator(
            registry=self.registry,
            excluded_handlers=["/metrics"],
            should_group_untemplated=True,
        ).instrument(app)

        @app.get("/metrics", tags=["Betrieb"], include_in_schema=False)
        def metrics(request: Request) -> Response:
            settings = request.app.state.services.settings
            if settings.metrics_require_key:
                from api.deps import authorize  # the one check of employee keys

                authorize(settings, "employee", request.headers.get("x-api-key"))
            return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)

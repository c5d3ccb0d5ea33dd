"""The demo page, the widget files, health and readiness."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from api.deps import ServicesDep
from api.errors import ApiError
from api.routes.projects import render
from api.schemas import Status, WidgetConfig, errors

STATIC = Path(__file__).resolve().parent.parent / "static"
JS = "text/javascript; charset=utf-8"
# The loader, the ES modules it imports, and the stylesheet linked inside the shadow root.
WIDGET_FILES = {
    "katalog-widget.js": JS,
    "kw-panel.mjs": JS,
    "kw-chat.mjs": JS,
    "kw-sources.mjs": JS,
    "kw-net.mjs": JS,
    "kw-dom.mjs": JS,
    "katalog-widget.css": "text/css; charset=utf-8",
}

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def demo_page(request: Request, services: ServicesDep) -> HTMLResponse:
    from assistant.compose import number_word

    areas = _areas(services.catalogue)
    return render(
        request,
        "demo.html",
        title="Digitalisierung in Kleve",
        nav="start",
        areas=areas,
        areas_count=number_word(len(areas)).capitalize(),
    )


def _areas(catalogue) -> list[tuple[str, str, str, str]]:
    """Per Wirkungsbereich of the records: its name, its Aktionsfelder ("Strategieplanung,
    Smart Working und Veränderungsmanagement") and its first and last numbered project."""
    areas: dict[str, list] = {}
    for p in catalogue.projects if catalogue is not None else ():
        areas.setdefault(p.impact_area, []).append(p)
    found = []
    for name, projects in areas.items():
        fields = list(dict.fromkeys(p.action_field for p in projects))
        fields_text = " und ".join([", ".join(fields[:-1]), fields[-1]] if fields[1:] else fields)
        numbered = [p for p in projects if p.measures]  # not the overview of the Smart City
        found.append((name, fields_text, numbered[0].label, numbered[-1].label))
    return found


@router.get("/widget/{name}", include_in_schema=False)
def widget_file(name: str) -> FileResponse:
    if name not in WIDGET_FILES:
        raise ApiError(404, "not_found", "Diese Widget-Datei gibt es nicht.")
    return FileResponse(
        STATIC / "widget" / name,
        media_type=WIDGET_FILES[name],
        headers={"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"},
    )


@router.get(
    "/api/widget-config",
    response_model=WidgetConfig,
    tags=["Betrieb"],
    summary="Ob die Seite, die das Widget einbettet, den Assistenten abfragen darf",
    description="Antwortet jeder Herkunft, damit das Widget eine fehlende Freigabe in "
    "KATALOG_CORS_ORIGINS von einem nicht erreichbaren Dienst unterscheiden kann.",
)
def widget_config(request: Request, services: ServicesDep) -> JSONResponse:
    # Answers every origin (Access-Control-Allow-Origin: *), so that the widget on a page whose
    # origin CORS refuses can tell that refusal from a server that is down, and name the origin
    # that belongs in KATALOG_CORS_ORIGINS. Only the decision about the asking origin is told,
    # never the list.
    origin = request.headers.get("origin")
    settings = services.settings
    allowed = origin is None or "*" in settings.cors_origins or origin in settings.cors_origins
    return JSONResponse(
        {"origin": origin, "allowed": allowed},
        headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "no-store"},
    )


@router.get("/static/site.css", include_in_schema=False)
def site_css() -> FileResponse:
    return FileResponse(STATIC / "site" / "site.css", media_type="text/css; charset=utf-8")


@router.get("/static/intern.js", include_in_schema=False)
def intern_js() -> FileResponse:
    return FileResponse(STATIC / "site" / "intern.js", media_type=JS)


@router.get("/health", response_model=Status, tags=["Betrieb"], summary="Der Prozess lebt")
def health() -> dict:
    return {"status": "ok"}


@router.get(
    "/ready",
    response_model=Status,
    tags=["Betrieb"],
    summary="Index und Assistent sind geladen",
    responses=errors(503),
)
def ready(request: Request, services: ServicesDep):
    if services.assistant is None:
        message = services.load_error or "Der Assistent wird noch geladen."
        body = {
            "error": {"code": "not_ready", "message": message},
            "request_id": request.state.request_id,
        }
        return JSONResponse(body, status_code=503)
    return {"status": "ready"}

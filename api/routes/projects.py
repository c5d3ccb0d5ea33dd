"""The catalogue's records as JSON (/api/projects) and as readable pages (/projekte)."""

from __future__ import annotations

import pathlib
from itertools import groupby
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.deps import CatalogueDep, ServicesDep
from api.schemas import ProjectList, ProjectOut, errors
from corpus.lookup import resolve_project
from corpus.models import AREA_CODES
from katalog.errors import KatalogError

TEMPLATES = pathlib.Path(__file__).resolve().parent.parent / "static" / "templates"

# Pages we render ourselves: no inline script, nothing from elsewhere.
HTML_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'"
)

router = APIRouter(tags=["Katalog"])
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))


def _fold(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def _matches(project: Any, impact_area, action_field, responsible, q) -> bool:
    if impact_area:
        wanted = _fold(impact_area)
        if wanted not in (_fold(project.impact_area), _fold(project.area_code)):
            return False
    if action_field:
        wanted = _fold(action_field)
        names = (_fold(project.action_field), str(project.action_field_no))
        if not any(wanted == name or (len(wanted) > 2 and wanted in name) for name in names):
            return False
    if responsible:
        wanted = _fold(responsible)
        units = [_fold(unit) for unit in project.responsible] + [_fold(project.responsible_text)]
        if not any(wanted in unit for unit in units):
            return False
    if q:
        wanted = _fold(q)
        haystack = _fold(
            " ".join((project.label, project.title, project.description, *project.measures))
        )
        if wanted not in haystack:
            return False
    return True


Filter = Annotated[str | None, Query(max_length=200)]


@router.get("/api/projects", response_model=ProjectList, summary="Projekte auflisten und filtern")
def list_projects(
    catalogue: CatalogueDep,
    impact_area: Filter = None,
    action_field: Filter = None,
    responsible: Filter = None,
    q: Filter = None,
) -> dict:
    found = [
        p.to_dict()
        for p in catalogue.projects
        if _matches(p, impact_area, action_field, responsible, q)
    ]
    return {"count": len(found), "projects": found}


@router.get(
    "/api/projects/{ref}",
    response_model=ProjectOut,
    summary="Ein Projekt (DS-1.8, DS 1.8, ds1.8 oder eindeutige Nummer)",
    responses=errors(404),
)
def get_project(
    ref: Annotated[str, Path(examples=["DS-1.8", "DV 2.5", "ds3.5"])],
    catalogue: CatalogueDep,
    services: ServicesDep,
) -> dict:
    project = resolve_project(catalogue, ref)
    return {**project.to_dict(), "reports": public_reports(services, project.id)}


def public_reports(services: Any, project_id: str) -> list[dict]:
    """The project's public reports, newest first: always the citizens' view, because these
    are public pages whatever key a request carries."""
    documents = services.documents or getattr(services.assistant, "documents", None)
    if documents is None:
        return []
    return [
        {"id": d.id, "title": d.title, "date": d.date, "kind": d.kind, "url": f"/dokumente/{d.id}"}
        for d in documents.view("citizen").reports_for(project_id)
    ]


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    # Every page names the edition it shows ("2. Fortschreibung").
    catalogue = request.app.state.services.catalogue
    context.setdefault("edition", getattr(catalogue, "edition_name", "Maßnahmenkatalog"))
    context.setdefault("edition_number", getattr(catalogue, "edition", 0))  # 0: unnumbered
    html = _env.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": HTML_CSP})


@router.get("/projekte", response_class=HTMLResponse, include_in_schema=False)
def projects_page(request: Request, catalogue: CatalogueDep) -> HTMLResponse:
    projects = sorted(
        catalogue.projects,
        key=lambda p: (AREA_CODES.get(p.impact_area, p.impact_area) != "DV", p.action_field_no),
    )
    areas = []
    for area, in_area in groupby(projects, key=lambda p: p.impact_area):
        fields = [
            (f"{no}. {name}", list(items))
            for (no, name), items in groupby(
                in_area, key=lambda p: (p.action_field_no, p.action_field)
            )
        ]
        areas.append((area, fields))
    return render(request, "projects.html", areas=areas, title="Alle Projekte", nav="projekte")


@router.get("/projekte/{ref}", response_class=HTMLResponse, include_in_schema=False)
def project_page(
    ref: str, request: Request, catalogue: CatalogueDep, services: ServicesDep
) -> HTMLResponse:
    try:
        project = resolve_project(catalogue, ref)
    except KatalogError as exc:
        return render(
            request, "not_found.html", status=404, message=exc.message, title="Nicht gefunden"
        )
    from api.routes.timeline import Filters, view  # the timeline renders with these pages

    reports = public_reports(services, project.id)
    return render(
        request,
        "project.html",
        p=project,
        reports=reports,
        tl_view=view(catalogue, Filters(projekte=(project.id,))),
        title=f"{project.label} {project.title}",
        nav="",
    )

"""The catalogue's editions and what changed between them: /api/editions, /api/diff and the
readable page /aenderungen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import EditionsDep
from api.routes.projects import render
from api.schemas import DiffOut, EditionOut, errors
from corpus.diff import FIELD_NAMES, Diff, shown
from katalog.errors import KatalogError

router = APIRouter(tags=["Katalog"])

EditionNumber = Annotated[
    int | None,
    Query(ge=0, le=999, description="Nummer der Fortschreibung, z. B. 2 oder 3."),
]


@router.get(
    "/api/editions",
    response_model=list[EditionOut],
    summary="Die geladenen Ausgaben (Fortschreibungen), die älteste zuerst",
)
def list_editions(editions: EditionsDep) -> list[dict]:
    return [e.to_dict() for e in editions.editions]


@router.get(
    "/api/diff",
    response_model=DiffOut,
    summary="Was sich zwischen zwei Ausgaben geändert hat",
    description="Ohne Angaben: die vorletzte Ausgabe gegen die neueste (mit nur einer "
    "geladenen Ausgabe: diese gegen sich selbst, also leer).",
    responses=errors(404),
)
def get_diff(
    editions: EditionsDep,
    start: Annotated[EditionNumber, Query(alias="from")] = None,
    to: EditionNumber = None,
) -> dict:
    return editions.diff(start, to).to_dict()


@dataclass(frozen=True)
class FieldChange:
    name: str  # "Zuständigkeit"
    before: str
    after: str


@dataclass(frozen=True)
class ChangedProject:
    p: Any  # the project in the newer edition
    changes: tuple[FieldChange, ...]


def _changes_view(found: Diff, old: Any, new: Any) -> dict[str, Any]:
    """The diff as the page shows it: new, delayed, responsibilities, renumbered, removed,
    and every other changed field."""
    delays = {d.id: d for d in found.delays()}
    delayed, responsibility, other = [], [], []
    for change in found.changed:
        p = new.catalogue[change.id]
        if change.id in delays:
            d = delays[change.id]
            delayed.append(ChangedProject(p, (FieldChange(d.label, d.before.text, d.after.text),)))
        if "responsible" in change.fields:
            before = shown("responsible", change.before["responsible"])
            after = shown("responsible", change.after["responsible"])
            responsibility.append(ChangedProject(p, (FieldChange("Zuständigkeit", before, after),)))
        rest = [
            FieldChange(FIELD_NAMES[f], shown(f, change.before[f]), shown(f, change.after[f]))
            for f in change.fields
            if f != "responsible" and not (f == "periods" and change.id in delays)
        ]
        if rest:
            other.append(ChangedProject(p, tuple(rest)))
    return {
        "added": [new.catalogue[i] for i in found.added],
        "removed": [old.catalogue[i] for i in found.removed],
        "renumbered": [(old.catalogue[a], new.catalogue[b]) for a, b in found.renumbered],
        "delayed": delayed,
        "responsibility": responsibility,
        "other": other,
    }


@router.get("/aenderungen", response_class=HTMLResponse, include_in_schema=False)
def changes_page(
    request: Request,
    editions: EditionsDep,
    start: Annotated[EditionNumber, Query(alias="from")] = None,
    to: EditionNumber = None,
) -> HTMLResponse:
    try:
        old, new = editions.pair(start, to)
        found = editions.diff(start, to)
    except KatalogError as exc:
        return render(
            request, "not_found.html", status=404, message=exc.message, title="Nicht gefunden"
        )
    return render(
        request,
        "changes.html",
        title="Was sich geändert hat",
        nav="aenderungen",
        editions=editions.editions,
        old=old,
        new=new,
        diff=found,
        **_changes_view(found, old, new),
    )

"""The Zeitstrahl: the plan's phases as JSON (/api/timeline), as a page people can read, filter
and print (/zeitstrahl), and as SVG and CSV for the committee's papers.

The page is server-rendered HTML with one small SVG per project row (no script, nothing from
elsewhere, the strict CSP of our pages): bars are drawn from the printed years only; an open end
fades out towards the end of the plan, a phase without a printed start is drawn dashed from
where the one before it ended, and a phase without any year has no bar, only its text. A plain
table beside it holds the same content.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Annotated
from urllib.parse import urlencode
from xml.sax.saxutils import escape

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import CatalogueDep
from api.errors import ApiError
from api.routes.projects import render
from api.schemas import TimelineProjectOut, errors
from assistant.filters import takes_part
from corpus.lookup import resolve_project
from corpus.models import AREA_CODES, Catalogue
from corpus.timeline import Phase, TimelineRow, timeline
from katalog.errors import KatalogError

router = APIRouter(tags=["Katalog"])

YEAR_WIDTH = 10  # SVG user units per year in a row's track
_UNIT = re.compile(r"^(\d{2})(?:\.(\d))?$")

Bereich = Annotated[str | None, Query(max_length=10, description="DV oder DS")]
Fachbereich = Annotated[
    str | None, Query(max_length=10, description="Fachbereich (20) oder Abteilung (10.1)")
]
# A string: the page's form sends "jahr=" for "alle Jahre".
Jahr = Annotated[
    str | None, Query(max_length=10, description="Projekte, die in dem Jahr laufen (2026)")
]
Projekt = Annotated[list[str] | None, Query(description="Projektnummern, z. B. DS-1.8")]


@dataclass
class TimelineQuery:
    """The query parameters every timeline route reads; checked by ``filters``."""

    bereich: Bereich = None
    fachbereich: Fachbereich = None
    jahr: Jahr = None
    projekt: Projekt = None

    def filters(self, catalogue: Catalogue) -> Filters:
        return read_filters(catalogue, self.bereich, self.fachbereich, self.jahr, self.projekt)


QueryDep = Annotated[TimelineQuery, Depends()]


@dataclass(frozen=True)
class Filters:
    bereich: str | None = None
    fachbereich: str | None = None  # the unit as the records name it
    jahr: int | None = None
    projekte: tuple[str, ...] = ()

    def query(self) -> str:
        parts = [("bereich", self.bereich), ("fachbereich", self.fachbereich)]
        parts += [("jahr", str(self.jahr) if self.jahr else None)]
        parts += [("projekt", p) for p in self.projekte]
        return urlencode([(k, v) for k, v in parts if v])


def read_filters(
    catalogue: Catalogue,
    bereich: str | None,
    fachbereich: str | None,
    jahr: str | None,
    projekt: list[str] | None,
) -> Filters:
    """The filters of a request, checked; a bad value is a German 400. Empty values (the
    form's "alle") filter nothing."""
    year = None
    if jahr and jahr.strip():
        if not re.fullmatch(r"\d{4}", jahr.strip()):
            raise ApiError(
                400, "bad_filter", f"Unbekanntes Jahr „{jahr}“. Bitte eine Jahreszahl wie 2026."
            )
        year = int(jahr)
    area = (bereich or "").strip().upper() or None
    if area and area not in AREA_CODES.values():
        raise ApiError(
            400, "bad_filter", f"Unbekannter Bereich „{bereich}“. Erlaubt sind DV und DS."
        )
    unit = None
    if fachbereich and fachbereich.strip():
        m = _UNIT.match(fachbereich.strip())
        if not m:
            raise ApiError(
                400,
                "bad_filter",
                f"Unbekannter Fachbereich „{fachbereich}“. Erlaubt sind Nummern wie 20 oder "
                "Abteilungen wie 10.1.",
            )
        unit = f"Fachbereich {m.group(1)}"
        if m.group(2):
            unit += f" – Abteilung {m.group(1)}.{m.group(2)}"
    ids = []
    for ref in projekt or []:
        try:
            ids.append(resolve_project(catalogue, ref).id)
        except KatalogError as exc:
            raise ApiError(404, "unknown_project", exc.message) from exc
    return Filters(area, unit, year, tuple(ids))


def selected(catalogue: Catalogue, f: Filters) -> tuple[tuple[int, int], list[TimelineRow]]:
    span, rows = timeline(catalogue)
    rows = [r for r in rows if r.phases]  # the Smart-City overview has no periods
    if f.bereich:
        rows = [r for r in rows if r.project.area_code == f.bereich]
    if f.fachbereich:
        # As in the list answers: the projects whose Zuständigkeit names the unit, not those
        # that only say "alle Fachbereiche".
        rows = [r for r in rows if takes_part(r.project, f.fachbereich)]
    if f.jahr:
        rows = [r for r in rows if r.runs_in(f.jahr, span)]
    if f.projekte:
        rows = [r for r in rows if r.project.id in f.projekte]
    return span, rows


def row_json(row: TimelineRow) -> dict:
    p = row.project
    return {
        "id": p.id,
        "label": p.label,
        "title": p.title,
        "area": p.area_code,
        "action_field": p.action_field,
        "responsible": list(p.responsible),
        "phases": [ph.to_dict() for ph in row.phases],
    }


@router.get(
    "/api/timeline",
    response_model=list[TimelineProjectOut],
    summary="Der Zeitstrahl: alle Phasen aller Projekte",
    responses=errors(400, 404, 422),
)
def timeline_json(
    catalogue: CatalogueDep,
    query: QueryDep,
) -> list[dict]:
    f = query.filters(catalogue)
    _span, rows = selected(catalogue, f)
    return [row_json(r) for r in rows]


# -- drawing -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Bar:
    x: int
    width: int
    kind: str  # "fest" | "offen" (fades out) | "ohne-beginn" (dashed)
    title: str


def years_text(ph: Phase) -> str:
    """A phase in a few words: "Umsetzung: 2020–2021, danach laufend", "Zeitraum:
    Daueraufgabe bis 2030"; without years the catalogue's own words."""
    if ph.start is None and ph.end is None:
        return ph.text.rstrip(".")
    if ph.start and ph.end and ph.start != ph.end:
        years = f"{ph.start}–{ph.end}"
    else:
        years = f"{ph.start}" if ph.start else f"bis {ph.end}"
    if re.search(r"daueraufgabe", ph.text, re.IGNORECASE):
        years = f"Daueraufgabe {years}"
    goes_on = ph.end and re.search(r"danach|laufend", ph.text, re.IGNORECASE)
    return f"{ph.label}: {years}" + (", danach laufend" if goes_on else "")


def bars(row: TimelineRow, span: tuple[int, int]) -> list[Bar]:
    """The bars of a row: each phase's years (dashed where no start is printed), then a fading
    bar from an open end to the end of the plan. A phase without years has no bar."""
    first, last = span
    drawn: list[Bar] = []
    for start, end, ph in row.ranges(span):
        start, end = max(start, first), min(end, last)
        kind = "fest" if ph.start is not None else "ohne-beginn"
        x, width = (start - first) * YEAR_WIDTH, (end - start + 1) * YEAR_WIDTH
        drawn.append(Bar(x, width, kind, ph.text))
        if ph.open_end and end < last:
            tail = (last - end) * YEAR_WIDTH
            drawn.append(Bar(x + width, tail, "offen", f"{ph.text} (offenes Ende)"))
    return drawn


def view(catalogue: Catalogue, f: Filters) -> dict:
    span, rows = selected(catalogue, f)
    first, last = span
    this_year = date.today().year
    ordered = sorted(
        rows,
        key=lambda r: (
            r.project.area_code != "DV",
            r.project.action_field_no,
            tuple(int(n) for n in r.project.number.split(".")),
        ),
    )
    groups = []
    for area, in_area in groupby(ordered, key=lambda r: r.project.impact_area):
        fields = []
        for (no, name), items in groupby(
            in_area, key=lambda r: (r.project.action_field_no, r.project.action_field)
        ):
            fields.append((f"{no}. {name}", [_row_view(r, span) for r in items]))
        groups.append((area, fields))
    units = sorted(
        {u.split(" – ")[0] for p in catalogue.projects for u in p.responsible}
        | {u for p in catalogue.projects for u in p.responsible if "Abteilung" in u},
        key=_unit_order,
    )
    return {
        "span": span,
        "years": list(range(first, last + 1)),
        "width": (last - first + 1) * YEAR_WIDTH,
        "this_year": this_year if first <= this_year <= last else None,
        "now_x": (this_year - first) * YEAR_WIDTH + YEAR_WIDTH // 2,
        "groups": groups,
        "count": len(rows),
        "filters": f,
        "units": [(_unit_value(u), u) for u in units if _unit_value(u)],
        "table": [(r.project, ph, years_text(ph)) for r in ordered for ph in r.phases],
    }


def _row_view(row: TimelineRow, span: tuple[int, int]) -> dict:
    p = row.project
    return {
        "p": p,
        "bars": bars(row, span),
        "captions": [years_text(ph) for ph in row.phases],
        "unbarred": [ph.text for ph in row.phases if ph.start is None and ph.end is None],
    }


def _unit_value(unit: str) -> str | None:
    m = re.match(r"Fachbereich (\d{2})(?: – Abteilung (\d{2}\.\d))?$", unit)
    return (m.group(2) or m.group(1)) if m else None


def _unit_order(unit: str) -> tuple:
    value = _unit_value(unit) or "99"
    return tuple(int(x) for x in value.split("."))


@router.get("/zeitstrahl", response_class=HTMLResponse, include_in_schema=False)
def timeline_page(
    request: Request,
    catalogue: CatalogueDep,
    query: QueryDep,
) -> HTMLResponse:
    try:
        f = query.filters(catalogue)
    except ApiError as exc:  # a person gets a page, not JSON
        return render(
            request,
            "not_found.html",
            status=exc.status,
            message=exc.message,
            heading="Diesen Zeitstrahl gibt es nicht",
            title="Zeitstrahl",
        )
    context = view(catalogue, f)
    title = "Zeitstrahl {}–{}".format(*context["span"])
    return render(request, "timeline.html", title=title, nav="zeitstrahl", **context)


@router.get("/zeitstrahl.csv", include_in_schema=False)
def timeline_csv(
    catalogue: CatalogueDep,
    query: QueryDep,
) -> Response:
    f = query.filters(catalogue)
    _span, rows = selected(catalogue, f)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        ["Projekt", "Titel", "Bereich", "Aktionsfeld", "Zuständig", "Phase", "Beginn", "Ende"]
        + ["Offenes Ende", "Laut Katalog"]
    )
    for r in rows:
        p = r.project
        for ph in r.phases:
            writer.writerow(
                [p.label, p.title, p.area_code, p.action_field, p.responsible_text, ph.label]
                + [ph.start or "", ph.end or "", "ja" if ph.open_end else "nein", ph.text]
            )
    return Response(
        "\ufeff" + out.getvalue(),  # Excel reads the BOM as UTF-8
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="zeitstrahl.csv"'},
    )


@router.get("/zeitstrahl.svg", include_in_schema=False)
def timeline_svg(
    catalogue: CatalogueDep,
    query: QueryDep,
) -> Response:
    f = query.filters(catalogue)
    return Response(svg_document(catalogue, f), media_type="image/svg+xml")


def svg_document(catalogue: Catalogue, f: Filters) -> str:
    """One standalone SVG of the whole (filtered) timeline: labels left, bars right."""
    v = view(catalogue, f)
    label_w, row_h, scale = 360, 22, 4
    width = label_w + v["width"] * scale + 20
    rows = [r for _area, fields in v["groups"] for _field, items in fields for r in items]
    height = 40 + row_h * len(rows) + 20
    font = 'font-family="Arial, sans-serif"'
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Zeitstrahl 2020–2030">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        '<defs><linearGradient id="fade"><stop offset="0" stop-color="#0a4d8c"/>'
        '<stop offset="1" stop-color="#0a4d8c" stop-opacity="0.08"/></linearGradient></defs>',
    ]
    for i, year in enumerate(v["years"]):
        x = label_w + i * YEAR_WIDTH * scale
        out.append(f'<text x="{x + 4}" y="24" font-size="12" {font} fill="#333">{year}</text>')
        out.append(f'<line x1="{x}" y1="30" x2="{x}" y2="{height - 20}" stroke="#dddddd"/>')
    if v["this_year"]:
        x = label_w + v["now_x"] * scale
        out.append(f'<line x1="{x}" y1="30" x2="{x}" y2="{height - 20}" stroke="#b34700"/>')
    for n, r in enumerate(rows):
        y = 40 + n * row_h
        p = r["p"]
        title = escape(f"{p.label} {p.title}")
        out.append(f'<text x="4" y="{y + 14}" font-size="12" {font} fill="#1b1b1b">{title}</text>')
        for b in r["bars"]:
            fill = {"offen": 'fill="url(#fade)"', "ohne-beginn": 'fill="#7fa6cc"'}.get(
                b.kind, 'fill="#0a4d8c"'
            )
            out.append(
                f'<rect x="{label_w + b.x * scale}" y="{y + 3}" width="{b.width * scale}" '
                f'height="14" {fill}><title>{escape(b.title)}</title></rect>'
            )
    out.append("</svg>")
    return "\n".join(out)

"""`katalog projects` and `katalog show`: the parsed catalogue records."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from katalog.cli.common import console, german_errors, print_json

CatalogueOption = Annotated[
    Path | None,
    typer.Option(
        "--catalogue", "-c", help="Katalog als Text- oder PDF-Datei (Standard: mitgeliefert)."
    ),
]


def _catalogue(path: Path | None):
    from corpus.parser import load_catalogue
    from katalog.settings import get_settings

    return load_catalogue(path or get_settings().catalogue_path)


def projects(
    as_json: Annotated[
        bool, typer.Option("--json", help="Alle Projekte als JSON ausgeben.")
    ] = False,
    catalogue: CatalogueOption = None,
) -> None:
    """Alle Digitalisierungsprojekte des Katalogs als Tabelle (oder JSON)."""
    from rich.table import Table

    with german_errors():
        cat = _catalogue(catalogue)
    if as_json:
        print_json([p.to_dict() for p in cat.projects])
        return
    table = Table(title=f"Maßnahmenkatalog Digitalisierung – {len(cat.projects)} Projekte")
    for column in ("Nr.", "Titel", "Aktionsfeld", "Zeitraum", "Zuständigkeit"):
        table.add_column(column, overflow="fold")
    for p in cat.projects:
        title = p.title + (f" ({p.smart_city_field})" if p.smart_city_field else "")
        period = "; ".join(x.text for x in p.periods) or "–"
        table.add_row(p.label, title, p.action_field, period, ", ".join(p.responsible) or "–")
    console.print(table)


def show(
    project_id: Annotated[
        str, typer.Argument(help="Projektnummer, z. B. 'DS 1.8', 'ds1.8' oder '2.5'.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Das Projekt als JSON ausgeben.")] = False,
    catalogue: CatalogueOption = None,
) -> None:
    """Ein Projekt mit Beschreibung, Zeitraum, Einzelmaßnahmen und Zuständigkeit."""
    from rich.panel import Panel

    from corpus.lookup import resolve_project
    from katalog.errors import AmbiguousProjectError

    with german_errors():
        cat = _catalogue(catalogue)
        try:
            project = resolve_project(cat, project_id)
        except AmbiguousProjectError as exc:
            console.print(f"[yellow]{exc.message}[/]")
            for pid in exc.candidates:
                console.print(f"  • {cat[pid].label} {cat[pid].title}")
            raise typer.Exit(code=2) from None
    if as_json:
        print_json(project.to_dict())
        return
    lines = [f"[bold]{project.impact_area}[/] · Aktionsfeld {project.action_field}"]
    if project.smart_city_field:
        lines[0] += f" · {project.smart_city_field}"
    lines += ["", project.description]
    if project.periods:
        lines += ["", "[bold]Zeitraum[/]", *(f"  {p.text}" for p in project.periods)]
    if project.measures:
        lines += ["", "[bold]Einzelmaßnahmen[/]", *(f"  • {m}" for m in project.measures)]
    if project.responsible_text:
        lines += ["", "[bold]Zuständigkeit[/]", f"  {project.responsible_text}"]
    console.print(Panel("\n".join(lines), title=f"{project.label} {project.title}", expand=False))


def _editions(path: Path | None):
    from corpus.editions import load_editions
    from katalog.settings import get_settings

    return load_editions(path or get_settings().catalogue_path)


def editions(
    as_json: Annotated[
        bool, typer.Option("--json", help="Die Ausgaben als JSON ausgeben.")
    ] = False,
    catalogue: CatalogueOption = None,
) -> None:
    """Die geladenen Ausgaben (Fortschreibungen) des Katalogs, die älteste zuerst."""
    from rich.table import Table

    with german_errors():
        loaded = _editions(catalogue)
    if as_json:
        print_json([e.to_dict() for e in loaded.editions])
        return
    table = Table(title="Ausgaben des Maßnahmenkatalogs (die neueste antwortet)")
    for column in ("Nr.", "Ausgabe", "Projekte", "Datei"):
        table.add_column(column, overflow="fold")
    for e in loaded.editions:
        table.add_row(str(e.number), e.name, str(len(e.catalogue.projects)), e.source)
    console.print(table)


def diff(
    start: Annotated[
        int | None, typer.Option("--from", help="Ältere Ausgabe (Standard: die vorletzte).")
    ] = None,
    end: Annotated[
        int | None, typer.Option("--to", help="Neuere Ausgabe (Standard: die neueste).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Die Änderungen als JSON.")] = False,
    catalogue: CatalogueOption = None,
) -> None:
    """Was sich zwischen zwei Ausgaben geändert hat: neue, entfallene, neu nummerierte und
    geänderte Projekte."""
    from corpus.diff import FIELD_NAMES, shown

    with german_errors():
        loaded = _editions(catalogue)
        found = loaded.diff(start, end)
        old, new = loaded.get(found.start), loaded.get(found.end)
    if as_json:
        print_json(found.to_dict())
        return
    if old is new:
        console.print(f"Geladen ist nur die {new.name}: es gibt nichts zu vergleichen.")
        return
    console.print(f"[bold]Änderungen von der {old.name} zur {new.name}[/]")
    if found.empty:
        console.print("Keine Änderungen an den Projekten.")
        return

    def named(edition, pid: str) -> str:
        p = edition.catalogue[pid]
        return f"{p.label} {p.title}"

    for title, ids, edition in (
        ("Neu", found.added, new),
        ("Entfallen", found.removed, old),
    ):
        for pid in ids:
            console.print(f"{title}: {named(edition, pid)}", markup=False)
    for before, after in found.renumbered:
        console.print(f"Neu nummeriert: {named(old, before)} → {named(new, after)}", markup=False)
    for change in found.changed:
        console.print(f"Geändert: {named(new, change.id)}", markup=False)
        for name in change.fields:
            console.print(
                f"  {FIELD_NAMES[name]}: vorher „{shown(name, change.before[name])}“, "
                f"jetzt „{shown(name, change.after[name])}“",
                markup=False,
            )


def register(app: typer.Typer) -> None:
    app.command("projects")(projects)
    app.command("show")(show)
    app.command("editions")(editions)
    app.command("diff")(diff)

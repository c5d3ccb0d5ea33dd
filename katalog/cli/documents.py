"""`katalog ingest`, `katalog documents`, `katalog remove`: Sachstandsberichte and others."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from katalog.cli.common import console, err_console, german_errors, print_json


def _store():
    from corpus.documents.store import DocumentStore
    from corpus.parser import load_catalogue
    from katalog.settings import get_settings

    settings = get_settings()
    return DocumentStore(
        settings.data_dir,
        load_catalogue(settings.catalogue_path),
        max_bytes=settings.max_upload_bytes,
    )


def sync_search_index(settings, catalogue=None, store=None) -> None:
    """Bring the documents in the search index in line with the store (also run by
    `katalog index`). Skipped with a note while the catalogue index was never built: the
    documents stay stored, and `katalog index` takes them in later."""
    from corpus.documents.store import DocumentStore
    from index.documents import catalogue_index_built, sync_documents
    from katalog.errors import KatalogError

    if not catalogue_index_built(settings):
        err_console.print(
            "Hinweis: Der Suchindex wurde noch nicht erstellt. Die Dokumente sind gespeichert "
            "und werden mit `katalog index` in die Suche aufgenommen."
        )
        return
    store = store or DocumentStore(
        settings.data_dir, catalogue, max_bytes=settings.max_upload_bytes
    )
    try:
        report = sync_documents(settings, store)
    except KatalogError as exc:
        err_console.print(
            f"[bold red]Fehler:[/] {exc.message} Die Dokumente sind gespeichert; "
            "`katalog index` nimmt sie in die Suche auf, sobald der Fehler behoben ist."
        )
        raise typer.Exit(code=2) from None
    if report.changed or any(report.documents):
        public, internal = report.documents
        console.print(
            f"Suchindex aktualisiert: {public} öffentliche, {internal} interne Dokumente "
            f"({sum(report.chunks)} Abschnitte; {report.embedded} neu berechnet, "
            f"{report.removed} entfernt)."
        )


def _labels(project_ids: tuple[str, ...]) -> str:
    return ", ".join(pid.replace("-", " ") for pid in project_ids) or "–"


def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Eine oder mehrere Dateien (PDF, DOCX, MD, HTML, TXT).")
    ],
    date: Annotated[str, typer.Option("--date", "-d", help="Datum des Dokuments, JJJJ-MM-TT.")],
    visibility: Annotated[
        str,
        typer.Option(
            "--visibility",
            "-v",
            help="'public' (für alle) oder 'internal' (nur Mitarbeitende mit Schlüssel).",
        ),
    ],
    title: Annotated[
        str | None,
        typer.Option("--title", "-t", help="Titel (Standard: erste Überschrift oder Dateiname)."),
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", "-k", help="'sachstandsbericht' oder 'sonstiges'.")
    ] = "sonstiges",
) -> None:
    """Dokumente aufnehmen: Text auslesen, in Abschnitte teilen, mit Projekten verknüpfen."""
    from corpus.documents.models import VISIBILITY_LABELS
    from katalog.errors import KatalogError
    from katalog.settings import get_settings

    if title and len(paths) > 1:
        err_console.print(
            "[bold red]Fehler:[/] --title gilt für genau eine Datei. Bei mehreren Dateien "
            "bitte einzeln aufnehmen oder den Titel weglassen (dann gilt die erste Überschrift)."
        )
        raise typer.Exit(code=2)
    with german_errors():
        store = _store()
    failed = 0
    for path in paths:
        try:
            doc, created = store.ingest(path, title, date, kind, visibility)
        except KatalogError as exc:
            failed += 1
            err_console.print(f"[bold red]Fehler:[/] {exc.message}")
            continue
        what = "Aufgenommen" if created else "Schon vorhanden (unverändert)"
        console.print(
            f"[green]{what}:[/] {doc.id} „{doc.title}“ ({doc.date}, "
            f"{VISIBILITY_LABELS[doc.visibility]}) – {doc.chunk_count} Abschnitte, "
            f"Projekte: {_labels(doc.project_ids)}"
        )
    if failed < len(paths):
        sync_search_index(get_settings(), store=store)
    if failed:
        raise typer.Exit(code=2)


def documents(
    as_json: Annotated[bool, typer.Option("--json", help="Als JSON ausgeben.")] = False,
) -> None:
    """Alle aufgenommenen Dokumente, das neueste zuerst."""
    from rich.table import Table

    from corpus.documents.models import KIND_LABELS, VISIBILITY_LABELS

    with german_errors():
        docs = _store().list()
    if as_json:
        print_json([d.to_dict() for d in docs])
        return
    if not docs:
        console.print("Noch keine Dokumente aufgenommen. Aufnehmen mit `katalog ingest DATEI`.")
        return
    table = Table(title=f"Dokumente – {len(docs)}")
    for column in ("Kennung", "Titel", "Datum", "Art", "Sichtbarkeit", "Projekte", "Datei"):
        table.add_column(column, overflow="fold")
    for d in docs:
        table.add_row(
            d.id,
            d.title,
            d.date,
            KIND_LABELS[d.kind],
            VISIBILITY_LABELS[d.visibility],
            _labels(d.project_ids),
            d.filename,
        )
    console.print(table)


def remove(
    doc_id: Annotated[str, typer.Argument(help="Kennung des Dokuments, z. B. doc-3f2a9c1b.")],
) -> None:
    """Ein Dokument entfernen (Original, Text, Abschnitte und seine Einträge im Suchindex)."""
    from katalog.settings import get_settings

    with german_errors():
        store = _store()
        doc = store.remove(doc_id.strip())
    console.print(f"[green]Entfernt:[/] {doc.id} „{doc.title}“ ({doc.date})")
    sync_search_index(get_settings(), store=store)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("documents")(documents)
    app.command("remove")(remove)

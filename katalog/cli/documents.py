"""`katalog ingest`, `katalog documents` (with `--check` / `--repair`), `katalog remove`:
Sachstandsberichte and other documents. Ingest runs the same steps as the service's jobs
(``index.ingest``), inline, with a progress bar on stderr."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from katalog.cli.common import console, err_console, german_errors, print_json

STAGES = {
    "extract": "Text auslesen",
    "store": "Speichern",
    "embed": "Abschnitte einbetten",
    "chroma": "Vektoren ablegen",
    "snapshot": "Suchindex schreiben",
    "state": "Freigeben",
    "cleanup": "Aufräumen",
    "commit": "Abschließen",
}
NO_INDEX = (
    "Hinweis: Der Suchindex wurde noch nicht erstellt. Die Dokumente sind gespeichert "
    "und werden mit `katalog index` in die Suche aufgenommen."
)


def _store():
    from corpus.documents.store import DocumentStore
    from corpus.parser import load_catalogue
    from katalog.settings import get_settings

    settings = get_settings()
    return DocumentStore.from_settings(settings, load_catalogue(settings.catalogue_path))


def sync_search_index(settings, catalogue=None, store=None) -> None:
    """Bring the documents in the search index in line with the store (also run by
    `katalog index`). Skipped with a note while the catalogue index was never built: the
    documents stay stored, and `katalog index` takes them in later."""
    from corpus.documents.store import DocumentStore
    from index.documents import catalogue_index_built, sync_documents
    from katalog.errors import KatalogError

    if not catalogue_index_built(settings):
        err_console.print(NO_INDEX)
        return
    store = store or DocumentStore.from_settings(settings, catalogue)
    try:
        report = sync_documents(settings, store)
    except KatalogError as exc:
        err_console.print(
            f"[bold red]Fehler:[/] {exc.message} Die Dokumente sind gespeichert; "
            "`katalog index` nimmt sie in die Suche auf, sobald der Fehler behoben ist."
        )
        raise typer.Exit(code=2) from None
    if report.changed or any(report.documents):
        _print_sync(report.documents, sum(report.chunks), report.embedded, report.removed)


def _print_sync(documents: tuple[int, int], chunks: int, embedded: int, removed: int) -> None:
    public, internal = documents
    console.print(
        f"Suchindex aktualisiert: {public} öffentliche, {internal} interne Dokumente "
        f"({chunks} Abschnitte; {embedded} neu berechnet, {removed} entfernt)."
    )


def _labels(project_ids: tuple[str, ...]) -> str:
    return ", ".join(pid.replace("-", " ") for pid in project_ids) or "–"


def _read(path: Path, max_bytes: int) -> bytes:
    from katalog.errors import DocumentError

    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(
                f"Die Datei '{path.name}' ist mit {size / 1_048_576:.1f} MB zu groß (höchstens "
                f"{max_bytes / 1_048_576:.0f} MB). Bitte eine kleinere Fassung hochladen."
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(f"Die Datei '{path}' gibt es nicht. Bitte den Pfad prüfen.") from None
    except IsADirectoryError:
        raise DocumentError(
            f"'{path}' ist ein Ordner. Bitte die einzelnen Dateien angeben."
        ) from None


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
    """Dokumente aufnehmen: Text auslesen, in Abschnitte teilen, mit Projekten verknüpfen,
    in die Suche aufnehmen. Ein Dokument ist erst sichtbar, wenn alles fertig ist."""
    from corpus.documents.models import VISIBILITY_LABELS
    from index.ingest import ingest_document
    from katalog.errors import KatalogError
    from katalog.settings import get_settings

    if title and len(paths) > 1:
        err_console.print(
            "[bold red]Fehler:[/] --title gilt für genau eine Datei. Bei mehreren Dateien "
            "bitte einzeln aufnehmen oder den Titel weglassen (dann gilt die erste Überschrift)."
        )
        raise typer.Exit(code=2)
    settings = get_settings()
    with german_errors():
        store = _store()
    failed, embedded, removed, last, unindexed = 0, 0, 0, None, False
    for path in paths:
        try:
            data = _read(path, store.max_bytes)
            with ProgressBar(path.name) as progress:
                result = ingest_document(
                    settings, store, data, path.name, title, date, kind, visibility,
                    progress=progress,
                )  # fmt: skip
        except KatalogError as exc:
            failed += 1
            err_console.print(f"[bold red]Fehler:[/] {exc.message}")
            continue
        doc = result.document
        what = "Aufgenommen" if result.created else "Schon vorhanden (unverändert)"
        console.print(
            f"[green]{what}:[/] {doc.id} „{doc.title}“ ({doc.date}, "
            f"{VISIBILITY_LABELS[doc.visibility]}) – {doc.chunk_count} Abschnitte, "
            f"Projekte: {_labels(doc.project_ids)}"
        )
        unindexed |= not result.indexed
        if result.report is not None:
            embedded += result.report.embedded
            removed += result.report.removed
            last = result.report
    if unindexed:
        err_console.print(NO_INDEX)
    elif last is not None:
        _print_sync(last.documents, sum(last.chunks), embedded, removed)
    if failed:
        raise typer.Exit(code=2)


class ProgressBar:
    """A progress bar on stderr for one file's stages (nothing when stderr is no terminal)."""

    def __init__(self, name: str) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.name = name
        self.bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
        )
        self.task = self.bar.add_task(f"{name}: {STAGES['extract']}", total=1)

    def __enter__(self):
        self.bar.start()
        return self.update

    def __exit__(self, *exc) -> None:
        self.bar.stop()

    def update(self, stage: str, done: int, total: int) -> None:
        label = f"{self.name}: {STAGES.get(stage, stage)}"
        self.bar.update(self.task, description=label, total=max(total, 1), completed=done)


def documents(
    as_json: Annotated[bool, typer.Option("--json", help="Als JSON ausgeben.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Prüfen, ob Speicher und Suchindex übereinstimmen.")
    ] = False,
    repair: Annotated[
        bool, typer.Option("--repair", help="Abweichungen beheben (wie bei jedem Dienststart).")
    ] = False,
) -> None:
    """Alle aufgenommenen Dokumente, das neueste zuerst; `--check` prüft, `--repair` behebt."""
    if check or repair:
        _consistency(repair)
        return
    from rich.table import Table

    from corpus.documents.models import KIND_LABELS, VISIBILITY_LABELS
    from index.ingest import shown_ids
    from katalog.settings import get_settings

    with german_errors():
        docs = _store().list()
        shown = shown_ids(get_settings())
    if as_json:
        print_json([{**d.to_dict(), "indexed": d.id in shown} for d in docs])
        return
    if not docs:
        console.print("Noch keine Dokumente aufgenommen. Aufnehmen mit `katalog ingest DATEI`.")
        return
    table = Table(title=f"Dokumente – {len(docs)}")
    columns = ("Kennung", "Titel", "Datum", "Art", "Sichtbarkeit", "Projekte", "Datei", "Suche")
    for column in columns:
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
            "ja" if d.id in shown else "noch nicht",
        )
    console.print(table)


def _consistency(fix: bool) -> None:
    from index.consistency import check, repair
    from katalog.settings import get_settings

    settings = get_settings()
    with german_errors():
        store = _store()
        report = repair(settings, store) if fix else check(settings, store)
    public, internal = report.shown
    console.print(
        f"Dokumente: {report.stored} gespeichert, {public + internal} im Suchindex "
        f"({public} öffentlich, {internal} intern)."
    )
    for action in report.actions:
        console.print(f"[green]Behoben:[/] {action}")
    for finding in report.findings:
        console.print(f"– {finding.message}")
    if report.consistent:
        console.print("[green]Ergebnis: Speicher und Suchindex stimmen überein.[/]")
        return
    hint = "" if fix else " `katalog documents --repair` behebt das."
    console.print(f"[bold red]Ergebnis: Speicher und Suchindex stimmen nicht überein.[/]{hint}")
    raise typer.Exit(code=1)


def remove(
    doc_id: Annotated[str, typer.Argument(help="Kennung des Dokuments, z. B. doc-3f2a9c1b.")],
) -> None:
    """Ein Dokument entfernen (Original, Text, Abschnitte und seine Einträge im Suchindex)."""
    from index.ingest import remove_document
    from katalog.settings import get_settings

    settings = get_settings()
    with german_errors():
        doc, report = remove_document(settings, _store(), doc_id.strip())
    console.print(f"[green]Entfernt:[/] {doc.id} „{doc.title}“ ({doc.date})")
    if report is None:
        err_console.print(NO_INDEX)
    else:
        _print_sync(report.documents, sum(report.chunks), report.embedded, report.removed)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("documents")(documents)
    app.command("remove")(remove)

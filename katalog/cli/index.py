"""`katalog index` (build or update the search index) and `katalog search` (ranked projects)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from katalog.cli.common import console, german_errors, print_json

STAGES = {
    "embed": "Abschnitte einbetten",
    "units": "Belegstellen einbetten",
    "asked": "Beispielfragen einbetten",
    "bm25": "Stichwortindex und Kalibrierung",
}


def index(
    catalogue: Annotated[
        Path | None,
        typer.Option(
            "--catalogue", "-c", help="Katalog als Text- oder PDF-Datei (Standard: mitgeliefert)."
        ),
    ] = None,
) -> None:
    """Den Suchindex erstellen oder aktualisieren (nur Geändertes wird neu eingebettet)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from corpus.parser import load_catalogue
    from index.store import build_index
    from katalog.cli.documents import sync_search_index
    from katalog.settings import get_settings

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    settings = get_settings()
    with german_errors():
        cat = load_catalogue(catalogue or settings.catalogue_path)
        columns = (
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=False) as bar:
            tasks: dict[str, int] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=max(total, 1))
                bar.update(tasks[stage], completed=done if total else 1)

            report = build_index(settings, cat, progress=progress)
    where = settings.chroma_url or settings.index_dir
    console.print(
        f"Suchindex aktuell ({where}, Modell {report.embedding}): {report.nodes_total} Abschnitte, "
        f"{report.embedded} neu eingebettet, {report.unchanged} unverändert, "
        f"{report.removed} entfernt, {report.units_embedded} Belegstellen und "
        f"{report.asked_embedded} Beispielfragen neu eingebettet, "
        f"{report.reused + report.units_reused} unveränderte Texte übernommen – "
        f"{report.seconds:.1f} s."
    )
    if report.projects_changed:
        console.print("Neu oder geändert: " + ", ".join(report.projects_changed))
    if report.projects_removed:
        console.print("Entfernt: " + ", ".join(report.projects_removed))
    sync_search_index(settings, cat)  # documents ingested before the index existed, too
    # The intent examples' vectors are cached beside the index now, so a start stays quick.
    from assistant.service import build_assistant

    with german_errors():
        build_assistant(settings).intents.warm_up()


def search(
    question: Annotated[str, typer.Argument(help="Die Frage, z. B. 'Wer macht Handyparken?'")],
    k: Annotated[int, typer.Option("--k", "-k", min=1, max=50, help="Anzahl der Treffer.")] = 5,
    sections: Annotated[
        bool, typer.Option("--sections", help="Allgemeine Kapitel statt Projekte durchsuchen.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Treffer als JSON ausgeben.")] = False,
) -> None:
    """Die passendsten Projekte zu einer Frage, mit Punktzahl und belegenden Abschnitten."""
    from rich.table import Table

    from index.store import open_index
    from katalog.settings import get_settings

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    with german_errors():
        idx = open_index(get_settings())
        hits = idx.search_sections(question, k=k) if sections else idx.search(question, k=k)
    if as_json:
        print_json({"projects": [hit.to_dict() for hit in hits]})
        return
    if not hits:
        console.print("Keine passenden Projekte gefunden.")
        return
    table = Table(title=f"Treffer für: {question}", show_lines=True)
    for column in ("Rang", "Projekt", "Punkte", "Belege"):
        table.add_column(column, overflow="fold")
    for rank, hit in enumerate(hits, start=1):
        evidence = "\n".join(
            f"[dim]{node.field}[/] {node.text[:160]}{'…' if len(node.text) > 160 else ''}"
            for node in hit.nodes
        )
        table.add_row(str(rank), hit.id.replace("-", " "), f"{hit.score:.2f}", evidence)
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("index")(index)
    app.command("search")(search)

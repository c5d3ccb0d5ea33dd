"""`katalog eval FILE`: score the assistant's answers (or, with --retrieval, the ranking)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from katalog.cli.common import console, err_console, german_errors, print_json

SUMMARY = (
    "strict_accuracy",
    "citation_precision",
    "citation_recall",
    "fact_recall",
    "abstain_recall",
    "false_abstain_rate",
    "hit@1",
    "hit@3",
    "hit@5",
    "mrr",
    "p50_ms",
    "p95_ms",
)
ANSWER_KEYS = (*SUMMARY, "n", "by_type", "by_audience", "misses")


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _print_table(scores: dict[str, Any]) -> None:
    from rich.table import Table

    audiences = scores.get("by_audience") or {}
    overall = Table(title=f"Auswertung – {scores.get('n', 0)} Fragen")
    overall.add_column("Kennzahl")
    overall.add_column("gesamt", justify="right")
    for name in audiences:
        overall.add_column(name, justify="right")
    for key in (k for k in SUMMARY if k in scores):
        overall.add_row(key, _fmt(scores.get(key)), *(_fmt(a.get(key)) for a in audiences.values()))
    console.print(overall)
    types = scores.get("by_type") or {}
    if types:
        keys = [
            k
            for k in ("strict_accuracy", "citation_precision", "fact_recall", "hit@1", "p95_ms")
            if k in scores
        ]
        table = Table(title="Nach Fragetyp")
        table.add_column("Typ")
        table.add_column("n", justify="right")
        for key in keys:
            table.add_column(key, justify="right")
        for name, values in types.items():
            table.add_row(name, str(values.get("n", 0)), *(_fmt(values.get(k)) for k in keys))
        console.print(table)
    misses = scores.get("misses") or []
    if misses:
        console.print(f"\n[bold]Fehlschläge ({len(misses)})[/]")
        for miss in misses:
            reasons = "; ".join(miss.get("reasons") or []) or f"Rang {miss.get('rank')}"
            console.print(f"  {miss['id']}: {miss['question']} – {reasons}", highlight=False)


def _retrieval(path: Path, settings: Any) -> dict[str, Any] | None:
    try:
        from evals import retrieval
    except ImportError:
        return None
    runner = getattr(retrieval, "run_retrieval", None) or getattr(
        retrieval, "run_retrieval_eval", None
    )
    if runner is None:
        return None
    return runner(path, settings=settings)


def evaluate(
    file: Annotated[
        Path, typer.Argument(help="Fragen als JSONL (Format aus evals/questions.jsonl).")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Die Kennzahlen als JSON ausgeben.")
    ] = False,
    html: Annotated[
        Path | None, typer.Option("--html", help="Zusätzlich einen HTML-Bericht schreiben.")
    ] = None,
    retrieval: Annotated[
        bool, typer.Option("--retrieval", help="Nur die Suche bewerten (hit@k, MRR).")
    ] = False,
) -> None:
    """Den Assistenten mit einer Fragendatei auswerten (Genauigkeit, Zitate, Enthaltung, Latenz)."""
    from katalog.settings import get_settings

    settings = get_settings()
    with german_errors():
        if retrieval:
            scores = _retrieval(file, settings)
            if scores is None:
                err_console.print(
                    "[yellow]Die Auswertung der Suche (evals/retrieval.py) ist noch nicht "
                    "verfügbar.[/]"
                )
                raise typer.Exit(code=2)
        else:
            from evals.answers import run_answers

            scores = run_answers(file, settings=settings)
            scores = {k: scores[k] for k in ANSWER_KEYS if k in scores}
    if html:
        from evals.report import write_html_report

        title = "Auswertung der Suche" if retrieval else "Auswertung der Antworten"
        written = write_html_report(scores, html, title=title)
        err_console.print(f"HTML-Bericht: {written}")
    if as_json:
        print_json(scores)
        return
    if retrieval:
        from evals import retrieval as retrieval_evals

        report = getattr(retrieval_evals, "print_retrieval_report", None)
        if report:
            report(scores, console)
            return
    _print_table(scores)


def register(app: typer.Typer) -> None:
    app.command("eval")(evaluate)

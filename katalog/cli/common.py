"""Helpers shared by the command groups: one console, one way to report domain errors."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console

console = Console()
err_console = Console(stderr=True)


@contextmanager
def german_errors() -> Iterator[None]:
    """Turn domain errors into a German message on stderr and exit code 2 (no traceback)."""
    from katalog.errors import KatalogError

    try:
        yield
    except KatalogError as exc:
        err_console.print(f"[bold red]Fehler:[/] {exc.message}")
        raise typer.Exit(code=2) from None


def print_json(data: Any) -> None:
    """JSON for machines: plain stdout, UTF-8, no rich markup."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def command(app: typer.Typer, name: str, **kwargs: Any) -> Callable:
    return app.command(name, **kwargs)

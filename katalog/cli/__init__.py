"""The ``katalog`` command line. Each command group lives in its own module and registers
itself on the shared Typer app; heavy imports stay inside the commands so ``--help`` is instant.
"""

from __future__ import annotations

import typer

from katalog.cli import ask as ask_cli
from katalog.cli import catalogue
from katalog.cli import documents as documents_cli
from katalog.cli import evaluate as evaluate_cli
from katalog.cli import index as index_cli
from katalog.cli import serve as serve_cli

app = typer.Typer(
    name="katalog",
    help="Assistent zum Maßnahmenkatalog Digitalisierung der Stadt Kleve (kleve.digital 2030).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

for module in (catalogue, documents_cli, serve_cli, ask_cli, evaluate_cli, index_cli):
    module.register(app)


def main() -> None:
    app()

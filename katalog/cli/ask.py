"""`katalog ask "frage"`: one answer with its citations (or the Answer object as JSON)."""

from __future__ import annotations

from typing import Annotated

import typer

from katalog.cli.common import console, german_errors, print_json


def ask(
    question: Annotated[
        str, typer.Argument(help="Die Frage, z. B. 'Wer ist für E-Payment zuständig?'")
    ],
    audience: Annotated[
        str,
        typer.Option(
            "--audience", "-a", help="Zielgruppe: 'citizen' (Bürger*innen) oder 'employee'."
        ),
    ] = "citizen",
    as_json: Annotated[bool, typer.Option("--json", help="Die Antwort als JSON ausgeben.")] = False,
) -> None:
    """Eine Frage zum Maßnahmenkatalog beantworten, mit Quellenangaben."""
    from katalog.errors import InvalidQuestionError

    if audience not in ("citizen", "employee"):
        with german_errors():
            raise InvalidQuestionError(
                f"Unbekannte Zielgruppe '{audience}'. Erlaubt sind 'citizen' und 'employee'."
            )
    with german_errors():
        from assistant.service import build_assistant
        from katalog.settings import get_settings

        assistant = build_assistant(get_settings())
        answer = assistant.ask(question, audience=audience, session_id=None)  # type: ignore[arg-type]
    if as_json:
        print_json(answer.model_dump())
        return
    console.print(answer.answer, highlight=False)
    if answer.citations:
        console.print("\n[bold]Quellen[/]")
        for c in answer.citations:
            console.print(f"  [bold]{c.label}[/] {c.title} ({c.url})", highlight=False)
            console.print(f"    „{c.quote}“", style="dim", highlight=False)
    if answer.abstained:
        console.print("\n[yellow]Der Maßnahmenkatalog beantwortet diese Frage nicht.[/]")


def register(app: typer.Typer) -> None:
    app.command("ask")(ask)

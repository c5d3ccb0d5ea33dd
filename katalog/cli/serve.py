"""`katalog serve`: build the index if it is missing, then run the HTTP service."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from katalog.cli.common import console, german_errors


def index_present(settings) -> bool:
    """A persisted index exists (layout per index/store.py: ``chroma/`` and ``bm25/`` under
    ``settings.index_dir``; with a Chroma server only ``bm25/`` is local)."""
    bm25 = settings.index_dir / "bm25"
    return bm25.is_dir() and any(bm25.iterdir())


def ensure_index(settings) -> None:
    """Run `katalog index` when the index is missing (it only embeds what is new)."""
    if index_present(settings):
        return
    from katalog.cli.index import index

    console.print(f"Suchindex fehlt unter {settings.index_dir} – wird jetzt erstellt …")
    index(catalogue=None)


def serve(
    host: Annotated[
        str | None, typer.Option(help="Adresse (Standard: KATALOG_HOST oder 127.0.0.1).")
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port (Standard: KATALOG_PORT oder 8000).")
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Anzahl der Prozesse (Standard: KATALOG_WORKERS oder 1).")
    ] = None,
    build: Annotated[
        bool, typer.Option("--build/--no-build", help="Fehlenden Suchindex vorher erstellen.")
    ] = True,
) -> None:
    """Den Dienst starten: API, Widget und Demo-Seite unter http://HOST:PORT/."""
    import uvicorn

    from katalog.settings import get_settings

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    settings = get_settings()
    if build:
        with german_errors():
            ensure_index(settings)
    host = host or settings.host
    port = port or settings.port
    console.print(f"Katalog-Assistent läuft auf http://{host}:{port}/ (Strg+C beendet).")
    uvicorn.run(
        "api.main:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers or settings.workers,
        access_log=False,  # uvicorn's access log would record client addresses
        # X-Forwarded-For is read by the app from KATALOG_TRUSTED_PROXIES only (api/ratelimit.py)
        proxy_headers=False,
        log_level="warning",
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)

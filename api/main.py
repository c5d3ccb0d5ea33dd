"""Entry point for uvicorn: ``uvicorn --factory api.main:app_from_env``."""

from __future__ import annotations

from fastapi import FastAPI

from api.app import create_app
from api.logs import configure_logging
from katalog.settings import Settings


def app_from_env() -> FastAPI:
    configure_logging()
    return create_app(Settings())

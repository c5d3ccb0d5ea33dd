"""The answer the assistant gives: German text plus one citation per project it used."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Audience = Literal["citizen", "employee"]
INTENTS = (
    "zustaendigkeit",
    "zeitraum",
    "massnahmen",
    "beschreibung",
    "liste",
    "vergleich",
    "struktur",
    "unbeantwortbar",
)


class Citation(BaseModel):
    """A project the answer used, with the catalogue sentence(s) the answer rests on."""

    model_config = ConfigDict(frozen=True)

    id: str  # "DS-1.8"
    label: str  # "DS 1.8"
    title: str  # "E-Payment"
    quote: str  # the source sentence(s) used
    url: str  # "/projekte/DS-1.8"


class Answer(BaseModel):
    model_config = ConfigDict(frozen=True)

    answer: str
    citations: list[Citation]
    abstained: bool
    intent: str
    session_id: str

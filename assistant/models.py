"""The answer the assistant gives: German text plus one citation per project it used."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, model_serializer

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
    "stand",
)


class Citation(BaseModel):
    """A project the answer used, with the catalogue sentence(s) the answer rests on.

    ``kind="dokument"`` cites an ingested document instead (a Sachstandsbericht): id = doc id,
    label = title = the document's title, url = "/dokumente/<id>#c-<chunk position>", plus its
    date and page or section. A project citation serialises without those four fields, exactly
    as before they existed.
    """

    model_config = ConfigDict(frozen=True)

    id: str  # "DS-1.8"
    label: str  # "DS 1.8"
    title: str  # "E-Payment"
    quote: str  # the source sentence(s) used
    url: str  # "/projekte/DS-1.8"
    kind: Literal["projekt", "dokument"] = "projekt"
    date: str | None = None  # ISO date of a document
    page: int | None = None  # 1-based page of a PDF
    section: str | None = None  # heading path inside a document

    @model_serializer(mode="wrap")
    def _compact(self, handler):
        data = handler(self)
        if self.kind == "projekt":
            for key in ("kind", "date", "page", "section"):
                data.pop(key, None)
        return data


class Answer(BaseModel):
    model_config = ConfigDict(frozen=True)

    answer: str
    citations: list[Citation]
    abstained: bool
    intent: str
    session_id: str

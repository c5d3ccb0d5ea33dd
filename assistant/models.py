"""The answer the assistant gives: German text plus one citation per project it used."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_serializer

Audience = Literal["citizen", "employee"]


class Intent(StrEnum):
    """What a question asks for; the frame of its answer."""

    ZUSTAENDIGKEIT = "zustaendigkeit"
    ZEITRAUM = "zeitraum"
    MASSNAHMEN = "massnahmen"
    BESCHREIBUNG = "beschreibung"
    LISTE = "liste"
    VERGLEICH = "vergleich"
    STRUKTUR = "struktur"
    UNBEANTWORTBAR = "unbeantwortbar"
    STAND = "stand"
    AENDERUNG = "aenderung"  # what changed between editions (assistant.changes)


class Reason(StrEnum):
    """Why the catalogue cannot answer a question (the assistant then declines)."""

    KOSTEN = "kosten"
    PERSON = "person"
    KONTAKT = "kontakt"
    OEFFNUNGSZEITEN = "oeffnungszeiten"
    ANBIETER = "anbieter"
    ZUGANG = "zugang"
    DATENSCHUTZ = "datenschutz"
    TECHNIK = "technik"
    PRAEMISSE = "praemisse"  # the record contradicts what the question takes for granted
    BEWERTUNG = "bewertung"
    ZUKUNFT = "zukunft"
    TERMIN = "termin"
    ORT = "ort"
    ZAHL = "zahl"
    STAND = "stand"  # progress to date: only a report can say
    VERFAHREN = "verfahren"  # a procedure the record does not describe
    UNBEKANNT = "unbekannt"  # a thing, product or detail no chosen record names
    ZU_SCHWACH = "zu_schwach"  # nothing in the catalogue is close enough to the question


INTENTS = tuple(i.value for i in Intent)


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


class Link(BaseModel):
    """A page that shows more than the answer can say ("Im Zeitstrahl ansehen")."""

    model_config = ConfigDict(frozen=True)

    label: str
    url: str  # "/zeitstrahl?projekt=DS-1.8"


class Answer(BaseModel):
    model_config = ConfigDict(frozen=True)

    answer: str
    citations: list[Citation]
    abstained: bool
    intent: str
    session_id: str
    links: list[Link] = []

"""Request and response bodies of the HTTP API (they mirror the assistant's ``Answer``)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints

# Trimmed, then 1–500 characters; the pattern tells the schema that blanks alone are not text.
Question = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500, pattern=r"\S")
]
SessionId = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100, pattern=r"\S")
]


class AskRequest(BaseModel):
    question: Question = Field(description="Die Frage, 1–500 Zeichen nach dem Trimmen.")
    audience: Literal["citizen", "employee"] = Field(
        "citizen", description="'employee' braucht einen API-Schlüssel (X-API-Key)."
    )
    session_id: SessionId | None = Field(None, description="Für Nachfragen in derselben Sitzung.")


class CitationOut(BaseModel):
    id: str = Field(examples=["DS-1.8"])
    label: str = Field(examples=["DS 1.8"])
    title: str = Field(examples=["E-Payment"])
    quote: str
    url: str = Field(examples=["/projekte/DS-1.8"])
    # A cited document (a Sachstandsbericht) has kind "dokument", its date and page or section;
    # its id is the document id and its url "/dokumente/<id>#c-<chunk>".
    kind: Literal["projekt", "dokument"] = "projekt"
    date: str | None = Field(None, examples=["2024-03-12"])
    page: int | None = None
    section: str | None = None


class LinkOut(BaseModel):
    label: str = Field(examples=["Im Zeitstrahl ansehen"])
    url: str = Field(examples=["/zeitstrahl?projekt=DS-1.8"])


class AskResponse(BaseModel):
    answer: str
    citations: list[CitationOut]
    abstained: bool
    intent: str
    session_id: str
    took_ms: int
    # Pages that show more than the answer: the Zeitstrahl for a question about time.
    links: list[LinkOut] = []


class FeedbackRequest(BaseModel):
    session_id: SessionId
    question: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
    answer: Annotated[str, StringConstraints(max_length=5000)]
    helpful: StrictBool
    comment: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)] | None = None


class FeedbackResponse(BaseModel):
    stored: bool
    request_id: str


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorDetail
    request_id: str


class PeriodOut(BaseModel):
    label: str
    start: int | None
    end: int | None
    text: str


class SourceOut(BaseModel):
    document: str
    line_start: int
    line_end: int


class DocumentRef(BaseModel):
    """A public report linked to a project."""

    id: str = Field(examples=["doc-3f2a9c1b"])
    title: str
    date: str = Field(examples=["2024-03-12"])
    kind: str = Field(examples=["sachstandsbericht"])
    url: str = Field(examples=["/dokumente/doc-3f2a9c1b"])


class DocumentOut(BaseModel):
    id: str = Field(examples=["doc-3f2a9c1b"])
    title: str
    date: str = Field(examples=["2024-03-12"])
    kind: str = Field(examples=["sachstandsbericht"])
    visibility: str = Field(examples=["public"])
    filename: str
    media_type: str
    size: int
    chunk_count: int
    project_ids: list[str] = Field(examples=[["DV-2.1", "DS-1.8"]])
    ingested_at: str
    url: str = Field(examples=["/dokumente/doc-3f2a9c1b"])


class DocumentList(BaseModel):
    count: int
    documents: list[DocumentOut]


def document_out(doc: Any) -> dict[str, Any]:
    """A ``corpus.documents.models.Document`` as the API shows it."""
    return {**doc.to_dict(), "url": f"/dokumente/{doc.id}"}


class ProjectOut(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    label: str
    number: str
    title: str
    smart_city_field: str | None
    impact_area: str
    action_field: str
    action_field_no: int
    description: str
    periods: list[PeriodOut]
    measures: list[str]
    responsible_text: str
    responsible: list[str]
    source: SourceOut
    reports: list[DocumentRef] = Field(
        default_factory=list, description="Öffentliche Berichte zum Projekt, neueste zuerst."
    )


class ProjectList(BaseModel):
    count: int
    projects: list[ProjectOut]


class Status(BaseModel):
    status: str


class WidgetConfig(BaseModel):
    origin: str | None = Field(
        description="Der Origin-Header der Anfrage: die Herkunft der einbettenden Seite."
    )
    allowed: bool = Field(
        description="Ob KATALOG_CORS_ORIGINS diese Herkunft zulässt (ohne Origin: true)."
    )


class TimelinePhaseOut(BaseModel):
    label: str = Field(examples=["Umsetzung"])
    start: int | None = Field(examples=[2020])
    end: int | None = Field(examples=[2021])
    open_end: bool = Field(description="Läuft danach weiter (Betreuung, Daueraufgabe, bis 2030).")
    text: str = Field(examples=["Umsetzung: 2020 bis 2021. Danach ggfs. laufende Betreuung …"])


class TimelineProjectOut(BaseModel):
    id: str = Field(examples=["DS-1.8"])
    label: str = Field(examples=["DS 1.8"])
    title: str = Field(examples=["E-Payment"])
    area: str = Field(examples=["DS"])
    action_field: str = Field(examples=["E-Government"])
    responsible: list[str]
    phases: list[TimelinePhaseOut]


class EditionOut(BaseModel):
    number: int = Field(examples=[3])
    name: str = Field(examples=["3. Fortschreibung"])
    projects: int = Field(examples=[45], description="Nummerierte Abschnitte der Ausgabe.")
    source: str = Field(examples=["massnahmenkatalog-3-fortschreibung.txt"])


class RenumberedOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: str = Field(alias="from", examples=["DV-2.10"])
    to: str = Field(examples=["DV-2.9"])


class ChangeOut(BaseModel):
    id: str = Field(examples=["DV-2.3"], description="Die Nummer in der neueren Ausgabe.")
    fields: list[Literal["title", "description", "periods", "measures", "responsible"]]
    before: dict[str, Any] = Field(description="Die alten Werte der geänderten Felder.")
    after: dict[str, Any] = Field(description="Die neuen Werte der geänderten Felder.")


class DiffOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: int = Field(alias="from", examples=[2])
    to: int = Field(examples=[3])
    added: list[str] = Field(examples=[["DV-3.9"]])
    removed: list[str]
    renumbered: list[RenumberedOut]
    changed: list[ChangeOut]


def errors(*codes: int) -> dict[int | str, dict]:
    """OpenAPI ``responses`` entries for the error statuses a route may return."""
    return {code: {"model": ErrorResponse} for code in codes}

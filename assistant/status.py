"""Answers about progress ("Wie ist der Stand beim DMS?") from ingested status reports.

The catalogue is a plan; progress is reported in between (Sachstandsberichte to the APD). A
status answer quotes the newest document linked to the project (the chunk of it that fits the
question best), names its title and date, cites it and the project, and lists older reports on
the project by date. Without a report it says so and states the catalogue's periods.

Everything here works on one ``DocumentView`` (``index.doc_search``), taken per answer for the
asker's audience: a citizen's view holds no internal document, so nothing here can quote one.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.compose import cite, governed, join_de, periods_text
from assistant.models import Audience, Citation
from assistant.text import fre, sentences
from corpus.models import Project

# Progress cues beyond the abstention pattern "stand" (``lexicon.UNANSWERABLE``), which
# already covers "wie ist der Stand", "Sachstand bei", "schon … eingeführt/fertig". Progress
# that someone reports or is told about ("über den Stand … auf dem Laufenden gehalten", "wo
# wird über den Fortschritt berichtet?") is what a question is about, not what it asks.
STATUS_CUE = fre(
    r"(?<!uber den )(?<!uber die )(?:\bsachstand\w*|\bfortschritt\w*"
    r"|\bstand (der|des|beim|bei|von|vom|zu|zum|zur)\b)"
    r"|\bwie weit\b|\bstatus\b|\bumsetzungsstand\w*"
    r"|\b(schon|bereits) (fertig|umgesetzt|abgeschlossen|eingefuhrt|in betrieb|im einsatz)\b"
    r"|\blauft (es |das )?(schon|bereits)\b"
)
QUOTE_CHARS = 320
MAX_OLDER = 4

Composed = tuple[str, list[Citation], bool, str, list[Project]]


def asks_status(folded: str, unanswerable: str | None = None) -> bool:
    """Whether a question (folded text; best its asking clause, ``main_clause``) asks how far
    a project has come."""
    return unanswerable == "stand" or (not unanswerable and bool(STATUS_CUE.search(folded)))


def date_de(iso: str) -> str:
    """ "2024-03-12" -> "12.03.2024" (other text is returned unchanged)."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    return f"{m.group(3)}.{m.group(2)}.{m.group(1)}" if m else iso


def shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    """Whole sentences up to ``limit`` characters; a cut sentence ends with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if end >= limit // 3:
        return cut[: end + 1]
    return cut.rsplit(" ", 1)[0].rstrip(",;:") + " …"


def document_citation(doc: Any, hit: Any | None, quote: str) -> Citation:
    anchor = f"#c-{_position(hit.chunk_id)}" if hit is not None else ""
    return Citation(
        id=doc.id,
        label=doc.title,
        title=doc.title,
        quote=quote or doc.title,
        url=f"/dokumente/{doc.id}{anchor}",
        kind="dokument",
        date=doc.date,
        page=hit.page if hit is not None else None,
        section=hit.section if hit is not None else None,
    )


def answer_status(
    projects: list[Project], question: str, audience: Audience, view: Any
) -> Composed:
    """The status of up to two projects from ``view``'s reports (see module doc)."""
    parts: list[str] = []
    citations: list[Citation] = []
    for p in projects[:2]:
        reports = view.reports_for(p.id)
        planned = periods_text(p)
        if not reports:
            about = governed(p, audience, "dem")
            parts.append(f"Zu {about} liegt noch kein Sachstandsbericht vor.")
            if planned:
                parts.append(f"Laut Maßnahmenkatalog: {planned}")
            else:
                parts.append("Einen Zeitraum nennt der Maßnahmenkatalog dafür nicht.")
            citations.append(cite(p, planned))
            continue
        newest, older = reports[0], reports[1:]
        hit = _best_chunk(view, question, p, newest.id)
        quote = shorten(hit.text) if hit is not None else ""
        marker = " (intern)" if newest.visibility == "internal" else ""
        source = f"„{newest.title}“{marker} vom {date_de(newest.date)}"
        if quote:
            parts.append(f"Zu {governed(p, audience, 'dem')} heißt es in {source}: {quote}")
        else:
            parts.append(f"Zu {governed(p, audience, 'dem')} gibt es den Bericht {source}.")
        if older:
            listed = [f"„{d.title}“ ({date_de(d.date)})" for d in older[:MAX_OLDER]]
            parts.append(f"Ältere Berichte zu {p.label}: {join_de(listed)}.")
        if planned:
            parts.append(f"Geplant ist laut Maßnahmenkatalog: {planned}")
        citations.append(document_citation(newest, hit, quote))
        citations.append(cite(p, planned))
    return " ".join(parts), citations, False, "stand", list(projects[:2])


def _best_chunk(view: Any, question: str, p: Project, doc_id: str) -> Any | None:
    """The chunk of ``doc_id`` linked to ``p`` that fits the question best; else the one that
    fits the project's name best."""
    for query in (question, f"{p.label} {p.title}"):
        hits = view.search(query, k=1, project_ids=[p.id], doc_ids=[doc_id])
        if hits:
            return hits[0]
    return None


def _position(chunk_id: str) -> int:
    tail = chunk_id.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


MIN_PASSAGE_SHARE = 0.5


def matching_passage(
    view: Any, question: str, stems: list[str], projects: list[Project], scorer: Any
) -> tuple[str, Citation] | None:
    """The best passage of a document linked to ``projects`` that holds at least half of the
    question's content words (IDF-weighted), as a sentence and its citation; else None."""
    linked = [p.id for p in projects[:2] if view.reports_for(p.id)]
    if not stems or not linked:
        return None  # nothing to rank, and no second query embedding for it
    total = sum(scorer.idf(s) for s in stems) or 1.0
    for hit in view.search(question, k=3, project_ids=linked):
        best, best_score = None, 0.0
        for sentence in sentences(hit.text):
            score = scorer.score(stems, sentence)
            if score > best_score:
                best, best_score = sentence, score
        if best is None or best_score < MIN_PASSAGE_SHARE * total:
            continue
        doc = view.get(hit.doc_id)
        if doc is None:
            continue
        marker = " (intern)" if doc.visibility == "internal" else ""
        quote = shorten(best)
        text = f"Im Dokument „{doc.title}“{marker} vom {date_de(doc.date)} heißt es dazu: {quote}"
        return text, document_citation(doc, hit, quote)
    return None

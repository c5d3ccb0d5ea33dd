"""Store and index in step: what ``katalog documents --check`` reports, what ``--repair`` and
every service start (before ``/ready``) put right.

A document is seen only when the index's state names it, and the store keeps the files of
every document the index names (``corpus/documents/store.py``). What a process killed half-way
can leave behind, and what ``repair`` does about it:

- an ingest cut off (a pending marker nobody holds): finished when the index already shows the
  document, else rolled back;
- a document stored but not indexed (ingested before ``katalog index`` ran, or an index that
  fell behind): indexed, when the catalogue index exists;
- a document indexed but no longer stored (a removal cut off), or stored without all its
  files: taken out of the index;
- an index entry whose attributes differ from the store's, or an unreadable snapshot: indexed
  again;
- leftovers of writes: deleted.

Ingests still at work (their marker is held, in this process or another) are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from index.doc_chroma import catalogue_index_built
from index.doc_snapshot import docs_dir, published_documents
from index.documents import sync_documents, sync_lock

if TYPE_CHECKING:
    from corpus.documents.models import Document
    from corpus.documents.store import DocumentStore
    from index.types import Embedder
    from katalog.settings import Settings

# Kinds of findings that are faults (the others say what is under way or waiting).
FAULTS = ("aborted", "not_indexed", "not_stored", "incomplete", "stale", "damaged", "debris")


@dataclass(frozen=True)
class Finding:
    kind: str  # one of FAULTS, or "running" / "waiting"
    subject: str  # a document id, or what else it is about
    message: str  # German


@dataclass(frozen=True)
class Report:
    stored: int
    shown: tuple[int, int]  # documents the index shows: (public, internal)
    findings: tuple[Finding, ...]
    actions: tuple[str, ...] = ()  # what a repair did, German

    @property
    def consistent(self) -> bool:
        return not any(f.kind in FAULTS for f in self.findings)


def check(settings: Settings, store: DocumentStore) -> Report:
    """Compare the store with what the index shows; changes nothing."""
    stored = {d.id: d for d in store.list()}
    findings: list[Finding] = []
    try:
        shown = published_documents(docs_dir(settings.index_dir))
    except (OSError, ValueError) as exc:
        shown = {}
        findings.append(
            Finding(
                "damaged",
                "Suchindex",
                f"Der Suchindex der Dokumente ist nicht lesbar ({type(exc).__name__}); "
                "er wird aus den gespeicherten Dokumenten neu aufgebaut.",
            )
        )
    built = catalogue_index_built(settings)
    markers = {m.doc_id: m for m in store.pending()}
    for doc_id, marker in markers.items():
        if marker.alive:
            findings.append(Finding("running", doc_id, f"{doc_id}: wird gerade aufgenommen."))
        elif doc_id in stored and doc_id in shown:
            findings.append(_aborted(doc_id, finish=True))
        else:
            findings.append(_aborted(doc_id, finish=False))
    for doc_id, doc in stored.items():
        if doc_id in markers:
            continue
        if not store.complete(doc):
            findings.append(
                Finding(
                    "incomplete",
                    doc_id,
                    f"{doc_id} „{doc.title}“: gespeichert, aber Dateien fehlen; wird entfernt.",
                )
            )
        elif doc_id not in shown:
            findings.append(_not_indexed(doc, built))
        elif shown[doc_id][1] != doc:
            findings.append(
                Finding(
                    "stale",
                    doc_id,
                    f"{doc_id} „{doc.title}“: im Suchindex mit anderen Angaben als gespeichert; "
                    "wird neu aufgenommen.",
                )
            )
    for doc_id, (_, doc) in shown.items():
        if doc_id not in stored and doc_id not in markers:
            findings.append(
                Finding(
                    "not_stored",
                    doc_id,
                    f"{doc_id} „{doc.title}“: im Suchindex, aber nicht (mehr) gespeichert; "
                    "wird aus dem Suchindex entfernt.",
                )
            )
    debris = store.clear_debris(keep=shown, dry_run=True)
    if debris:
        findings.append(
            Finding(
                "debris",
                "Reste",
                f"{len(debris)} Reste abgebrochener Schreibvorgänge ({', '.join(debris[:3])}"
                f"{' …' if len(debris) > 3 else ''}); werden gelöscht.",
            )
        )
    public = sum(1 for partition, _ in shown.values() if partition == "public")
    return Report(len(stored), (public, len(shown) - public), tuple(findings))


def repair(settings: Settings, store: DocumentStore, embedder: Embedder | None = None) -> Report:
    """Put right what ``check`` finds (see the module docstring); returns the check after it,
    with the actions taken."""
    before = check(settings, store)
    if before.consistent:
        return before
    actions: list[str] = []
    with sync_lock(settings):  # no sync of another process publishes meanwhile
        try:
            shown = set(published_documents(docs_dir(settings.index_dir)))
        except (OSError, ValueError):
            shown = set()
        for marker in store.pending():
            if marker.alive:
                continue
            finish = marker.doc_id in shown and store.get(marker.doc_id) is not None
            if store.settle(marker.doc_id, finish):
                done = "abgeschlossen" if finish else "zurückgenommen"
                actions.append(f"{marker.doc_id}: abgebrochene Aufnahme {done}.")
        for doc in store.list():
            if not store.complete(doc) and doc.id not in {m.doc_id for m in store.pending()}:
                store.remove(doc.id, keep_files=True)
                actions.append(f"{doc.id}: unvollständig gespeichert, entfernt.")
        if catalogue_index_built(settings):
            report = sync_documents(settings, store, embedder, hold_lock=False)
            public, internal = report.documents
            actions.append(
                f"Suchindex abgeglichen: {public} öffentliche, {internal} interne Dokumente "
                f"({report.embedded} Abschnitte neu berechnet, {report.removed} entfernt)."
            )
        else:
            cleared = store.clear_debris(keep=shown)
            if cleared:
                actions.append(f"{len(cleared)} Reste gelöscht.")
    return replace(check(settings, store), actions=tuple(actions))


def _aborted(doc_id: str, finish: bool) -> Finding:
    outcome = (
        "sie ist gespeichert und im Suchindex und wird abgeschlossen."
        if finish
        else "sie wird zurückgenommen."
    )
    return Finding("aborted", doc_id, f"{doc_id}: Aufnahme abgebrochen; {outcome}")


def _not_indexed(doc: Document, built: bool) -> Finding:
    if not built:
        return Finding(
            "waiting",
            doc.id,
            f"{doc.id} „{doc.title}“: gespeichert; wird mit `katalog index` in die Suche "
            "aufgenommen (der Suchindex wurde noch nicht erstellt).",
        )
    return Finding(
        "not_indexed",
        doc.id,
        f"{doc.id} „{doc.title}“: gespeichert, aber nicht im Suchindex; wird aufgenommen.",
    )

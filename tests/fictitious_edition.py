"""A fictitious next edition of the catalogue, built from the bundled text for the tests only.

Its title says it is fictitious ("3. Fortschreibung des Maßnahmenkatalogs (fiktiv)"), and it
changes exactly this against the 2. Fortschreibung:

- DV 2.1 Dokumentenmanagementsystem: "Zeitraum Umsetzung: 2020 bis 2024" becomes "… 2026";
- DS 1.8 E-Payment: Fachbereich 32 joins the Zuständigkeit;
- DV 3.9 Künstliche Intelligenz im Bürgerservice (fiktiv) is new;
- DV 2.9 Social Intranet is gone;
- DV 2.10 Digitale Kommunikation (intern) is renumbered DV 2.9, its text unchanged.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from corpus.knowledge import asked_file_path, edition_file_path
from corpus.parser import DEFAULT_PATH

TITLE = "3. Fortschreibung des Maßnahmenkatalogs (fiktiv)"
NEW_PROJECT = """3.9 Künstliche Intelligenz im Bürgerservice
Dieses Projekt ist erfunden und steht nur in einer fiktiven Ausgabe für die Tests. Ein
Sprachassistent soll einfache Anfragen von Bürgerinnen und Bürgern beantworten.

Zeitraum Umsetzung: 2025-2027.

Einzelmaßnahmen:

\uf0b7 Anforderungen an einen Sprachassistenten erheben
\uf0b7 Pilotbetrieb im Bürgerbüro

Zuständigkeit: Fachbereich 10 – Abteilung 10.1

"""
FILE_NAME = "massnahmenkatalog-3-fortschreibung-fiktiv.txt"


def _once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def fictitious_text() -> str:
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    text = _once(text, " 2. Fortschreibung des Maßnahmenkatalogs \n", f" {TITLE} \n")
    text = _once(
        text,
        "Zeitraum Umsetzung: 2020 bis 2024. Danach laufender Support.",
        "Zeitraum Umsetzung: 2020 bis 2026. Danach laufender Support.",
    )
    text = _once(
        text,
        "Zuständigkeit: Fachbereich 20, Fachbereich 10 – Abteilung 10.1 \n",
        "Zuständigkeit: Fachbereich 20, Fachbereich 32, Fachbereich 10 – Abteilung 10.1 \n",
    )
    start = text.index("2.9 Social Intranet \n")
    end = text.index("2.10 Digitale Kommunikation (intern) \n")
    text = text[:start] + text[end:]
    text = _once(
        text, "2.10 Digitale Kommunikation (intern) \n", "2.9 Digitale Kommunikation (intern) \n"
    )
    stadt = text.index("Digitale Stadt; Aktionsfeld 1: E-Government")
    return text[:stadt] + NEW_PROJECT + text[stadt:]


def edition_folder(folder: Path) -> Path:
    """``folder`` with the bundled 2. Fortschreibung (and its data file) and the fictitious 3.
    beside it, which has no data file of its own: it borrows the 2.'s."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DEFAULT_PATH, folder / DEFAULT_PATH.name)
    knowledge = edition_file_path(DEFAULT_PATH)
    shutil.copy(knowledge, folder / knowledge.name)
    questions = asked_file_path(DEFAULT_PATH)
    shutil.copy(questions, folder / questions.name)
    (folder / FILE_NAME).write_text(fictitious_text(), encoding="utf-8")
    return folder

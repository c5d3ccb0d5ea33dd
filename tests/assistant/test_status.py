"""Status answers from ingested reports (assistant/status.py) through ``Assistant.ask``.

Real documents (the fictitious fixtures), a real document store, the real sync into Chroma and
BM25 with the default embedder, and the keyword double for the catalogue retriever (taken from
the ``assistant`` fixture's index).
"""

from __future__ import annotations

import pytest
from fixture_documents import (
    INTERNAL,
    INTERNAL_ID,
    INTERNAL_TITLE,
    MARCH,
    MARCH_ID,
    MARCH_TITLE,
    SEPT,
    SEPT_ID,
    SEPT_TITLE,
)

from assistant.cache import CachedAssistant
from assistant.service import Assistant
from assistant.status import answer_status, asks_status, date_de, shorten
from assistant.text import fold
from corpus.documents.store import DocumentStore
from index.documents import DocumentIndex, sync_documents
from index.engines import make_engine
from katalog.settings import Settings

DMS_QUOTE = (
    "Die Einführung des Dokumentenmanagementsystems ist in den Fachbereichen 10 und 20 "
    "abgeschlossen. Im Fachbereich 61 beginnt die Umstellung im zweiten Quartal 2024. Bisher "
    "arbeiten 140 Beschäftigte mit der E-Akte."
)
EPAYMENT_QUOTE = (
    "Seit Januar 2024 können Gebühren für 12 Online-Dienste elektronisch bezahlt werden. Die "
    "Anbindung weiterer Dienste ist für Herbst 2024 geplant."
)


@pytest.fixture(scope="module")
def embedder():
    engine = make_engine("e5-small")
    engine.warm_up()
    return engine


@pytest.fixture(scope="module")
def doc_settings(tmp_path_factory, catalogue, embedder) -> Settings:
    settings = Settings(data_dir=tmp_path_factory.mktemp("status"), session_max=50)
    store = DocumentStore(settings.data_dir, catalogue)
    store.ingest(MARCH, None, "2024-03-12", "sachstandsbericht", "public")
    store.ingest(SEPT, None, "2023-09-19", "sachstandsbericht", "public")
    store.ingest(INTERNAL, None, "2024-05-02", "sonstiges", "internal")
    sync_documents(settings, store, embedder)
    return settings


@pytest.fixture(scope="module")
def documents(doc_settings, embedder) -> DocumentIndex:
    return DocumentIndex(doc_settings, embedder)


@pytest.fixture
def keywords(assistant):
    return assistant.index  # the conftest's KeywordIndex


@pytest.fixture
def with_reports(catalogue, doc_settings, documents, keywords) -> Assistant:
    return Assistant(catalogue, keywords, doc_settings, documents)


def test_helpers():
    assert date_de("2024-03-12") == "12.03.2024"
    assert shorten("Eins. " + "x" * 400).startswith("Eins.")
    assert asks_status(fold("Wie ist der Sachstand beim DMS?"))
    assert asks_status(fold("Ist E-Payment schon fertig?"), "stand")
    assert not asks_status(fold("Wer ist für E-Payment zuständig?"))
    assert not asks_status(fold("Welcher Zahlungsdienstleister wird genutzt?"), "anbieter")
    # progress reported or told about is the topic, not what is asked
    assert not asks_status(fold("Wo wird über den Fortschritt der Projekte berichtet?"))
    assert not asks_status(fold("Wie werden wir über den Stand der Dinge informiert?"))
    assert asks_status(fold("Wie ist der Fortschritt beim DMS?"))


def test_status_of_the_dms_quotes_the_newest_report_and_lists_the_older(with_reports):
    answer = with_reports.ask("Wie ist der Stand beim DMS?")
    assert answer.intent == "stand" and not answer.abstained
    assert answer.answer == (
        "Zu Dokumentenmanagementsystem (DV 2.1) heißt es in „Sachstandsbericht Digitalisierung "
        f"– März 2024“ vom 12.03.2024: {DMS_QUOTE} Ältere Berichte zu DV 2.1: „{SEPT_TITLE}“ "
        "(19.09.2023). Geplant ist laut Maßnahmenkatalog: Zeitraum Umsetzung: 2020 bis 2024. "
        "Danach laufender Support."
    )
    document, project = answer.citations
    assert document.model_dump() == {
        "id": MARCH_ID,
        "label": MARCH_TITLE,
        "title": MARCH_TITLE,
        "quote": DMS_QUOTE,
        "url": f"/dokumente/{MARCH_ID}#c-1",
        "kind": "dokument",
        "date": "2024-03-12",
        "page": None,
        "section": "Projekt 2.1 (DMS)",
    }
    assert project.model_dump() == {
        "id": "DV-2.1",
        "label": "DV 2.1",
        "title": "Dokumentenmanagementsystem",
        "quote": "Zeitraum Umsetzung: 2020 bis 2024. Danach laufender Support.",
        "url": "/projekte/DV-2.1",
    }


def test_citizens_get_the_public_report_employees_the_internal_one(with_reports):
    citizen = with_reports.ask("Ist E-Payment schon fertig?")
    assert citizen.intent == "stand"
    assert [c.id for c in citizen.citations] == [MARCH_ID, "DS-1.8"]
    assert f"„{MARCH_TITLE}“ vom 12.03.2024: {EPAYMENT_QUOTE}" in citizen.answer
    assert "Ältere Berichte" not in citizen.answer
    assert "Vermerk" not in citizen.answer and "Zahlungsdienstleister" not in citizen.answer

    employee = with_reports.ask("Ist E-Payment schon fertig?", audience="employee")
    assert [c.id for c in employee.citations] == [INTERNAL_ID, "DS-1.8"]
    assert employee.citations[0].date == "2024-05-02"
    assert f"„{INTERNAL_TITLE}“ (intern) vom 02.05.2024: Der Vertrag mit dem" in employee.answer
    assert f"Ältere Berichte zu DS 1.8: „{MARCH_TITLE}“ (12.03.2024)." in employee.answer


def test_without_a_report_the_answer_says_so_and_gives_the_catalogue_periods(with_reports):
    answer = with_reports.ask("Wie weit ist LoRaWAN?")
    # No report answers "how far?": abstained (issue 4), the text still gives the plan.
    assert answer.intent == "stand" and answer.abstained
    assert answer.answer == (
        "Zu LoRaWAN (DS 2.6) liegt noch kein Sachstandsbericht vor. Laut Maßnahmenkatalog: "
        "Konzipierung und Umsetzung: 2026-2027. Danach laufende Betreuung und Erweiterung."
    )
    assert [c.id for c in answer.citations] == ["DS-2.6"]


def test_follow_up_asks_for_the_status_of_the_session_project(with_reports):
    first = with_reports.ask("Wer ist für das DMS zuständig?")
    follow = with_reports.ask("Und wie ist der Sachstand?", session_id=first.session_id)
    assert follow.intent == "stand"
    assert [c.id for c in follow.citations] == [MARCH_ID, "DV-2.1"]


def test_an_employee_session_id_gives_a_citizen_a_fresh_session(with_reports):
    employee = with_reports.ask("Wie ist der Stand bei E-Payment?", audience="employee")
    citizen = with_reports.ask("Und wie ist der Sachstand?", session_id=employee.session_id)
    assert citizen.session_id != employee.session_id
    assert INTERNAL_ID not in [c.id for c in citizen.citations]
    assert not [c for c in citizen.citations if c.kind == "dokument"]


def test_without_documents_status_questions_abstain_as_before(catalogue, doc_settings, keywords):
    plain = Assistant(catalogue, keywords, doc_settings)
    answer = plain.ask("Ist das DMS schon eingeführt?")
    assert answer.abstained and answer.intent == "unbeantwortbar"


def test_answer_status_of_two_projects(catalogue, documents):
    body, cites, abstained, intent, used = answer_status(
        [catalogue["DV-2.1"], catalogue["DS-2.6"]], "Stand?", "employee", documents.view("employee")
    )
    assert [c.id for c in cites] == [MARCH_ID, "DV-2.1", "DS-2.6"]
    assert "Zu DS 2.6 LoRaWAN liegt noch kein Sachstandsbericht vor." in body
    assert (abstained, intent, [p.id for p in used]) == (False, "stand", ["DV-2.1", "DS-2.6"])


def test_an_ingest_empties_the_answer_cache(tmp_path, catalogue, embedder, keywords):
    settings = Settings(data_dir=tmp_path)
    store = DocumentStore(settings.data_dir, catalogue)
    store.ingest(SEPT, None, "2023-09-19", "sachstandsbericht", "public")
    sync_documents(settings, store, embedder)
    documents = DocumentIndex(settings, embedder)
    cached = CachedAssistant(Assistant(catalogue, keywords, settings, documents))
    before = cached.ask("Wie ist der Stand beim DMS?")
    assert [c.id for c in before.citations] == [SEPT_ID, "DV-2.1"]
    assert cached.cached("Wie ist der Stand beim DMS?") is not None

    store.ingest(MARCH, None, "2024-03-12", "sachstandsbericht", "public")
    sync_documents(settings, store, embedder)
    assert cached.cached("Wie ist der Stand beim DMS?") is None
    after = cached.ask("Wie ist der Stand beim DMS?")
    assert [c.id for c in after.citations] == [MARCH_ID, "DV-2.1"]
    assert f"Ältere Berichte zu DV 2.1: „{SEPT_TITLE}“ (19.09.2023)." in after.answer


def test_an_employee_is_answered_from_an_internal_notes_content(with_reports):
    """Not a status question: the note's sentence that carries the question's words is quoted
    and cited with the document, for an employee only."""
    question = "Was ist beim E-Payment mit dem Vertrag mit dem Zahlungsdienstleister?"
    employee = with_reports.ask(question, audience="employee")
    assert not employee.abstained
    assert "Der Vertrag mit dem Zahlungsdienstleister läuft zum Jahresende aus" in employee.answer
    assert f"„{INTERNAL_TITLE}“ (intern) vom 02.05.2024" in employee.answer
    assert [c.id for c in employee.citations] == ["DS-1.8", INTERNAL_ID]
    citizen = with_reports.ask(question, audience="citizen")
    assert INTERNAL_ID not in [c.id for c in citizen.citations]
    assert "Zahlungsdienstleister läuft" not in citizen.answer

"""Questions about what changed between editions, answered from the diff: over the bundled
edition alone, and over it plus the fictitious 3. Fortschreibung (tests/fictitious_edition.py)."""

from __future__ import annotations

import pytest

from assistant.changes import named_editions
from assistant.service import Assistant
from corpus.editions import load_editions

ONLY_ONE = (
    "Mir liegt nur eine Ausgabe des Maßnahmenkatalogs vor, die 2. Fortschreibung. Was sich "
    "zwischen Fortschreibungen geändert hat, kann ich daher nicht sagen."
)
DMS_DELAY = (
    "DV 2.1 Dokumentenmanagementsystem: vorher „Zeitraum Umsetzung: 2020 bis 2024. Danach "
    "laufender Support.“, jetzt „Zeitraum Umsetzung: 2020 bis 2026. Danach laufender Support.“."
)


@pytest.fixture
def two(two_editions, settings, assistant) -> Assistant:
    """An assistant over both editions, with the same keyword retriever as ``assistant``."""
    editions = load_editions(two_editions)
    newest = editions.newest.catalogue
    return Assistant(newest, type(assistant.index)(newest), settings, editions=editions)


def _ask(assistant: Assistant, question: str):
    return assistant.ask(question, "employee")


def test_what_is_new(two) -> None:
    answer = _ask(two, "Was ist neu in der 3. Fortschreibung?")
    assert answer.answer == (
        "Von der 2. Fortschreibung zur 3. Fortschreibung: Neu ist DV 3.9 Künstliche Intelligenz "
        "im Bürgerservice. Nicht mehr enthalten: DV 2.9 Social Intranet (Nummern der 2. "
        "Fortschreibung). DV 2.10 Digitale Kommunikation (intern) heißt jetzt DV 2.9. Geändert "
        "haben sich bei DV 2.1 Dokumentenmanagementsystem der Zeitraum und bei DS 1.8 E-Payment "
        "die Zuständigkeit."
    )
    assert [c.id for c in answer.citations] == ["DV-3.9", "DV-2.9", "DV-2.1", "DS-1.8"]
    assert (answer.intent, answer.abstained) == ("aenderung", False)


def test_which_projects_were_delayed(two) -> None:
    answer = _ask(two, "Welche Projekte haben sich verzögert?")
    assert answer.answer == (
        "Von der 2. Fortschreibung zur 3. Fortschreibung haben sich diese Zeiträume verschoben: "
        + DMS_DELAY
    )
    assert [(c.id, c.quote) for c in answer.citations] == [
        ("DV-2.1", "Zeitraum Umsetzung: 2020 bis 2026. Danach laufender Support.")
    ]
    handy = _ask(two, "Hat sich das Handyparken verzögert?")
    assert handy.answer == (
        "Von der 2. Fortschreibung zur 3. Fortschreibung hat sich bei DS 2.5 Handyparken kein "
        "Zeitraum nach hinten verschoben."
    )


def test_what_changed_at_a_project(two) -> None:
    answer = _ask(two, "Was hat sich bei E-Payment geändert?")
    assert answer.answer == (
        "Bei DS 1.8 E-Payment hat sich von der 2. Fortschreibung zur 3. Fortschreibung geändert: "
        "die Zuständigkeit: vorher „Fachbereich 20, Fachbereich 10 – Abteilung 10.1“, jetzt "
        "„Fachbereich 20, Fachbereich 32, Fachbereich 10 – Abteilung 10.1“."
    )
    assert [c.id for c in answer.citations] == ["DS-1.8"]
    renumbered = _ask(two, "Was hat sich bei DV 2.9 geändert?")
    assert renumbered.answer == (
        "Bei DV 2.9 Digitale Kommunikation (intern) hat sich von der 2. Fortschreibung zur 3. "
        "Fortschreibung geändert: die Nummer: vorher DV 2.10, jetzt DV 2.9."
    )
    new = _ask(two, "Was hat sich bei DV 3.9 geändert?")
    assert new.answer == (
        "DV 3.9 Künstliche Intelligenz im Bürgerservice ist in der 3. Fortschreibung neu; die "
        "2. Fortschreibung enthält es nicht."
    )
    same = _ask(two, "Was hat sich beim Handyparken geändert?")
    assert same.answer == (
        "Bei DS 2.5 Handyparken hat sich von der 2. Fortschreibung zur 3. Fortschreibung nichts "
        "geändert."
    )


def test_since_when_a_unit_takes_part(two) -> None:
    answer = _ask(two, "Seit wann ist Fachbereich 32 an E-Payment beteiligt?")
    assert answer.answer == (
        "Fachbereich 32 ist an DS 1.8 E-Payment seit der 3. Fortschreibung beteiligt; in der 2. "
        "Fortschreibung war Fachbereich 32 dort noch nicht genannt."
    )
    assert [c.id for c in answer.citations] == ["DS-1.8"]
    always = _ask(two, "Seit wann ist Fachbereich 20 an E-Payment beteiligt?")
    assert always.answer == (
        "Fachbereich 20 ist an DS 1.8 E-Payment schon in der 2. Fortschreibung beteiligt, der "
        "ältesten Ausgabe, die mir vorliegt, und seitdem durchgehend."
    )


def test_the_oldest_edition_has_nothing_to_compare(two) -> None:
    answer = _ask(two, "Was ist neu in der 2. Fortschreibung?")
    assert answer.abstained
    assert answer.answer.startswith("Die 2. Fortschreibung ist die älteste Ausgabe, die mir")


@pytest.mark.parametrize(
    "question",
    [
        "Was ist neu in der 2. Fortschreibung?",
        "Welche Projekte haben sich verzögert?",
        "Was hat sich bei E-Payment geändert?",
    ],
)
def test_with_one_edition_only_one_is_known(assistant, question) -> None:
    answer = assistant.ask(question, "employee")
    assert answer.answer == ONLY_ONE
    assert (answer.abstained, answer.citations) == (True, [])


def test_a_later_edition_that_is_not_loaded(assistant) -> None:
    # Once classed as a question about the future; now: which editions are known.
    for question in (
        "Welche neuen Projekte kommen mit der dritten Fortschreibung dazu?",
        "wann genau erscheint die dritte fortschreibung? datum?",
    ):
        answer = assistant.ask(question, "employee")
        assert answer.answer == "Die 3. Fortschreibung liegt mir nicht vor. " + ONLY_ONE
        assert answer.abstained


def test_since_when_with_one_edition_says_what_it_knows(assistant) -> None:
    answer = assistant.ask("Seit wann ist Fachbereich 20 an E-Payment beteiligt?", "employee")
    assert answer.answer == (
        ONLY_ONE + " In der 2. Fortschreibung ist Fachbereich 20 an DS 1.8 E-Payment beteiligt."
    )
    assert answer.abstained and [c.id for c in answer.citations] == ["DS-1.8"]


def test_a_loaded_edition_named_is_answered_from_the_catalogue(assistant) -> None:
    answer = assistant.ask("Die wievielte Fortschreibung ist das, die 2. Fortschreibung?")
    assert "zweite Fortschreibung" in answer.answer


@pytest.mark.parametrize(
    ("folded", "numbers"),
    [
        ("was ist neu in der 3. fortschreibung", [3]),
        ("zwischen der 2. und 3. fortschreibung", [2, 3]),
        ("mit der dritten fortschreibung", [3]),
        ("wie oft wird fortgeschrieben", []),
    ],
)
def test_named_editions(folded, numbers) -> None:
    assert named_editions(folded) == numbers

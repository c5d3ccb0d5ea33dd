"""Telling an English question from a German one (the function words of words.toml)."""

from __future__ import annotations

import pytest

from assistant.words import gloss, is_english


@pytest.mark.parametrize(
    "question",
    [
        "Who is in charge of the online participation platform?",
        "How many council members have received iPads so far?",
        "How much money did Kleve get from the federal government?",
        "Can I pay my dog tax with PayPal on the city website?",
    ],
)
def test_english_questions(question):
    assert is_english(question)


@pytest.mark.parametrize(
    "question",
    [
        "Wer ist für E-Payment zuständig?",
        "wie viele ratsmitglieder haben schon ein ipad bekommen",
        "Ist das WLAN an der Schwanenburg schon an?",
        "Was hat die Stadt für Open Data vor, z.B. beim Reallabor?",
        "Gibt es ein Portal, wo ich sehe, wie weit mein Antrag ist?",
    ],
)
def test_german_questions(question):
    assert not is_english(question)


def test_gloss_puts_counts_and_sums_into_german():
    assert gloss("How much money is budgeted?") == "wie viel geld is budgeted?"
    # "sensors" is no glossary entry: the reader's cognates take it (test_cognates.py)
    assert gloss("How many sensors are there?").startswith("wie viele sensors")


def test_what_has_to_happen_asks_for_the_measures(reader):
    # glossed to the German cue ("was muss passieren"), read as a measures question
    u = reader.read("What needs to happen before I can pay city fees online?")
    assert u.english and u.intent == "massnahmen"
    # negative: "what happened" asks about the past, no glossary phrase
    assert gloss("what happened to the old intranet?") == "what happened to the old intranet?"


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("What's the password for the free wifi in the city centre?", "zugang"),
        ("Where do I get login details for the staff intranet?", "zugang"),
        # negative: a question about the WLAN itself asks for nothing the catalogue lacks
        ("Who is responsible for the free wifi in the city centre?", None),
    ],
)
def test_access_data_asked_in_english_is_declined(reader, question, reason):
    u = reader.read(question)
    assert u.english
    assert (u.unanswerable.value if u.unanswerable else None) == reason

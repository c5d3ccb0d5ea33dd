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

"""English cognates read as the catalogue's German words (assistant/cognates.py)."""

from __future__ import annotations

import pytest

from assistant.cognates import Cognates
from assistant.intents import asking_part


@pytest.fixture(scope="module")
def cognates(catalogue) -> Cognates:
    return Cognates(catalogue)


@pytest.mark.parametrize(
    ("english", "german"),
    [
        ("transparency", "Transparenz"),
        ("communication", "Kommunikation"),
        ("infrastructure", "Infrastrukturen"),
        ("seniors", "Senioren"),
        ("concept", "Konzept"),
    ],
)
def test_a_cognate_is_read_as_the_catalogue_word(cognates, english, german):
    assert cognates.german(english) == german


@pytest.mark.parametrize(
    "english",
    [
        "contract",  # a false friend listed in words.toml: not Kontakt
        "actually",  # not aktuell
        "handle",  # too short to judge: not Handel
        "responsible",  # no catalogue word spelled like it
        "welche",  # German already (the glossary's word)
        "accessibility",  # Barrierefreiheit is no cognate; the glossary has it
    ],
)
def test_other_words_stay_as_they_are(cognates, english):
    assert cognates.german(english) is None


def test_an_english_question_reads_its_cognates_in_place(reader):
    said = reader.glossed("How long will the project on transparency in the administration run?")
    assert said.startswith("wie lange ") and " Transparenz " in said
    assert "transparenz" in reader.read("Who is in charge of transparency?").topic
    assert reader.glossed("How many sensors are there?").startswith("wie viele Sensoren")


@pytest.mark.parametrize(
    ("question", "part"),
    [
        (
            "meine mutter ist 80. bietet die stadt kurse an? sie hat kein internet",
            "bietet die stadt kurse an?",
        ),
        ("Wer macht das? Und bis wann?", "Wer macht das? Und bis wann?"),
        ("ich suche die zuständigen für das WLAN", "ich suche die zuständigen für das WLAN"),
    ],
)
def test_the_intent_vote_reads_the_sentences_that_ask(question, part):
    assert asking_part(question) == part

from __future__ import annotations

import pytest

from index.text import stopwords, tokens


@pytest.mark.parametrize("spelling", ["zuständig", "zustaendig", "zustandig", "Zuständigkeit"])
def test_umlaut_spellings_meet(spelling):
    assert tokens(spelling) == ["zustand"]


def test_sharp_s_and_ss_meet():
    assert tokens("Straße") == tokens("Strasse")


def test_numbers_with_dots_stay_one_token():
    assert tokens("Fachbereich 10 – Abteilung 10.1") == ["fachbereich", "10", "abteil", "10.1"]
    assert tokens("Was ist Projekt 2.5?") == ["projekt", "2.5"]


def test_stopwords_and_question_words_are_dropped():
    assert tokens("Wer ist bei der Stadt Kleve für das Handyparken zuständig?") == [
        "handypark",
        "zustand",
    ]
    assert "fur" in stopwords()

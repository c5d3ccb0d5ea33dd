from __future__ import annotations

import pytest

from index.text import compound_parts, dense_query, stopwords, tokens


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


def test_the_dense_query_keeps_the_topic_words_as_written():
    assert dense_query("Wer ist bei der Stadt Kleve fürs Bezahlen online zuständig?") == (
        "fürs Bezahlen online"
    )
    assert dense_query("Was passiert mit dem E-Payment in DS 1.8?") == "mit E-Payment in DS 1.8"


def test_the_dense_query_leaves_out_what_the_question_asks_for():
    assert dense_query("Ab wann kann man das Handyparken nutzen?") == "Handyparken nutzen"
    assert dense_query("Welche Maßnahmen umfasst das Projekt Ideenplattform?") == "Ideenplattform"
    assert dense_query("Wie lange läuft die OZG-Umsetzung?") == "OZG-Umsetzung"


def test_the_dense_query_keeps_prepositions_and_nouns_that_look_like_fillers():
    assert dense_query("Wer kümmert sich um die Weitergabe von Wissen älterer Kollegen?") == (
        "um Weitergabe von Wissen älterer Kollegen"
    )
    assert dense_query("Ich möchte wissen, wer für WLAN zuständig ist") == "für WLAN"


def test_a_dense_query_of_only_stopwords_stays_whole():
    assert dense_query("  Wer ist das?  ") == "Wer ist das?"


def test_a_compound_splits_into_known_parts_with_its_linking_s():
    known = {"rat", "mitglied", "arbeit"}
    assert compound_parts("ratsmitglieder", known, whole=True) == ("rat", "mitglied")
    # An unknown compound keeps its known part; only a catalogue word is split whole.
    assert compound_parts("ratsleute", known, whole=False) == ("rat",)
    assert compound_parts("ratsleute", known, whole=True) == ()


def test_stopwords_and_short_heads_are_no_compound_parts():
    # "nach" is a stopword; "off" is three letters without a linking "s".
    assert compound_parts("nachsehen", {"nach"}, whole=False) == ()
    assert compound_parts("offizielle", {"off"}, whole=False) == ()
    assert compound_parts("e-akte", {"akt"}, whole=False) == ()

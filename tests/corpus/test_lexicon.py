from __future__ import annotations

import pytest

from corpus.lexicon import fold, fold_words, load_lexicon, parse_lexicon
from katalog.errors import CorpusError


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_fold_treats_umlaut_spellings_alike():
    assert fold("zuständig") == fold("zustaendig") == fold("zustandig") == "zustandig"
    assert fold("Straße") == "strasse"
    assert fold_words("E-Akte, DS 1.8") == ["e", "akte", "ds", "1", "8"]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Wer kümmert sich um die E-Akte?", "Dokumentenmanagementsystem"),
        ("gibt es die elektronische Akte schon", "DMS"),
        ("Wie läuft das mit dem Homeoffice?", "Mobile Office"),
        ("Was macht Kleve beim OZG?", "Onlinezugangsgesetz"),
        ("Kann ich ein Parkticket per App lösen?", "Handyparken"),
        ("Gibt es ein Sensornetz für IoT?", "LoRaWAN"),
        ("Wo finde ich einen Hotspot?", "WLAN"),
        ("Gibt es WiFi in der Stadt?", "WLAN"),
        ("Was passiert an den Schulen?", "Bildung"),
        ("wer ist zustaendig", "Zuständigkeit"),
    ],
)
def test_everyday_words_expand_to_catalogue_terms(lexicon, question, expected):
    assert expected in lexicon.expand(question)


def test_expansion_follows_chains(lexicon):
    # E-Akte → DMS, and DMS → Dokumentenmanagement (a second entry).
    assert "Dokumentenmanagement" in lexicon.expand("E-Akte")


def test_unrelated_text_adds_nothing(lexicon):
    assert lexicon.expand("Guten Morgen") == []


def test_prefix_terms_match_word_beginnings():
    lexicon = parse_lexicon('[[entry]]\nwhen = ["schul*"]\nadd = ["Bildung"]\n')
    assert lexicon.expand("Schulbus") == ["Bildung"]
    assert lexicon.expand("Hochschule") == []


def test_broken_lexicon_is_reported_in_german():
    with pytest.raises(CorpusError, match="kein gültiges TOML"):
        parse_lexicon("[[entry]\n")
    with pytest.raises(CorpusError, match="'when' und 'add' fehlen"):
        parse_lexicon('[[entry]]\nwhen = ["x"]\n')

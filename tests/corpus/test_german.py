"""The one German text module: fold agrees for every spelling of an umlaut, in every position,
and is idempotent; corpus, index and assistant use the same functions."""

from __future__ import annotations

import itertools

import pytest

from corpus import german

SPELLINGS = {"ä": ("ä", "ae", "a"), "ö": ("ö", "oe", "o"), "ü": ("ü", "ue", "u")}
WORDS = ["Öffnungszeiten", "Bürgerbüro", "Zuständigkeit", "Übersicht", "Änderung", "Maßnahmen"]


def _variants(word: str) -> set[str]:
    """Every way of writing ``word`` with ä/ae/a, ö/oe/o, ü/ue/u and ß/ss, position by position."""
    choices = []
    for ch in word:
        low = ch.lower()
        if low in SPELLINGS:
            options = SPELLINGS[low]
            choices.append(options if ch == low else tuple(o.capitalize() for o in options))
        elif ch == "ß":
            choices.append(("ß", "ss"))
        else:
            choices.append((ch,))
    return {"".join(parts) for parts in itertools.product(*choices)}


@pytest.mark.parametrize("word", WORDS)
def test_every_spelling_folds_alike(word):
    variants = _variants(word)
    assert len(variants) > 1
    assert {german.fold(v) for v in variants} == {german.fold(word)}


@pytest.mark.parametrize("word", WORDS)
def test_each_position_alone_folds_alike(word):
    """Replacing a single umlaut (at the start, middle or end) never changes the fold."""
    for i, ch in enumerate(word):
        for option in SPELLINGS.get(ch.lower(), ()):
            option = option.capitalize() if ch.isupper() else option
            assert german.fold(word[:i] + option + word[i + 1 :]) == german.fold(word)


@pytest.mark.parametrize(
    "text",
    [
        "Öffnungszeiten",
        "oeffnungszeiten",
        "aee",
        "Queue",
        "äe",
        "ÜBERSICHT",
        "Steuerung der E-Akte",
    ],
)
def test_fold_is_idempotent(text):
    once = german.fold(text)
    assert german.fold(once) == once


def test_fold_examples():
    assert german.fold("Oeffnungszeiten") == german.fold("Öffnungszeiten") == "offnungszeiten"
    assert german.fold("Maßnahmen") == "massnahmen"
    assert german.words("FB 20, die 10.1 und E-Payment") == [
        "fb",
        "20",
        "die",
        "10.1",
        "und",
        "e",
        "payment",
    ]


def test_everyone_uses_the_same_fold():
    from assistant import text as assistant_text
    from corpus import lexicon
    from corpus.documents import link
    from index import text as index_text

    assert assistant_text.fold is lexicon.fold is link.fold is german.fold
    assert index_text.fold is german.fold


def test_sentences_keep_abbreviations_together():
    text = "Das gilt z. B. für Schulen. Dabei hilft die 10.1.\n\nNeuer Absatz."
    assert german.sentences(text) == [
        "Das gilt z. B. für Schulen.",
        "Dabei hilft die 10.1.",
        "Neuer Absatz.",
    ]


@pytest.mark.parametrize(
    ("text", "abbreviation"),
    [
        ("also z.B.", True),
        ("das gilt z. B.", True),
        ("the work, e.g.", True),
        ("ggf.", True),
        ("Nr.", True),
        ("Dabei hilft die 10.1.", False),
        ("Ich bin im Fachbereich 20.", False),
        ("Das ist gut.", False),
        ("Wir fahren nach Jamaica.", False),  # a word ending like "ca." is none
    ],
)
def test_an_abbreviation_ends_no_sentence(text, abbreviation):
    assert german.ends_with_abbreviation(text) is abbreviation


def test_stop_words_are_snowballs_list_and_the_catalogues_own():
    # "sonst" and "selbst" come from the Snowball list, "konkret" and "Stadt" name no
    # topic in questions about this catalogue.
    assert german.content_stems("was steht sonst konkret bei der Stadt selbst an") == ["steht"]
    assert {"sonst", "selbst", "konkret", "stadt"} <= german.STOPWORDS


def test_the_tagger_tells_verbs_and_adverbs_in_lower_case():
    tags = {
        w: (lemma, tag) for w, lemma, tag in german.tagged("werden die tools irgendwo getestet?")
    }
    assert tags["getestet"] == ("testen", "VV(PP)")
    assert not german.may_be_noun(tags["getestet"][1])
    assert not german.may_be_noun(tags["irgendwo"][1])
    assert german.may_be_noun(tags["tools"][1])
    assert german.tagged("") == ()


@pytest.mark.parametrize(
    ("question", "word", "noun"),
    [
        ("wird der posteingang zentral gescannt", "zentral", False),
        ("wird der server lokal betrieben", "lokal", False),
        ("wird das digital signiert", "digital", False),
        # An adjective the tagger gives an unknown noun is still one, before a preposition,
        # at the end, or before a noun.
        ("gibt es bald e-scooter in kleve", "e-scooter", True),
        ("ist das kostenlos", "kostenlos", True),
        ("bekommen alle schueler ein ipad", "schueler", True),
    ],
)
def test_an_adverbial_adjective_before_a_verb_names_no_thing(question, word, noun):
    tags = [tag for _w, _lemma, tag in german.tagged(question)] + [""]
    words = [w for w, _lemma, _tag in german.tagged(question)]
    i = words.index(word)
    assert german.may_be_noun(tags[i], tags[i + 1]) is noun


@pytest.mark.parametrize(
    ("question", "word", "noun"),
    [
        ("hat jemand ein beispiel fuer quick wins", "jemand", False),  # PIS
        ("gibt es irgendein vorbild aus anderen staedten", "irgendein", False),  # PIAT
        ("weiss das hier irgendwer", "irgendwer", False),
        # the nouns around them still name things
        ("hat jemand ein beispiel fuer quick wins", "beispiel", True),
        ("gibt es irgendein vorbild aus anderen staedten", "vorbild", True),
    ],
)
def test_pronouns_name_no_thing(question, word, noun):
    tagged = german.tagged(question)
    tags = [tag for _w, _lemma, tag in tagged] + [""]
    i = [w for w, _lemma, _tag in tagged].index(word)
    assert german.may_be_noun(tags[i], tags[i + 1]) is noun


def test_initials_of_a_compound_of_three_parts_or_more():
    assert german.initials("Content-Management-System") == "cms"
    assert german.initials("Dokumenten-Management-System") == "dms"
    assert german.initials("E-Akte") == ""  # two parts name no acronym
    assert german.initials("Handyparken") == ""


def test_acronyms_are_the_capitalised_short_words():
    found = german.acronyms("Implementierung Drupal (CMS) im Zuge des OZG. Ein Konzept.")
    assert found == {"cms", "ozg"}

"""The one German text module: folding, words, stems, stop words, sentences, compounds.

Corpus, index and assistant all fold and split with these functions, so "Öffnungszeiten",
"Oeffnungszeiten" and "Offnungszeiten" take the same path everywhere.

Folding lower-cases, maps ä/ö/ü to a/o/u, ß to ss, é/è to e, and the two-letter spellings
ae/oe/ue to a/o/u in every position of a word (until nothing changes, so fold is
idempotent). "Steuer" and "Steur" meet as well; that costs nothing as long as both sides of a
comparison are folded the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from bm25s.stopwords import STOPWORDS_GERMAN as _SNOWBALL

_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "é": "e", "è": "e"})
_DIGRAPHS = re.compile(r"(ae|oe|ue)")
_WORD = re.compile(r"[a-z0-9]+(?:[.][0-9]+)?")
_PLAIN_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower case without umlauts and their two-letter spellings ("Büro"/"Buero" -> "buro")."""
    folded = text.lower().translate(_UMLAUTS)
    while True:
        again = _DIGRAPHS.sub(lambda m: m.group(1)[0], folded)
        if again == folded:
            return folded
        folded = again


def words(text: str) -> list[str]:
    """Folded word tokens; "10.1" stays one token; "E-Payment" gives e, payment."""
    return _WORD.findall(fold(text))


def fold_words(text: str) -> list[str]:
    """The folded words of ``text`` split at every non-letter ("E-Akte" -> ["e", "akte"])."""
    return _PLAIN_WORD.findall(fold(text))


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer; small C extension, loaded on first use

    return Stemmer.Stemmer("german")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


@lru_cache(maxsize=1)
def _tagger():
    from HanTa import HanoverTagger  # the Hanover Tagger; its German model ships in the wheel

    return HanoverTagger.HanoverTagger("morphmodel_ger.pgz")


_TOKEN = re.compile(r"[\w-]+")


@lru_cache(maxsize=4096)
def tagged(text: str) -> tuple[tuple[str, str, str], ...]:
    """(word, lemma, STTS tag) for each ``[\\w-]+`` token of ``text``, by the Hanover Tagger:
    nouns, verbs and participles told apart also in a question written all in lower case
    ("werden projektplanungstools erst getestet" -> NE, VV(PP), lemma "testen")."""
    tokens = _TOKEN.findall(text)
    return tuple(tuple(t) for t in _tagger().tag_sent(tokens, taglevel=1)) if tokens else ()


def noun_flags(text: str) -> tuple[bool, ...]:
    """For each token of ``tagged(text)``: whether it may name a thing (``may_be_noun`` with
    the next token's tag)."""
    tags = [tag for _word, _lemma, tag in tagged(text)]
    return tuple(may_be_noun(tag, after) for tag, after in zip(tags, [*tags[1:], ""], strict=True))


def may_be_noun(tag: str, following: str = "") -> bool:
    """Whether a word the tagger saw may name a thing: anything but a verb or an adverb (in
    lower case it tags unknown nouns as adjectives now and then: "e-scooter"). An adverbial
    adjective right before a verb (``following``: the next word's tag) says how something is
    done, not what: "zentral gescannt", "lokal betrieben"."""
    if tag == "ADJ(D)" and following.startswith("V"):
        return False
    # STTS tags opening on P are pronouns and particles ("jemand" PIS, "irgendein" PIAT,
    # "darüber" PAV): they stand for a thing or none, they name none.
    return not tag.startswith(("V", "ADV", "P"))


# Stop words: the Snowball German list that bm25s ships (the one the BM25 index uses) and the
# words of questions about this catalogue that name no topic.
_STOPWORD_TEXT = """
    a ab beim bitte dabei dafur dar daran darf darum eher etwa gab gibt ganz geht gehort
    gehoren ja mehr mussen sollen wann warum wer wieso wozu kleve stadt eigentlich genau
    konkret projekt projekte projekten projektes vorhaben gemacht macht geplant gibts gehts
    viele vielen neue neuen alte alten erzahl erzahle sag sage gerne mal
    """
# "weiter" opens compounds the catalogue is made of ("Weiterentwicklung", "Weiterbildung"): as a
# stop word it would make them unknown words to the compound check of ``assistant.unknown``.
STOPWORDS = frozenset(fold(w) for w in [*_STOPWORD_TEXT.split(), *_SNOWBALL]) - {"weiter"}

# Everyday words and the catalogue's word for the same thing (question side only).
SYNONYMS = {"schon": "bereits", "homepage": "internetseite", "app": "smartphone"}


def content_stems(text: str) -> list[str]:
    """Stems of the content words (no stop words, no one-letter tokens)."""
    return [stem(SYNONYMS.get(w, w)) for w in words(text) if w not in STOPWORDS and len(w) > 1]


# Abbreviations a sentence does not end with: these, and any letters each with its dot
# ("z.B.", "d. h.", "u.a.", "e.g.", "i.e."; the "z." of "z. B." too).
_ABBREVIATIONS = ("ggfs.", "ggf.", "bzw.", "ca.", "insb.", "usw.", "bspw.", "evtl.", "nr.", "vs.")
_INITIALS = re.compile(r"(?:^|[\s(])(?:\w\.\s?)*\w\.$")
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"])")


def ends_with_abbreviation(text: str) -> bool:
    """Whether ``text`` ends with an abbreviation, so that a full stop there ends no
    sentence ("… zum Beispiel z. B. dass …", "e.g. showing …")."""
    last = text.split()[-1].lstrip("(").lower() if text.strip() else ""
    return last in _ABBREVIATIONS or bool(_INITIALS.search(text))


def sentences(text: str) -> list[str]:
    """Sentences of a catalogue paragraph text, not split after common abbreviations."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        merged: list[str] = []
        for part in _SPLIT.split(paragraph):
            if merged and ends_with_abbreviation(merged[-1]):
                merged[-1] = f"{merged[-1]} {part}"
            else:
                merged.append(part)
        out.extend(merged)
    return out


def compound_splits(word: str, head_min: int = 4) -> Iterable[tuple[str, str]]:
    """Every split of a (folded or stemmed) compound into a head of at least ``head_min``
    letters, without a linking "s", and a tail of at least four ("digitalisierungsabteilung"
    -> ..., ("digitalisierung", "abteilung"), ...)."""
    for cut in range(head_min, len(word) - 3):
        yield word[:cut].removesuffix("s"), word[cut:]


_ACRONYM = re.compile(r"\b[A-ZÄÖÜ]{2,6}\b")


def initials(word: str) -> str:
    """The folded initials of a hyphenated compound of three parts or more
    ("Content-Management-System" -> "cms"); "" for any other word."""
    parts = [p for p in word.split("-") if p]
    return fold("".join(p[0] for p in parts)) if len(parts) >= 3 else ""


def acronyms(text: str) -> set[str]:
    """The folded acronyms ``text`` uses ("CMS", "OZG")."""
    return {fold(m.group(0)) for m in _ACRONYM.finditer(text)}

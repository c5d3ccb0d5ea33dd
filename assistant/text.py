"""Small text tools for understanding questions: folding, tokens, stems, sentences, overlap.

Folding maps "zuständig", "zustaendig" and "zustandig" to the same string, so cue words and
titles meet however a person types them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corpus.models import Project

_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "é": "e"})
_DIGRAPHS = re.compile(r"(?<=[a-z])(ae|oe|ue)")
_WORD = re.compile(r"[a-z0-9]+(?:[.][0-9]+)?")

_STOPWORD_TEXT = """
    a ab aber alle allem allen aller alles als also am an andere anderen auch auf aus bei beim
    bin bis bitte bist da dabei dafur damit dann dar daran darf darum das dass dazu dem den denn
    der des dessen die dies diese diesem diesen dieser doch dort du durch eher ein eine einem
    einen einer eines er es etwa euch fur gab gibt ganz geht gehort gehoren hat hatte haben
    hier ich ihr im in ins ist ja jetzt kann konnen man mehr mich mir mit muss mussen nach
    nicht noch nur ob oder ohne sich sie sind so soll sollen uber um und uns unter viel
    vom von vor wann war warum was weil welche welchem welchen welcher welches wenn wer werden
    wie wieso wir wird wo wozu zu zum zur zwischen kleve stadt eigentlich genau konkret
    projekt projekte projekten projektes vorhaben gemacht macht machen geplant gibts gehts
    viele vielen einige neue neuen alte alten erzahl erzahle sag sage gerne mal
    """
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def fold(text: str) -> str:
    """Lower case without umlauts and their two-letter spellings ("Büro"/"Buero" -> "buro")."""
    lowered = text.lower().translate(_UMLAUTS)
    return _DIGRAPHS.sub(lambda m: m.group(1)[0], lowered)


def words(text: str) -> list[str]:
    """Folded word tokens; hyphenated compounds give their parts ("e-payment" -> e, payment)."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer; small C extension, loaded on first use

    return Stemmer.Stemmer("german")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


# Everyday words and the catalogue's word for the same thing (question side only).
SYNONYMS = {"schon": "bereits", "homepage": "internetseite", "app": "smartphone"}


def content_stems(text: str) -> list[str]:
    """Stems of the content words (no stop words, no one-letter tokens)."""
    return [stem(SYNONYMS.get(w, w)) for w in words(text) if w not in STOPWORDS and len(w) > 1]


_ABBREVIATIONS = ("z.B.", "z. B.", "ggfs.", "ggf.", "bzw.", "ca.", "insb.", "i.S.", "u.a.", "d.h.")
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"])")


def sentences(text: str) -> list[str]:
    """Sentences of a catalogue paragraph text, not split after common abbreviations."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        parts = _SPLIT.split(paragraph)
        merged: list[str] = []
        for part in parts:
            if merged and merged[-1].endswith(_ABBREVIATIONS):
                merged[-1] = f"{merged[-1]} {part}"
            else:
                merged.append(part)
        out.extend(merged)
    return out


def record_text(project: Project) -> str:
    """A project's whole record as one text: title, description, measures, responsibility
    and periods; what an answer can draw on."""
    return " ".join(
        [project.title, project.description, *project.measures, project.responsible_text]
        + [f"{period.label} {period.text}" for period in project.periods]
    )


def compound_splits(word: str, head_min: int = 4) -> Iterable[tuple[str, str]]:
    """Every split of a (folded or stemmed) compound into a head of at least ``head_min``
    letters, without a linking "s", and a tail of at least four ("digitalisierungsabteilung"
    -> ..., ("digitalisierung", "abteilung"), ...)."""
    for cut in range(head_min, len(word) - 3):
        yield word[:cut].removesuffix("s"), word[cut:]


def matches(query_stem: str, token: str) -> bool:
    """Whether a question stem meets a text token, compounds included."""
    if query_stem == token:
        return True
    # German compounds ("Verwaltungsleistungen" contains "leistung") and stems the stemmer
    # cut differently ("aktualisiert" / "Aktualisierungen").
    if len(query_stem) >= 5 and query_stem in token:
        return True
    if len(query_stem) >= 3 and len(token) >= len(query_stem) + 5 and token.startswith(query_stem):
        return True  # compound head: "dat" / "datenportal"
    if len(query_stem) >= 4 and token.startswith("ge") and token[2:].startswith(query_stem):
        return True  # participle: "messen" / "gemessen"
    return len(token) >= 5 and query_stem.startswith(token)


class OverlapScorer:
    """IDF-weighted stem overlap between a question and candidate sentences.

    Cheap and deterministic; used to pick the catalogue sentences an answer quotes.
    """

    def __init__(self, corpus: Iterable[str]) -> None:
        docs = [set(content_stems(text)) for text in corpus]
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(doc)
        self._n = max(len(docs), 1)
        self._df = df

    def idf(self, token: str) -> float:
        return math.log(1 + self._n / (1 + self._df.get(token, 0)))

    def score(self, question_stems: Iterable[str], sentence: str) -> float:
        tokens = set(content_stems(sentence))
        total = 0.0
        for q in set(question_stems):
            if any(matches(q, t) for t in tokens):
                total += self.idf(q)
        return total


def fre(pattern: str) -> re.Pattern[str]:
    """A regex over folded text, its literal words folded the same way ("zuerst" -> "zurst")."""
    return re.compile(fold(pattern))

"""German text analysis for lexical retrieval: folding, tokens, stopwords, stemming.

"zuständig", "zustaendig" and "zustandig" all become "zustand": words are folded first
(lower case, ß → ss, ä/ae → a, see ``corpus.lexicon.fold``) and then stemmed with the
Snowball German stemmer (PyStemmer). Numbers with dots ("10.1", "2.5") stay one token, so
"Abteilung 10.1" and "Projekt 2.5" can be matched as written.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from corpus.lexicon import fold

_TOKEN = re.compile(r"\d+(?:\.\d+)+|[a-z0-9]+")

# Question words and fillers people add that carry no topic (on top of bm25s' German list).
_EXTRA_STOPWORDS = {
    "bitte",
    "gibt",
    "gib",
    "geben",
    "gab",
    "wer",
    "wann",
    "warum",
    "wieso",
    "weshalb",
    "wo",
    "wohin",
    "woher",
    "wie",
    "was",
    "welch",
    "welche",
    "welcher",
    "welches",
    "welchen",
    "eigentlich",
    "genau",
    "mal",
    "denn",
    "ja",
    "nein",
    "kleve",
    "klever",
    "stadt",
    "stadtverwaltung",
    "verwaltung",
    "frage",
    "fragen",
    "erklaer",
    "erklaere",
    "erklaren",
    "sagen",
    "sag",
    "mir",
    "uns",
    "wissen",
    "moechte",
    "mochte",
    "konnen",
    "kann",
    "koennen",
    "gerne",
    "gern",
    "etwa",
    "dafur",
    "dafuer",
    "darum",
    "daran",
    "davon",
    "dazu",
    "bzw",
    "z",
    "b",
    "usw",
    "etc",
    "ggf",
    "ggfs",
    "s",
    "geht",
    "gehts",
    "überhaupt",
    "uberhaupt",
    "steht",
    "stehen",
}


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_GERMAN

    return frozenset(fold(w) for w in set(STOPWORDS_GERMAN) | _EXTRA_STOPWORDS)


_stemmer_local = threading.local()


def _stemmer():
    # PyStemmer objects are not thread-safe; one per thread is cheap.
    stemmer = getattr(_stemmer_local, "stemmer", None)
    if stemmer is None:
        import Stemmer

        stemmer = Stemmer.Stemmer("german")
        _stemmer_local.stemmer = stemmer
    return stemmer


def tokens(text: str) -> list[str]:
    """Folded, stopword-free, stemmed tokens of ``text``."""
    stop = stopwords()
    words = [w for w in _TOKEN.findall(fold(text)) if w not in stop]
    stemmer = _stemmer()
    return [w if w[0].isdigit() else stemmer.stemWord(w) for w in words]

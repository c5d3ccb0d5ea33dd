"""What a question asks: its sentences and clauses.

A question often tells who asks and why before it asks ("Ich bin Lehrerin. Wer kümmert sich
darum, dass …?"), asks two things at once ("wer sucht … – ist da die Kämmerei mit drin?") or
names its topic in a subordinate or infinitive clause. The readers of ``assistant.unknown``,
``assistant.understand`` and ``assistant.router`` look at the clauses that ask.
"""

from __future__ import annotations

import re

from assistant.words import word_list
from corpus.german import ends_with_abbreviation

# A sentence ends after . ! ? but not after an abbreviation ("z.B. dass ich sehe …", "e.g.").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# An ordinal after an article ends no sentence ("in der 3. Fortschreibung"); a number after a
# noun may ("Ich bin im Fachbereich 20. Haben wir …").
_ORDINAL_END = re.compile(
    r"\b(?:der|die|das|den|dem|des|zur|zum|im|am|vom|beim|ihrer|seiner|unserer)\s+\d{1,2}\.$",
    re.IGNORECASE,
)
# A subordinate clause, after its comma or after a word where everyday typing leaves the comma
# out ("an wen wend ich mich wenn ich sehen will wie weit …").
# An example after a comma ("…, e.g. showing application status online?", "…, z. B. den
# Bearbeitungsstand") illustrates the topic; it asks nothing itself.
_SUBORDINATE = re.compile(
    r"(?:,\s*|(?<=\w)\s+)(?:(?:also|z\.\s?b\.|etwa|so)\s+)*"
    r"(?:dass|wenn|weil|damit|ob|obwohl|sodass|nachdem|falls)\b[^,?]*"
    r"|^\s*(?:wenn|weil|da|falls|obwohl|nachdem)\b[^,]*,"
    r"|,\s*(?:z\.\s?b\.|e\.\s?g\.|zum beispiel|for example|for instance|beispielsweise)\s[^,?]*",
    re.IGNORECASE,
)


# A trailing infinitive clause: ", um … zu beantragen?", ", mit Firmen … zu kommunizieren?".
_INFINITIVE = re.compile(
    r",\s*(?:um\s+)?[^,?.!]*?(?:\bzu\s+\w+|\b(?:an|auf|ab|aus|ein|mit|vor|nach|weg|her|hin|fest"
    r"|frei|dar|bei|zuruck|weiter)zu\w+)(?:en|ern|eln)\b\s*(?=[?.!]|$)"
)


_QUESTION_WORDS = (
    "wer|wen|wem|wann|wo|wozu|warum|wieso|weshalb|womit|wofür|wofur|welche[mnrs]?|was|wie"
)


def asked_sentences(question: str) -> list[str]:
    """The sentences with a question mark, and those opening on a question word without one
    ("… ist das nicht dasselbe? wer macht was"); every sentence where none asks. An ordinal
    after an article ends none ("in der 3. Fortschreibung")."""
    sentences: list[str] = []
    for s in _SENTENCE_END.split(question.strip()):
        if sentences and (
            _ORDINAL_END.search(sentences[-1]) or ends_with_abbreviation(sentences[-1])
        ):
            sentences[-1] = f"{sentences[-1]} {s}"
        elif s:
            sentences.append(s)
    asking = [s for s in sentences if "?" in s]
    if asking:
        # "… so wichtig? hat das auch was mit dem Nachwuchs zu tun": a sentence typed without
        # its question mark asks too when it opens on a question word or, unless a full stop
        # ends it, on a verb
        asking = [
            s
            for s in sentences
            if "?" in s
            or _QUESTION_WORD.match(s)
            or (_ASKING.match(s) and not s.rstrip().endswith((".", "!")))
        ]
    return asking or sentences or [question]


# A question word, also after its preposition ("auf welcher Grundlage", "nach was").
_PREPOSITIONS = "|".join(sorted(word_list("prepositions"), key=len, reverse=True))
_ASK_WORD = rf"(?:(?:{_PREPOSITIONS})\s+)?(?:{_QUESTION_WORDS})"
# A sentence that opens on a question word asks, with or without its question mark.
_QUESTION_WORD = re.compile(rf"^\s*(?:(?:und|oder|aber)\s+)?{_ASK_WORD}\b", re.IGNORECASE)


# Where a sentence breaks into clauses: a dash between spaces, or a colon.
_CLAUSE_BREAK = re.compile(r"\s[–—-]\s|:\s")


def main_clause(question: str) -> str:
    """The clause that asks: the last sentence with a question mark, after a dash or colon,
    without subordinate clauses. "Ich bin Lehrerin. Wer kümmert sich darum, dass unsere
    Klassenräume digitale Tafeln kriegen?" -> "Wer kümmert sich darum?"."""
    return asked_clauses(question)[-1]


def asked_clauses(question: str) -> list[str]:
    """Every clause that asks, in order: each sentence with a question mark (all sentences
    where none has one), split at a dash or colon, without subordinate clauses. "wer sucht
    nach Fördertöpfen – ist da die Kämmerei mit drin?" asks two things."""
    parts = [p for s in asked_sentences(question) for p in _CLAUSE_BREAK.split(s)]
    clauses = [_SUBORDINATE.sub("", p).strip() for p in parts]
    return [c for c in clauses if c] or [question.strip()]


def asked_part(folded: str) -> str:
    """The question without its trailing infinitive clauses: ", mit Firmen und Behörden per
    Mail zu kommunizieren" says what a question is about, not what it asks for ("Was bringt
    es der Stadt, …?" asks for a benefit, not for a firm)."""
    return _INFINITIVE.sub("", folded)


# A new ask inside a sentence: a comma or "und"/"oder" before a question word ("Mit welchem
# Programm läuft die Ratsarbeit, welche Geräte bekommen wir dafür und wer betreut das?").
_NEXT_ASK = re.compile(
    rf"(?:,\s*(?:und\s+|oder\s+)?|\s+(?:und|oder)\s+)(?={_ASK_WORD}\b)", re.IGNORECASE
)


def asks(question: str) -> list[str]:
    """Every single thing the question asks: its asking clauses, each split where a comma or
    "und" starts another question word. A lead-in before the first question word that asks
    nothing itself ("ich frage mich, wer …", "mein Chef will wissen, welche …") is left out:
    the indirect question after it is the ask. A part opening on a verb counts as asking
    ("Ist …", "Gibt es …"); the verb test is by ending only, so "Guten Tag, wer …" keeps its
    greeting as a harmless part."""
    found = []
    for _lead, parts in _split_asks(question):
        found += [p for p in parts if len(p.split()) >= 2]
    return found or [question.strip()]


def without_preamble(question: str) -> str:
    """The question without the lead-ins that say who asks ("mein Chef will wissen, welche
    Stellen …" -> "welche Stellen …") and without the sentences before the first one that
    asks ("mein Chef meint, beim OZG landen die Anträge doch auf dem Schreibtisch. Was ist da
    das Problem?" asks about the problem, not about the Chef); every sentence from the first
    ask on stays, also one that asks without a question mark ("… brauche Name und
    Durchwahl")."""
    for lead, _parts in _split_asks(question):
        if lead:
            question = question.replace(lead, "", 1)
    first = asked_sentences(question)[0]
    start = question.find(first)
    question = question[start:] if start > 0 else question
    # "Lotus Notes wird ja abgeschaltet – wann werden die Workflows ersetzt?": a statement
    # before a dash or colon, when what follows asks, is context as a sentence before is.
    lead, *rest = _CLAUSE_BREAK.split(question, maxsplit=1)
    if rest and "?" not in lead and not _ASKING.match(lead) and _ASKING.match(rest[0]):
        return rest[0]
    return question


def _split_asks(question: str) -> list[tuple[str | None, list[str]]]:
    """Each asking clause as its lead-in that asks nothing ("mein Chef will wissen"; None
    where there is none) and the parts that ask, split at a comma or "und" before a question
    word."""
    split = []
    for clause in asked_clauses(question):
        parts = [p.strip(" ,") for p in _NEXT_ASK.split(clause)]
        if len(parts) > 1 and "?" not in parts[0] and not _ASKING.match(parts[0]):
            split.append((parts[0], parts[1:]))
        else:
            split.append((None, parts))
    return split


# A part that asks: it opens on a question word or a verb ("Ist …", "Gibt es …").
_ASKING = re.compile(
    r"^\s*(?:und\s+|oder\s+|aber\s+)?(?:wer|wen|wem|wann|wo\w*|wozu|warum|wieso|weshalb|was|wie"
    r"|welche[mnrs]?|ob|\w+(?:st|t|en))\b",
    re.IGNORECASE,
)

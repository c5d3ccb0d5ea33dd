"""What a question asks that the catalogue does not hold: the reason to abstain.

Facts of kinds the catalogue never records (costs, persons, contact data, …) are found by
the patterns of ``assistant.lexicon.UNANSWERABLE``; details it never names (a place, a product,
a thing a closed question asks about) by comparing the question's words with every word the
catalogue, its aliases and the domain lexicon use.
"""

from __future__ import annotations

import bisect
import itertools
import re

from rapidfuzz import fuzz, process

from assistant.changes import named_editions
from assistant.clauses import asked_part, asked_sentences, main_clause
from assistant.evidence import facets
from assistant.lexicon import (
    ARTEFACTS,
    CUE_WORDS,
    QUANTITY,
    QUANTITY_ANSWERABLE,
    RULE_KINDS,
    UNANSWERABLE,
)
from assistant.text import compound_splits, content_stems, fold, fre, record_text
from assistant.words import word_list
from corpus.german import acronyms, initials, noun_flags
from corpus.lexicon import load_lexicon
from corpus.models import Catalogue
from corpus.timeline import plan_span

# Words after "which" an English product kind may come ("video conferencing tool").
ENGLISH_PHRASE = 3

# "Welche X …?" / "Mit welcher X …?" at the start of the question or after a dash, colon or
# full stop ("Wir liefern Büromaterial – welche Leitweg-ID …?"): the question asks for an X.
# Not after a comma: "Wann wird geprüft, welche Fördertöpfe es gibt?" asks when.
_WHICH = fre(
    r"(?:^|[–—:;.?!]\s*)\s*(?:und\s+)?(?:(?:mit|in|fur|an|bei|auf|zu|uber|von|aus|nach)\s+)?"
    r"welche[nmrs]?\s+([a-z0-9-]+)"
)
# A closed question ("Muss ich …?", "Bekommen alle …?", "Ist die Stadt auch auf …?"): it is
# answered only if the catalogue knows what it asks about.
_CLOSED = fre(
    r"^\s*(?:und|aber|also)?\s*(?:muss|musst|mussen|kann|kannst|konnen|krieg|kriege|kriegt"
    r"|kriegen|bekomme|bekommt|bekommen|ist|sind|hat|haben|gibt|gibts|wird|werden|darf|durfen"
    r"|soll|sollen|nutzt|nutzen|verwendet|setzt|arbeitet|gilt|will|wollen|habt|hast|stellt"
    r"|stellen|bietet|bieten|erhalte|erhalt|erhalten|ubernimmt|zahlt|steigen|steigt|wechselt"
    r"|wechseln|kommt|kommen|lauft|laufen)\b"
)
_PLANS = fre(r"^\s*(?:und\s+)?(?:plant|planen|plan)\b")
# Nouns for people in general: "Hilft die Stadt älteren Leuten …?" names no detail.
_PEOPLE = fre(
    r"^(\w*leute|\w*leuten|menschen|personen|burger\w*|einwohner\w*|kinder\w*|eltern|senior\w*"
    r"|jugendliche\w*|schuler\w*|mitarbeit\w*|kolleg\w*|beschaftigte\w*|frau|herr|familie\w*"
    r"|privat\w*|nutzer\w*|anwender\w*|kund\w*|besucher\w*|touristen|gaste|anwohner\w*"
    # who is asking: "Ich bin Lehrerin …", "als Azubi", "meine Oma"
    r"|azubi\w*|auszubildend\w*|lehrer\w*|student\w*|rentner\w*|oma|opa|vater|mutter"
    r"|politesse\w*|vorgesetzt\w*|chef\w*|\w+erin|\w+erinnen|\w{4,}ende|\w{4,}enden)$"
)
# Where exactly: "Wo …?" (answered where the catalogue places a project as a whole: "in der
# Innenstadt").
_WHERE = fre(r"^\s*(?:und\s+)?wo\b|\bwo genau\b")
# How do I …: a procedure for the person asking ("Wie funktioniert die Anmeldung?", "Brauche
# ich ein Nutzerkonto?", "Welche Schritte muss ich gehen?"). The catalogue describes what the
# city plans, not procedures; it answers only where its record covers what is asked.
_PROCEDURE = fre(
    r"\bwie funktioniert\b"
    # "Darf ich den Dienstlaptop privat nutzen?": a rule of use
    r"|^\s*(?:und\s+)?(darf|durfen|darfst)\b"
    # "Wie kann ich …", "Wie melde ich mich an?", not "Wie viele …", "Wie lange …"
    r"|\bwie (?!viele?\b|weit\b|lange\b|oft\b)\w+ (ich|man)\b"
    r"|\b(brauch|brauche|braucht|benotige|benotigt) (ich|man)\b"
    r"|\bwelche schritte (muss|soll|kann|sollte) (ich|man)\b"
    r"|\bwas muss (ich|man) (tun|machen|beachten|mitbringen)\b"
)
# How much: money words make a "wer kümmert sich …?" question unanswerable only with these.
_AMOUNT = fre(r"\bwie ?(viel|hoch)\w*|\bkost(e|et|en|eten)\b|\bwas zahle\b|\bzahlen muss\b")
# Funding the city applies for: a topic of its own, not a cost.
_FUNDING = fre(r"\bforder(geld|mittel|topf|topfe|programm)\w*")
# A question for a reason or purpose.
_WHY = fre(r"^\s*(?:und\s+|aber\s+)?(?:warum|wieso|weshalb|wozu|wofur)\b")
_QUOTED = re.compile(r"['\"„“‚‘»«][^'\"„“‚‘»«]{3,}['\"“”‘’«»]")


def which_nouns(folded: str) -> list[str]:
    """The words a "welche …?" question asks for ("Welche Datensätze gibt es?" -> datensatze)."""
    return [m.group(1) for m in _WHICH.finditer(folded)]


def asks_why(folded: str) -> bool:
    """Whether a folded clause opens on a question for a reason or purpose ("Warum …?", "und
    wozu …?")."""
    return bool(_WHY.search(folded))


# Before a capitalised infinitive ("zum Herunterladen", "beim Bezahlen"): a verb, no detail.
_NOMINAL_VERB = fre(r"(?:zum|beim|vom|furs|ans|ins)\s+$")


def reason_of(folded: str) -> str | None:
    """The first reason of ``UNANSWERABLE`` whose pattern the text shows."""
    return next((reason for reason, pattern in UNANSWERABLE if pattern.search(folded)), None)


def is_closed(folded: str) -> bool:
    """ "Ist Fachbereich 20 am Handyparken beteiligt?": a yes/no question."""
    return bool(_CLOSED.search(folded))


def closed_nouns(question: str, lower_case: bool = False, closed: bool = False) -> list[str]:
    """The nouns the closed sentences of a question ask about: "Kann ich die Parkzeit per
    Handy verlängern? Und wie kontrolliert das Ordnungsamt?" asks yes or no about the first
    sentence only; the second asks how, and its nouns name what it is about."""
    asked = asked_sentences(question)
    if len(asked) == 1:
        return _closed_nouns(question, lower_case, closed)
    return [n for s in asked for n in _closed_nouns(s, lower_case, closed)]


def _closed_nouns(question: str, lower_case: bool = False, closed: bool = False) -> list[str]:
    """The nouns a closed question asks about ("Bekommen alle Schüler ein iPad?" -> iPad):
    capitalised words after the first (or with a capital inside, "iPad"), without people
    in general, infinitives used as nouns and the words the rules for unanswerable facts
    judge ("Kann ich Gebühren per E-Payment bezahlen?" is about paying, not about a fee);
    empty for any other question."""
    # Against the whole catalogue (``lower_case``), "Plant die Stadt einen Chatbot?" asks
    # whether the plan holds a thing, as a closed question does.
    planned = lower_case and _PLANS.search(fold(question))
    if not (closed or _CLOSED.search(fold(question)) or planned):
        return []
    nouns = []
    # Written all in lower case ("kann ich auch mit paypal bezahlen"), a question shows no
    # nouns: with ``lower_case``, every content word of four letters or more counts as one,
    # except in an alternative offered ("… oder immer noch auf papier").
    lower = lower_case and not any(c.isupper() for c in question[1:])
    offered = re.search(r"\boder\b", question)
    # Written all in lower case, the tagger tells the verbs and adverbs, which name no thing
    # ("kann man … nachgucken", "getestet", "kriegen", "irgendwo").
    flags = noun_flags(question) if lower else ()
    # Words in quotation marks name the topic ("beim Thema 'mehr Durchblick für die Bürger'"),
    # not a detail asked about.
    quoted = [m.span() for m in _QUOTED.finditer(question)]
    for i, m in enumerate(re.finditer(r"[\w-]+", question)):
        word = m.group(0)
        if any(start < m.start() < end for start, end in quoted):
            continue
        capitalised = word[:1].isupper() or any(c.isupper() for c in word[1:])
        if lower:
            alternative = offered is not None and m.start() > offered.start()
            capitalised = (
                (flags[i] if i < len(flags) else True)
                and len(word) >= 4
                and bool(content_stems(word))
                and not alternative
            )
        if m.start() == 0 or not capitalised or _PEOPLE.search(fold(word)):
            continue
        if re.search(r"[.!?]\s*$", question[: m.start()]):
            continue  # a sentence's first word is capitalised anyway
        if _NOMINAL_VERB.search(fold(question[: m.start()])):
            continue
        if any(pattern.search(fold(word)) for _reason, pattern in UNANSWERABLE):
            continue
        if any(f.asks.search(fold(word)) for f in facets()):
            continue  # "Gibt es ein Beispiel …?" asks for a facet the ranking finds
        nouns.append(word)
    return nouns


def asks_procedure(folded: str) -> bool:
    """ "Wie funktioniert die Anmeldung …?": how the person asking does something. Only a
    sentence that asks counts (one with a question mark, where there is one): "… brauch ich
    für meine Projektarbeit" says why one asks. A why-question asks for a reason, whatever its
    verb ("Wozu braucht man 5G?")."""
    return any(_PROCEDURE.search(s) and not asks_why(s) for s in asked_sentences(folded))


def asked_artefact(folded: str, english: bool = False) -> str | None:
    """The stem of the product kind a "welche X" question asks for ("Welche
    Videokonferenz-Software …?" -> "softwar"), if X is one (``ARTEFACTS``). English writes
    its compounds apart ("which video conferencing tool do we use"): there the kind may be
    any word of the noun phrase, up to the first function word."""
    function = word_list("english") if english else frozenset()
    for m in _WHICH.finditer(folded):
        # "welches projektmanagement tool": the kind may be the word after the first.
        after = folded[m.end(1) :].split()[: ENGLISH_PHRASE if english else 1]
        if english:
            after = list(itertools.takewhile(lambda w: w.isalnum() and w not in function, after))
        kinds = [m.group(1), *(w for w in after if set(content_stems(w)) & ARTEFACTS)]
        stems = content_stems(kinds[-1].split("-")[-1])
        if not stems:
            continue
        if stems[-1] in ARTEFACTS or stems[-1] in RULE_KINDS:
            return stems[-1]
        # A compound ending in a product kind: "Videokonferenzsoftware", "Glasfaseranbieter".
        tail = next((a for a in ARTEFACTS if len(a) >= 4 and stems[-1].endswith(a)), None)
        if tail and len(stems[-1]) >= len(tail) + 4:
            return tail
    return None


class UnknownDetails:
    """The catalogue's vocabulary, and the questions that ask beyond it."""

    def __init__(self, catalogue: Catalogue, phrases: list[str]) -> None:
        # Every word stem the catalogue (and the alias table) knows: a question about anything
        # else asks for something the catalogue does not hold (``_unknown``).
        texts = [record_text(p) for p in catalogue.projects] + [s.text for s in catalogue.sections]
        whole = " ".join([*texts, *phrases])
        self._vocabulary = set(content_stems(whole))
        # "Content-Management-System" is known where the catalogue writes "CMS".
        self._acronyms = acronyms(whole)
        # Everyday words the domain lexicon maps onto the catalogue ("kostenloses Internet").
        everyday = [w for e in load_lexicon().entries for p in e.when for w in p.words]
        self.everyday = set(content_stems(" ".join(everyday)))
        # Every start and end of a catalogue word, for compounds (``_in_compound``).
        self._heads = {w[:i] for w in self._vocabulary for i in range(1, len(w) + 1)}
        self._tails = {w[i:] for w in self._vocabulary for i in range(len(w))}
        # Another town by name (the edition's data), a later edition than this one, a year
        # after the plan: the catalogue cannot speak of them.
        places = catalogue.knowledge.other_places
        self._other_place = (
            re.compile(rf"\b(?:{'|'.join(map(re.escape, places))})\b") if places else None
        )
        self.edition = catalogue.edition or 0
        self.horizon = plan_span(catalogue)[1] if catalogue.projects else None
        self._known_text = " ".join(re.findall(r"[a-z]+", fold(whole)))
        self._known_words = frozenset(self._known_text.split())
        self._vocabulary_words = sorted(w for w in self._known_words if len(w) >= 5)

    def joined(self, folded: str) -> str:
        """The folded question with a compound written as two words joined where the joined
        word is the catalogue's ("dauer aufgabe" -> "daueraufgabe", "zeit raum" -> "zeitraum"),
        so that cues and filters read it as the catalogue prints it."""
        words = folded.split(" ")
        out: list[str] = []
        for word in words:
            if out and len(out[-1]) >= 3 and len(word) >= 3 and out[-1].isalpha():
                bare = word.rstrip("?!.,;:")
                joined = out[-1] + bare
                # "smart city" is printed apart as well: then either is the catalogue's
                if (
                    len(joined) >= 8
                    and joined in self._known_words
                    and f"{out[-1]} {bare}" not in self._known_text
                ):
                    out[-1] = out[-1] + word
                    continue
            out.append(word)
        return " ".join(out)

    def foreign_nouns(self, question: str) -> list[str]:
        """Nouns of the question that name a thing the catalogue never speaks of ("Wann kommen
        Ladesäulen für E-Autos?" -> Ladesäulen, Autos): capitalised words after the first, or
        parts of a hyphenated one, that are not the catalogue's words, not the domain
        lexicon's, not a misspelling of one and not a compound ending in one. People in general,
        times and infinitives used as nouns do not count."""
        found = []
        clause = main_clause(question)
        for m in re.finditer(r"[\w-]+", clause):
            word = m.group(0)
            if m.start() == 0 or not word[:1].isupper():
                continue
            if _PEOPLE.search(fold(word)):
                continue
            if _NOMINAL_VERB.search(fold(clause[: m.start()])):
                continue
            if self._abbreviated(word):
                continue
            found += [p for p in word.split("-") if len(p) >= 4 and self._foreign(p)]
        return found

    def _foreign(self, word: str) -> bool:
        if not self._unknown(word) or set(content_stems(word)) & self.everyday:
            return False
        # A compound whose last part is a known word names a kind of that thing
        # ("Lieferantenrechnungen" are Rechnungen); "Ladesäulen" and "Rathausdach" are not.
        return not any(self._known_part(tail) for _, tail in compound_splits(fold(word), 3))

    def _known_part(self, part: str) -> bool:
        stems = content_stems(part)
        return (
            len(part) >= 4
            and len(stems) == 1
            and (
                stems[0] in self._vocabulary or (len(stems[0]) >= 4 and self._in_compound(stems[0]))
            )
        )

    def reason(
        self,
        question: str,
        folded: str,
        aspects: list[str],
        nouns: list[str],
        unit: str | None = None,
        english: bool = False,
        asking: str | None = None,
    ) -> str | None:
        """Why the catalogue cannot answer the question (a reason of ``UNANSWERABLE``, "ort",
        "zahl" or "unbekannt"), or None. ``nouns``: ``closed_nouns(question)``; ``unit``: the
        organisational unit the question names; ``english``: read through the glossary, so
        no word is judged unknown; ``asking``: the folded question without its lead-in (see
        ``clauses.without_preamble``). What only the chosen records can settle (a
        kind of thing the catalogue has no word for, a thing named beside a question about
        who) is left to ``assistant.answerable``."""
        # ``asking``: the folded asks, without who asks ("mein Chef will wissen, …").
        asked = asked_part(asking or folded)
        for reason, pattern in UNANSWERABLE:
            if not pattern.search(asked):
                continue
            # "Wer kümmert sich darum, Fördergelder zu beantragen?" asks who, not how much;
            # "Holt sich die Stadt Fördergeld?" asks about funding (DV 1.3), not a sum.
            funding = "zustaendigkeit" in aspects or _FUNDING.search(asked)
            if reason == "kosten" and funding and not _AMOUNT.search(folded):
                continue
            return reason
        if self.beyond(asked):
            return "zukunft"
        if self._other_place and self._other_place.search(asked):
            return "ort"
        # The vocabulary is German: every English word the glossary leaves is "unknown". On
        # the team's sets, a place or thing unknown in an English question declined only
        # answerable questions (five), never one to decline; "where exactly" still does.
        if not english and self._names_unknown_place(question):
            return "ort"
        # "Wo ist die 10.2 überall mit drin?" asks for the unit's projects, not a place.
        if not unit and self._asks_where_unknown(folded):
            return "ort"
        if QUANTITY.search(folded) and not QUANTITY_ANSWERABLE.search(folded):
            return "zahl"
        if english:
            # Its vocabulary is German, so only brand names are judged: a word with a capital
            # inside that the catalogue never uses ("… with PayPal …", "TikTok"); English
            # capitalises words of titles too ("the Online Access Act").
            names = re.findall(r"\b[A-Za-z][a-z]+[A-Z][\w-]*", question)
            return "unbekannt" if any(self._unknown(n) for n in names) else None
        who = "zustaendigkeit" in aspects
        if self._asks_for_unknown(question, folded, [] if who else nouns):
            return "unbekannt"
        return None

    def beyond(self, folded: str) -> bool:
        """Whether the question asks about an edition after this one ("Was steht in der
        dritten Fortschreibung?" of the 2nd; with the 3rd loaded it is answered) or a year
        after the plan ("Was passiert nach 2030?")."""
        if self.edition and any(n > self.edition for n in named_editions(folded)):
            return True
        years = [int(y) for y in re.findall(r"\bnach (20\d\d)\b", folded)]
        return bool(self.horizon and any(y >= self.horizon for y in years))

    def which_unknown_kind(self, folded: str) -> str | None:
        """ "Welche Programmiersprache …?", "Welches PM-Tool …?": the kind of thing asked for
        when the catalogue never uses that word (any part of a hyphenated word counts).
        "Welche Arbeitsschritte …?" asks for Schritte: a kind the catalogue has; "In welchen
        Digiprojekten …?" asks for projects, a word too common to be a content word."""
        for word in which_nouns(folded):
            stems = content_stems(word)
            if stems and any(stems[-1].endswith(c) for c in CUE_WORDS if len(c) >= 5):
                continue
            if any(len(tail) >= 6 and not content_stems(tail) for _, tail in compound_splits(word)):
                continue
            if stems and stems[-1] in RULE_KINDS:  # the slot check decides (answerable)
                continue
            if self._unknown_parts(word):
                return stems[-1] if stems else word
        return None

    def _asks_for_unknown(self, question: str, folded: str, nouns: list[str]) -> bool:
        """The question asks about a thing the catalogue never names: "Welche
        Programmiersprache …?", "Welches PM-Tool …?" (any part of a hyphenated word counts),
        or a closed question about one ("Krieg ich einen Dienstlaptop gestellt?", "Ist die
        Stadt auch auf TikTok?"). In a closed question only nouns count (capitalised inside
        the sentence), not people in general and not infinitives used as nouns."""
        if self.which_unknown_kind(folded):
            return True
        return any(self._unknown_parts(word) for word in nouns)

    def _asks_where_unknown(self, folded: str) -> bool:
        """ "Wo in der Innenstadt gibt es schon WLAN, auch am Marktplatz?": where exactly, about
        a word neither the catalogue nor the domain lexicon uses. The catalogue places projects
        only as a whole ("in der Innenstadt", "im Stadtgebiet")."""
        if not _WHERE.search(folded):
            return False
        return any(
            self._unknown(word) and not set(content_stems(word)) & self.everyday
            for word in re.findall(r"[a-z0-9]+", folded)
        )

    def _names_unknown_place(self, question: str) -> bool:
        """ "Wann wird in Materborn Glasfaser verlegt?": "in"/"aus"/"nach" right before a
        capitalised word the catalogue never uses names a place (or body) it says nothing
        about; "in der Innenstadt", "in Schulen" and "in Kleve" are known words."""
        # "Ich wohne in Materborn. Wer macht da mit?": only the clause that asks counts; in a
        # question written all in lower case any word may be the place ("in materborn").
        clause = main_clause(question)
        lower = not any(c.isupper() for c in question[1:])
        capital = "[A-ZÄÖÜa-zäöü]" if lower else "[A-ZÄÖÜ]"
        for m in re.finditer(rf"(?<!^)\b(?:in|aus|nach)\s+({capital}[\w-]{{3,}})", clause):
            if self._unknown(m.group(1)) and not _PEOPLE.search(fold(m.group(1))):
                return True
        return False

    def abbreviations(self, text: str) -> list[str]:
        """The catalogue acronyms ``text`` spells out ("Content-Management-System" -> "cms")."""
        return [initials(w) for w in re.findall(r"[\w-]+", text) if self._abbreviated(w)]

    def _abbreviated(self, word: str) -> bool:
        """Whether ``word`` spells out an acronym the catalogue uses ("Content-Management-System"
        for its "CMS")."""
        spelled = initials(word)
        return bool(spelled) and spelled in self._acronyms

    def _unknown_parts(self, word: str) -> bool:
        """Whether a part of a (hyphenated) word is unknown, unless it spells out a catalogue
        acronym."""
        if self._abbreviated(word):
            return False
        return any(self._unknown(part) for part in word.split("-"))

    def _unknown(self, word: str) -> bool:
        """Whether the catalogue never uses ``word``: not its stem, not as part of a compound,
        not as an inflection the stemmer left ("freies" is "frei" + "es"), not misspelt."""
        stems = content_stems(word)
        if len(stems) != 1 or stems[0] in CUE_WORDS or len(stems[0]) < 4:
            return False
        stem = stems[0]
        if any(len(stem) - cut >= 4 and stem[:-cut] in self._vocabulary for cut in (1, 2, 3)):
            return False
        if stem in self._vocabulary or self._in_compound(stem):
            return False
        # A clipped word ends on its vowel and begins the full one ("Infos" for the
        # Informationen of the records, "Demo", "Kita").
        bare = fold(word).removesuffix("s")
        if len(bare) >= 4 and bare[-1] in "io" and self._begins_longer(bare):
            return False
        # A compound of two catalogue words ("Digitalisierungsabteilung").
        if any(
            self._known_part(head) and self._known_part(tail)
            for head, tail in compound_splits(fold(word))
        ):
            return False
        # A misspelling of a catalogue word ("Digitalisierungsprojketen", "Digitalsierung").
        return not (
            len(stem) >= 7
            and process.extractOne(
                fold(word), self._vocabulary_words, scorer=fuzz.ratio, score_cutoff=88
            )
        )

    def _begins_longer(self, prefix: str) -> bool:
        """Whether a catalogue word of three letters more or longer begins with ``prefix``
        (``_vocabulary_words`` is sorted: those words stand together from its place on)."""
        words = self._vocabulary_words
        for w in words[bisect.bisect_left(words, prefix) :]:
            if not w.startswith(prefix):
                return False
            if len(w) > len(prefix) + 2:
                return True
        return False

    def _in_compound(self, stem: str) -> bool:
        """Whether a catalogue word starts or ends with `stem` ("Tablet" in "Tabletnutzung",
        "Software" in "Managementsoftware"); a stem inside a word ("tabl" in "etabli") is not
        a part of that compound."""
        return stem in self._heads or stem in self._tails

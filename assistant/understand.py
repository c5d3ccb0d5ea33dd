"""Understanding a question: which projects it names (``assistant.names``), what it asks for,
which list it wants.

Everything here is deterministic and works on folded text (see ``assistant.text.fold``).
Retrieval is only consulted later, for questions that name no project. Whether the catalogue
can answer at all is decided in ``assistant.unknown``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from assistant.clauses import asked_clauses, asks, main_clause, without_preamble
from assistant.cognates import Cognates
from assistant.filters import ListFilter, Terms, parse_filter
from assistant.lexicon import CUE_WORDS
from assistant.models import Intent, Reason
from assistant.names import ProjectNames
from assistant.rules import decide
from assistant.text import content_stems, fold, fre
from assistant.unknown import (
    UnknownDetails,
    asked_artefact,
    asks_procedure,
    asks_why,
    closed_nouns,
    is_closed,
    which_nouns,
)
from assistant.words import gloss, is_english, word_list
from corpus.lookup import candidates, find_project_refs
from corpus.models import Catalogue

# "welches Amt …?", "welche FBs …?": asked which unit, a question of responsibility.
_UNIT_NOUNS = "|".join(sorted(word_list("unit_nouns"), key=len, reverse=True))
_CUES: dict[str, re.Pattern[str]] = {
    # "wer" with any verb is decided by the rule wer-fragt-zustaendigkeit (rules.toml).
    "zustaendigkeit": fre(
        r"\b\w*zustandig\w*|\bverantwort\w*|\bkummer\w*|\bansprech\w*"
        rf"|\bwelche[mnrs]? (?:{_UNIT_NOUNS})\b"
        r"|\bfederfuhr\w*|\bbetreut\b"
        # "An wen kann ich mich wenden …?"
        r"|\ban wen\b|\bwen (kann|konnte|soll|muss) (ich|man)\b|\bwende (ich|man)\b"
        r"|\bmit im boot\b"
        # "Ist das nur Sache der Projektleitung?", "Aufgabe der FB-Leitungen?"
        r"|\b(?:sache|aufgabe|job) (?:der|des|von)\b"
    ),
    "zeitraum": fre(
        # A cue noun counts as the head of a compound too ("Umsetzungszeitraum").
        r"\bwann\b|\b\w*zeitr(aum|aume|ahmen)\w*|\b\w*zeitplan\w*|\bzeitschiene\b|\bwie lange?\b"
        # "Zeitansatz" is the catalogue's own word ("einzelne Zeitansätze anzupassen")
        r"|\bzeitansatz\w*|\bzeitansatze\w*|\bzeithorizont\w*|\bzeitfenster\b"
        r"|\blaufzeit\b|\bdauer(t|n)?\b|\bdaueraufgabe\b|\bwelche[mns]? jahr(?:e|en)?\b"
        r"|\bstartet\b|\bbeginnt\b|\bfertig\b|\babgeschlossen\b|\bzeitlich\w*|\bbefristet\b"
        r"|\bbis \d{4}\b|\bab \d{4}\b"
    ),
    "massnahmen": fre(
        # "Schritte" also in a compound ("Einzelschritte", "Arbeitsschritte"), but not
        # "Fortschritt" (progress)
        r"\b(einzel)?massnahmen?\b|\b\w*(?<!fort)schritte?\b|\bwas (wird|passiert|macht|tut|"
        r"ist geplant|ist vorgesehen|soll gemacht|genau)\b|\bgeplant\b|\bvorgesehen\b"
        # "Was gehört zum DMS?" asks for its steps; "Gehört das zu welchem Bereich?" does not
        r"|\baufgaben\b|\bumfasst\b|\bgehor(en|t) zu\w*\b(?!\s+welche)"
        # "Was muss alles passieren, damit …?", "Was steht auf der To-do-Liste?", "Womit
        # sollen die Schulen ausgestattet werden?"
        r"|\bwas muss (alles )?passieren\b|\bto-?do\b|\bwomit\b.*\b(ausgerustet|ausgestattet)\b"
        r"|\bwas (plant|planen|unternimmt|unternehmen)\b"
        # "Wie sollen die Führungskräfte mitgenommen werden?": how, i.e. by which measures
        r"|^\s*(und\s+)?wie (soll|sollen|will|wollen)\b"
    ),
    "beschreibung": fre(
        r"\bwas (ist|sind|bedeutet|heisst|meint)\b|\bworum\b|\bwarum\b|\bwozu\b|\bweshalb\b"
        r"|\bwieso\b|\berklar\w*|\bziel\w*|\bwelche software\b|\bwelcher anwendung\b"
        r"|\bmit welche[rm]\b|\bgibt es\b|\bbeschreib\w*|\bhintergrund\b|\bsinn\b"
    ),
}
_COMPARE = fre(
    r"\bunterschied\w*|\bunterscheid\w*|\bvergleich\w*|\blanger\b|\bkurzer\b|\bvs\.?\b|\bversus\b|\beher\b"
    r"|\bfruher\b|\bzuerst\b|\bspater dran\b|\bgemeinsam\w*|\bbeide[nr]?\b|\bwelches .* zuerst\b"
    r"|\balter\b|\bneuer\b"
)
_LIST = fre(
    r"\bwelche (projekte|vorhaben|digitalisierungsprojekte|massnahmenbereiche)\b|\balle projekte\b"
    r"|\ball(e|er) vorhaben\b|\bliste\w*|\bauflist\w*|\b(an|bei|in|fur) welchen (projekten|"
    r"vorhaben|digitalisierungsprojekten)\b|\buberall\b|\bwie ?viele projekte\b"
    r"|\bwelche projekte\b|\bwofur ist\b|\bwelche .* [\w-]*(projekte|vorhaben)\b"
    r"|\b(an|bei|in|fur) welchen (?:[\w-]+ )?[\w-]*(projekten|vorhaben)\b"
    r"|\b(nenne|nenn|zeig|zeige|gib)\w*\b.*\b(projekte|vorhaben)\b"
    r"|\bwas (macht|tut|plant|passiert)\b.*\balles\b"
    # "Was gehört alles zum Themenfeld Partizipation?": a list where it names a field
    r"|\bwas gehor(t|en) (denn )?(so )?alles\b"
)
_STRUCT = fre(
    r"\bwirkungsbereich\w*|\baktionsfeld(er)?\b|\baufgeteilt\b|\bgegliedert\b|\bgliederung\b"
    r"|\baufbau des\b|\bstruktur des\b|\bfortschreibung\w*|\baktualisiert\b|\bwie oft\b"
    r"|\bsmart-city-aktionsfeld\w*"
    r"|\bsmart city aktionsfeld\w*|\bbereiche\b|\bdigitalen? (verwaltung|stadt)\b"
    r"|\bsachstandsbericht\w*|\bapd\b|\bausschuss\w*|\bthemenfeld\w*|\bhandlungsfeld\w*"
)
# "Katalog" as what is asked about ("plant mit dem Katalog"), not as the source ("laut
# Katalog", "steht im Katalog …", "nach dem Katalog", "welche Sachen aus dem Katalog …").
_CATALOGUE = fre(
    r"(?<!laut )(?<!im )(?<!nach dem )(?<!in dem )(?<!aus dem )\b(?:massnahmen)?katalog\w*"
)


def name_pattern(name: str) -> re.Pattern[str] | None:
    """How a question names the catalogue by its own name (``Catalogue.name``): as printed
    ("kleve.digital 2030"), by its dotted word alone ("kleve.digital"), or with a space for the
    dot when the year follows ("kleve digital 2030"; "in kleve digital" alone is no name)."""
    parts = fold(name).split()
    if not parts or "." not in parts[0]:
        return None
    head, rest = parts[0], " ".join(parts[1:])
    spaced = re.escape(head.replace(".", " ")) + (rf"\s+{re.escape(rest)}" if rest else "")
    return re.compile(rf"\b(?:{re.escape(head)}|{spaced})\b")


def about_structure(folded: str) -> bool:
    """Whether a question speaks of the catalogue's structure or of the catalogue itself."""
    return bool(_STRUCT.search(folded) or _CATALOGUE.search(folded))


def names_catalogue_only(folded: str) -> bool:
    """Whether only the word "Katalog" makes a question look like one about the catalogue
    ("welche App nennt der Katalog als Beispiel?" may ask about a project's content)."""
    return bool(_CATALOGUE.search(folded)) and not _STRUCT.search(folded)


# Time asked in passing ("Kann ich das bald online beantragen?", "Gibts das schon oder kommt
# das erst noch?"): the answer gives what the record says and its period.
_SOFT_TIME = fre(
    r"\b(bald|irgendwann|demnachst|kunftig|zukunftig)\b|\b(schon|bereits) oder\b"
    r"|\berst noch\b|\bweiter gepflegt\b"
)
# What something is, and why: the answer then leads with the record's first sentence.
DEFINE = fre(r"\bwas (ist|sind|bedeutet|bedeuten|heisst|meint|versteht)\b|\bworum\b|\bdefini\w*")
WHY = fre(r"\b(warum|wozu|wieso|weshalb)\b")
_FOLLOWUP = fre(
    r"^\s*(und|aber|also|dann|ok|okay)\b|\b(das|dafur|davon|dort|damit|dabei|es|dies|diese[sm]?"
    r"|die|der|denen|dessen)\s*\??\s*$"
)


@dataclass(frozen=True)
class Understanding:
    """What a question asks, read once; later steps derive new views with ``replace``."""

    question: str
    folded: str
    intent: Intent
    aspects: tuple[str, ...]
    project_ids: tuple[str, ...] = ()  # named by number, title or alias
    numbers: tuple[str, ...] = ()  # bare numbers, area not stated
    ambiguous: bool = False
    twin_topic: bool = False
    weak_names: bool = False  # only generic words name the project: the index may know better
    # The names, where the project is named in passing only ("nach der E-Akte"): the index
    # decides what is asked, from the question without them.
    passing_names: tuple[str, ...] = ()
    # Two projects named side by side ("Digitalisierungskurse und -initiativen", "X oder Y"):
    # both are what the question is about, not one named in passing.
    coordinated: bool = False
    filter: ListFilter | None = None
    unanswerable: Reason | None = None
    topic: tuple[str, ...] = ()  # content stems without cue words
    followup: bool = False  # names no project and reads like a follow-up ("Und wann?")
    elliptic: bool = False  # short or starting with "und" ("und die 2.4?")
    list_cue: bool = False
    compare_cue: bool = False
    struct_cue: bool = False
    closed: bool = False  # a yes/no question ("Ist Fachbereich 20 am Handyparken beteiligt?")
    closed_nouns: tuple[str, ...] = ()  # what a closed question asks about
    artefact: str | None = None  # the product kind of "Welche Software …?" (a stem)
    procedure: bool = False  # how the person asking does something ("Wie melde ich mich an?")
    soft_time: bool = False  # time asked in passing ("Kann ich das bald online beantragen?")
    english: bool = False  # asked in English: answered in German with an English lead
    decided_by: str | None = None  # the rule or classifier that set the intent, if any
    slot: str | None = None  # a detail the answer must hold ("datum"), by a rule of rules.toml
    clauses: tuple[str, ...] = ()  # the clauses that ask (``assistant.clauses``), in German

    def with_(self, **changes) -> Understanding:
        return replace(self, **changes)


# Cue words worth repairing when mistyped ("zustendig", "verantwortlch", "massnamen").
_CANON_TEXT = (
    "zuständig zuständigkeit verantwortlich maßnahmen einzelmaßnahmen zeitraum zeitplan"
    " beteiligt unterschied aktionsfeld aktionsfelder wirkungsbereich wirkungsbereiche"
    " fachbereich abteilung daueraufgabe daueraufgaben ansprechpartner"
    " digitalisierungsprojekte digitalisierungsprojekten"
)
_CANON = tuple(fold(w) for w in _CANON_TEXT.split())


def _asks_which_unit(folded: str) -> bool:
    """ "Welche Stellen kümmern sich um das Vorhaben, …?" asks for units, however a project
    word ("Vorhaben", "Projekte") follows: the answer is a Zuständigkeit, not a list of
    projects (the first "welche …" noun is one of words.toml [unit_nouns])."""
    asked = which_nouns(folded)
    return bool(asked) and asked[0] in word_list("unit_nouns")


def _about_all_projects(u: Understanding) -> bool:
    """A yes/no question about all projects at once ("Werden bis 2030 alle Projekte fertig?")
    asks about the catalogue as a whole, which its general sections answer, not for a list;
    one that names a unit or a field asks about that unit's or field's projects."""
    flt = u.filter
    if flt and (flt.unit or flt.area or flt.action_field or flt.smart_field):
        return False
    words = u.folded.split()
    return any(
        w in ("alle", "samtliche") and nxt.strip("?,.") in ("projekte", "vorhaben")
        for w, nxt in itertools.pairwise(words)
    )


def _without_particles(folded: str) -> str:
    """The folded question without modal particles ("wie heisst denn der …" -> "wie heisst
    der …"), so that cues need not allow for them."""
    particles = word_list("particles")
    return " ".join(w for w in folded.split(" ") if w not in particles)


def _fix_typos(folded: str) -> str:
    def repair(m: re.Match[str]) -> str:
        token = m.group(0)
        if len(token) < 7 or token in _CANON:
            return token
        best = max(_CANON, key=lambda c: fuzz.ratio(token, c))
        return best if fuzz.ratio(token, best) >= 85 else token

    return re.sub(r"[a-z]+", repair, folded)


def asks_yes_no(english: str) -> bool:
    """An English question that opens on an auxiliary ("Can I …?", "Is there …?", "Does the
    city …?") asks yes or no, as a German one opening on its verb does (``is_closed``)."""
    first = re.match(r"\s*(\w+)", main_clause(english).lower())
    return bool(first) and first.group(1) in word_list("english_yes_no")


def asks_time(clause: str) -> bool:
    """Whether a clause asks when: a time cue word or the rule for time put otherwise ("bis
    wann sollte sie erstellt werden?")."""
    rule = decide(clause, "intent")
    return bool(_CUES["zeitraum"].search(fold(clause))) or bool(rule and rule.value == "zeitraum")


class QuestionReader:
    """Reads questions against one catalogue (titles and aliases are built once)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.knowledge = catalogue.knowledge  # the edition's data file
        self.terms = Terms.of(catalogue)
        self.names = ProjectNames(catalogue)
        self.details = UnknownDetails(catalogue, list(self.names.phrases))
        self.cognates = Cognates(catalogue)
        # The general sections by the first word of their titles ("Zeitstrahl zur Umsetzung",
        # "Detailbetrachtung: …"): a question naming one asks about the catalogue itself.
        self._section_heads = frozenset(
            stems[0] for s in catalogue.sections if (stems := content_stems(s.title.split()[0]))
        )
        self._own_name = name_pattern(catalogue.name)

    def glossed(self, question: str) -> str:
        """An English question as the German checks read it: the glossary's phrases and the
        catalogue words its cognates resemble in place ("transparency" -> "Transparenz")."""
        return self.cognates.read(gloss(question))

    def naming_words(self, project_id: str) -> set[str]:
        """See ``ProjectNames.naming_words``."""
        return self.names.naming_words(project_id)

    def named_projects(self, folded: str) -> tuple[list[str], bool, bool]:
        """See ``ProjectNames.named``: the projects, whether only twin topics named them,
        whether only generic words did."""
        return self.names.named(folded)[:3]

    # -- the whole question --------------------------------------------------------------
    def read(self, question: str, area_hint: str | None = None) -> Understanding:
        english = is_english(question)
        # An English question is read with the German words for its phrases added.
        said = self.glossed(question) if english else question
        folded = self.details.joined(_without_particles(_fix_typos(fold(said))))
        numbered: list[str] = []
        numbers: list[str] = []
        ambiguous = False
        stated = set(re.findall(r"\b(dv|ds)\b", folded))
        if len(stated) == 1:  # "das DS-Projekt 3.3"
            area_hint = stated.pop().upper()
        for area, number in find_project_refs(question):
            area = area or None
            if area and self.catalogue.get(f"{area}-{number}"):
                numbered.append(f"{area}-{number}")
                continue
            found = candidates(self.catalogue, number)
            if len(found) == 1:
                numbered.append(found[0].id)
            elif found:
                hinted = [p.id for p in found if area_hint and p.area_code == area_hint]
                if hinted:
                    numbered.extend(hinted)
                else:
                    numbers.append(number)
                    ambiguous = True
                    numbered.extend(p.id for p in found)
        named, twin_only, weak, coordinated, passing = self.names.named(folded)
        project_ids = tuple(dict.fromkeys(numbered + named))
        aspects = [name for name, cue in _CUES.items() if cue.search(folded)]
        decided_by = None
        # The intent rules add what they decide ("Wer macht das, und ab wann?": who and when).
        # English is read through the glossary here too ("who is running …" -> "wer …").
        # Every clause that asks is read ("wer sucht nach Fördertöpfen – ist da die Kämmerei
        # mit drin?" asks who, though its last clause does not say so).
        asking = main_clause(said)
        clauses = tuple(asked_clauses(said))
        # An indirect question asks in its subordinate clause ("ich frage mich, wer … plant"):
        # the rules read each ask (``asks``), split off at its question word.
        for clause in dict.fromkeys([*clauses, *asks(said)]):
            rule = decide(clause, "intent")
            if rule and rule.value not in aspects:
                decided_by = decided_by or rule.id
                aspects = [a for a in _CUES if a in aspects or a == rule.value]
        # English: its glossed German words, without its function words ("the", "which").
        english_words = word_list("english") if english else frozenset()
        topic = tuple(
            s for s in content_stems(said) if s not in CUE_WORDS and s not in english_words
        )
        # "Content-Management-System" is what the record calls "CMS".
        topic += tuple(self.details.abbreviations(said))
        elliptic = bool(_FOLLOWUP.search(folded)) or len(topic) <= 1
        # An English yes/no question names its things in capitals, as German does its nouns
        # ("Are we getting Jira …?"); its other words are not the catalogue's language.
        closed_english = english and asks_yes_no(said)
        nouns = tuple(closed_nouns(question, closed=closed_english))
        flt = self._without_asker(parse_filter(question, folded, self.terms), clauses, aspects)
        if "zustaendigkeit" in aspects and asks_why(fold(asking)) and not (flt and flt.unit):
            # "Warum kümmert sich die Stadt um Glasfaser?" asks for the reason, not who; "Warum
            # ist FB 32 zuständig?" names a unit, which the record confirms or corrects.
            aspects = [a for a in aspects if a != "zustaendigkeit"] or ["beschreibung"]
        # Against the whole catalogue, a question in lower case has its nouns too.
        asked_nouns = closed_nouns(question, lower_case=not english, closed=closed_english)
        # The German checks read an English question through the glossary.
        reason = self.details.reason(
            said,
            folded,
            aspects,
            asked_nouns,
            flt.unit if flt else None,
            english,
            _without_particles(_fix_typos(fold(without_preamble(said)))),
        )
        if not reason:
            rule = decide(asking, "reason")
            reason = rule.value if rule else None
        foreign = not english and self.details.foreign_nouns(question)
        who = "zustaendigkeit" in aspects
        if not reason and not project_ids and foreign and not who:
            # "Wann kommen Ladesäulen für E-Autos?": a thing the catalogue never speaks of,
            # and no project named; the nearest project by retrieval would not answer it. A
            # question about who ("… ist die Kämmerei mit im Boot?") is answered by the
            # Zuständigkeit of the project the index finds, if one is close enough.
            reason = Reason.UNBEKANNT
        own_name = bool(self._own_name and self._own_name.search(folded))
        if reason == Reason.STAND and not project_ids and (about_structure(folded) or own_name):
            # "Wie oft wird der Katalog überarbeitet, und wo lese ich den Stand nach?" asks
            # about the catalogue and its reports, not about a project's progress.
            reason = None
        u = Understanding(
            question=question,
            folded=folded,
            intent=Intent.BESCHREIBUNG,
            aspects=tuple(aspects),
            project_ids=project_ids,
            numbers=tuple(numbers),
            ambiguous=ambiguous,
            twin_topic=twin_only and not numbered,
            weak_names=weak and not numbered,
            passing_names=() if numbered else passing,
            coordinated=coordinated,
            filter=flt,
            unanswerable=Reason(reason) if reason else None,
            topic=topic,
            followup=not project_ids and elliptic,
            elliptic=elliptic,
            list_cue=bool(_LIST.search(folded)) and not _asks_which_unit(folded),
            compare_cue=bool(_COMPARE.search(folded)),
            # A section named in a subordinate clause ("… dass die Chefs hinter den
            # Digitalisierungsprojekten stehen") is not what is asked about.
            struct_cue=about_structure(folded)
            or own_name
            or bool(self._section_heads & set(content_stems(" ".join(clauses)))),
            closed=is_closed(fold(main_clause(question))) or closed_english,
            closed_nouns=nouns,
            artefact=asked_artefact(folded, english),
            procedure=asks_procedure(folded),
            soft_time=bool(_SOFT_TIME.search(folded)),
            english=english,
            decided_by=decided_by,
            # Any clause that asks may ask for the slot ("an welchen Plätzen gibt es schon
            # WLAN? auch am Bahnhof?").
            slot=next((r.value for c in asked_clauses(question) if (r := decide(c, "slot"))), None),
            clauses=clauses,
        )
        return u.with_(intent=self.intent_of(u))

    def unit_only_before(self, u: Understanding) -> bool:
        """Whether the question's unit is named only in a sentence before the one that asks
        ("Bin neu im FB 32 und soll Abläufe aufnehmen. Wer ist Ansprechpartner fürs
        Prozessmanagement?"): it says who asks, and claims nothing about the project."""
        if (
            not u.filter
            or not u.filter.unit
            or main_clause(u.question).strip() == u.question.strip()
        ):
            return False
        # Any clause with its question mark may make the claim ("die vhs ist doch dafür
        # zuständig, oder? wen muss ich anrufen"); one that only tells is who asks ("bin im FB
        # 32 benannt worden – welche Abteilungen …?").
        for clause in asked_clauses(u.question):
            if clause.rstrip().endswith("?") and self._names_unit(clause, u.filter.unit):
                return False
        return True

    def _names_unit(self, clause: str, unit: str) -> bool:
        named = parse_filter(clause, fold(clause), self.terms)
        return bool(named) and named.unit == unit

    def _without_asker(
        self, flt: ListFilter | None, clauses: tuple[str, ...], aspects: list[str]
    ) -> ListFilter | None:
        """The filter without its unit where a question for a field names the unit only in a
        sentence that asks nothing: "Bis wann soll die E-Akte überall eingeführt sein? Wir im
        FB 61 warten noch" says who asks (``unit_only_before`` reads a unit before the asking
        sentence the same way, once the projects are known)."""
        if not (flt and flt.unit and aspects) or any(
            self._names_unit(c, flt.unit) for c in clauses
        ):
            return flt
        flt = replace(flt, unit=None, unit_mode=ListFilter().unit_mode)
        return flt if flt != ListFilter() else None

    def _unit_as_subject(self, u: Understanding) -> bool:
        """ "Wie will die 10.1 Rückmeldungen von Anwendern einsammeln?" names a unit but asks
        about a topic (two or more content words besides the unit): not a list of the unit's
        projects, which "Was macht Fachbereich 20?" is."""
        flt = u.filter
        if not flt or flt != ListFilter(unit=flt.unit, unit_mode=flt.unit_mode):
            return False
        if re.match(r"\s*(?:und\s+)?wo\b", u.folded):
            return False  # "Wo taucht der Kreis Kleve auf?": where the unit takes part, a list
        unit_words = set(content_stems(flt.unit or ""))
        topic = [t for t in u.topic if t not in unit_words and not t[0].isdigit() and len(t) >= 4]
        return not u.list_cue and len(topic) >= 2

    def intent_of(self, u: Understanding) -> Intent:
        if u.unanswerable:
            return Intent.UNBEANTWORTBAR
        if u.closed and not u.project_ids and _about_all_projects(u):
            return Intent.STRUKTUR
        if u.filter and u.list_cue:
            return Intent.LISTE
        if len(u.project_ids) >= 2 and u.compare_cue and not u.ambiguous:
            return Intent.VERGLEICH
        if u.list_cue and not u.project_ids:
            return Intent.LISTE
        if u.struct_cue and not u.project_ids:
            return Intent.STRUKTUR
        flt = u.filter
        if flt and not u.project_ids and (DEFINE.search(u.folded) or u.compare_cue):
            fields = ListFilter(
                area=flt.area, action_field=flt.action_field, smart_field=flt.smart_field
            )
            # "Was bedeutet Smart Governance?", "was unterscheidet digitale Verwaltung und
            # Stadt?": terms of the structure, defined or set side by side
            if flt == fields:
                return Intent.STRUKTUR
        only_area = flt and flt == ListFilter(area=flt.area)
        # "Ist das Online-Bürgerbüro schon für 2024 geplant?": a yes/no question about a thing
        # and a year asks when that thing comes, not for every project of the year.
        timed = flt and flt.timed
        fields = flt and (flt.unit or flt.area or flt.action_field or flt.smart_field)
        if u.closed and u.closed_nouns and timed and not fields:
            return Intent.ZEITRAUM
        if flt and not u.project_ids and not only_area and not self._unit_as_subject(u):
            return Intent.LISTE
        for name in ("zustaendigkeit", "zeitraum", "massnahmen", "beschreibung"):
            if name in u.aspects:
                return Intent(name)
        return Intent.BESCHREIBUNG

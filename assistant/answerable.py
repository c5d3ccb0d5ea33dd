"""Whether the chosen projects answer the question at all: the premise checks, the procedure
check and the closed-question check that run once the projects are known.

Each returns what declines the answer (a correcting sentence, or True); the service turns it
into the abstention. What a question asks that no record could hold is decided earlier, in
``assistant.unknown``.
"""

from __future__ import annotations

import re
from collections import Counter

from assistant.clauses import asked_sentences
from assistant.compose import NO_DATA, PRINTED_DAY, join_de, periods_text
from assistant.evidence import IN_PLACE, asked_stems, is_example
from assistant.filters import ALL_DEPARTMENTS, named_departments, takes_part
from assistant.finder import ProjectFinder
from assistant.lexicon import NOT_NAMES, RULE_KINDS
from assistant.models import Intent, Reason
from assistant.text import compound_splits, content_stems, fold, matches, record_text, sentences
from assistant.understand import QuestionReader, Understanding
from assistant.unknown import which_nouns
from assistant.words import word_list
from corpus.german import tagged
from corpus.models import Project

# What a record says is there now.
_PRESENT = re.compile(r"\b(?:[Aa]ktuell|[Dd]erzeit|[Zz]urzeit|[Mm]omentan|[Bb]ereits|[Bb]islang)\b")
# What introduces examples of what a sentence counts ("Projekte wie das digitale Bauportal",
# "diverse Workflows (Personalratsvorlagen, …)").
_EXAMPLES = re.compile(
    r"\b(?:wie|z\.\s?B\.|beispielsweise|etwa|insbesondere)\s|:\s|\(", re.IGNORECASE
)
# A named street ("Hagsche Straße", "Lindenallee") or a postal address; "…platz" names a
# square as often as a thing ("Arbeitsplatz", "Parkplatz").
_SITE = re.compile(
    r"\b[A-ZÄÖÜ][a-zäöüß]+(?:straße|strasse|allee|gasse)\b|\b[A-ZÄÖÜ]\w+ (?:Straße|Allee)\b"
    r"|\b\d{5} Kleve\b"
)


class Answerability:
    """The checks over the chosen projects' records (the finder's stems, the reader's names)."""

    def __init__(self, finder: ProjectFinder, reader: QuestionReader) -> None:
        self.finder = finder
        self.reader = reader
        self.elsewhere = examples_elsewhere(finder.catalogue)
        seen: dict[str, set[str]] = {}
        for p in finder.catalogue.projects:
            for t in (p.title, p.description, *p.measures):
                for m in _NAME_LIKE.finditer(t):
                    seen.setdefault(m.group(0).strip("."), set()).add(p.id)
        self.everyday_names = frozenset(n for n, ids in seen.items() if len(ids) >= 3)
        self.not_names = NOT_NAMES | finder.catalogue.knowledge.short_names

    def verdict(
        self, u: Understanding, projects: list[Project], intent: Intent
    ) -> tuple[Reason, str, list[Project]] | None:
        """Why the chosen projects do not answer the question: the reason, the answer's lead
        and the projects to name; None when they answer it."""
        premise = self.false_premise(u, projects)
        if premise:
            # "Seit wann macht Fachbereich 20 die Digitalisierungsberatung?": the catalogue
            # names another unit.
            return Reason.PRAEMISSE, premise, projects[:2]
        if u.slot == "datum" and not any(PRINTED_DAY.search(record_text(p)) for p in projects):
            # "An welchem Tag genau …?": the records give years, not days.
            return Reason.TERMIN, NO_DATA, projects[:2]
        if u.slot == "ort" and not any(_SITE.search(record_text(p)) for p in projects):
            # "Wo genau gibt es freies WLAN?": the records speak of the city centre and its
            # squares as a whole and name no street or square.
            return Reason.ORT, NO_DATA, projects[:2]
        if u.slot == "bestand" and not self.states_present(u, projects):
            # "Welche Datensätze gibt es schon?": the record plans, it does not list what is
            # in place, unless one of its sentences says what is there now.
            return Reason.STAND, NO_DATA, projects[:2]
        if self.procedure_not_described(u, projects):
            # "Wie melde ich mich auf der Beteiligungsplattform an?": the record describes
            # the platform, not how to register.
            return Reason.VERFAHREN, NO_DATA, projects[:2]
        if intent != Intent.BESCHREIBUNG or u.compare_cue:
            return None
        counting = self.only_counted(u, projects)
        if counting:
            # "Welche Datensätze stellt die Stadt bereit?": the record says "bereits einige
            # Datensätze" and names none.
            lead = f"Der Maßnahmenkatalog nennt sie nicht einzeln; er sagt nur: „{counting}“"
            return Reason.UNBEKANNT, lead, projects[:2]
        # "Welche Software …?" is answered only by a record that names one (the slot check),
        # also when the question names who chose it ("Welches Tool hat die 10.1 …?").
        if u.artefact and not self.slot_names(u, projects):
            return Reason.UNBEKANNT, NO_DATA, projects
        if not u.filter and self.unsupported(u, projects):
            # "Bekommen alle Schüler ein iPad?" about DS 2.1, whose record names no iPads.
            return Reason.UNBEKANNT, NO_DATA, projects
        return None

    def only_counted(self, u: Understanding, projects: list[Project]) -> str | None:
        """The sentence that counts what a "welche …?" question asks for, when the records
        speak of it only with a vague quantifier ("bereits einige Datensätze") and give no
        example in that sentence or the next ("Projekte wie das digitale Bauportal …",
        "diverse Workflows (Personalratsvorlagen, …)"); else None. A record that never names
        the thing leaves the question to the other checks."""
        asked = [s for w in which_nouns(u.folded) for s in content_stems(w)[-1:]]
        if not asked:
            return None
        vague = word_list("vague_quantifiers")
        counted = None
        for p in projects:
            units = [*sentences(p.description), *p.measures]
            for i, text in enumerate(units):
                words = re.findall(r"[\w-]+", text)
                for j, word in enumerate(words):
                    if not any(matches(a, t) for a in asked for t in content_stems(word)):
                        continue
                    following = " ".join(units[i : i + 2])
                    if not {w.lower() for w in words[max(0, j - 3) : j]} & vague or (
                        _EXAMPLES.search(following)
                    ):
                        return None  # named, or counted with examples
                    counted = counted or text
        return counted

    def states_present(self, u: Understanding, projects: list[Project]) -> bool:
        """Whether a sentence or measure of the records says what is there now ("Aktuell …",
        "derzeit", "bereits") and carries a word of the question besides the projects' names."""
        asked = set(asked_stems(u.topic, projects))
        for p in projects:
            for text in (*sentences(p.description), *p.measures):
                if _PRESENT.search(text) and asked & set(content_stems(text)):
                    return True
        return False

    def slot_names(self, u: Understanding, projects: list[Project]) -> list[str]:
        """The names that fill the slot of a "welche Software/App/…" or "welche Vorschrift"
        question, which the answer then quotes; names the question itself gives and the
        catalogue's everyday abbreviations (in three records or more: OZG, WLAN, DMS) do not
        count, nor, for a product, abbreviations that name none (NRW, PDF, BitV)."""
        units = [*(p.title for p in projects)]
        units += [t for p in projects for t in (*sentences(p.description), *p.measures)]
        asked = fold(u.question)
        product = u.artefact not in RULE_KINDS  # a rule's name may be an abbreviation
        names = []
        for text in units:
            # "Werbung für die Technologien Glasfaser und 5G": the kind asked for, followed by
            # what it names, fills the slot ("eine Software zum Aufbau …" names none).
            for m in _APPOSITION.finditer(text):
                if content_stems(m.group(1)) == [u.artefact]:
                    names += re.split(r",\s*|\s+(?:und|sowie)\s+", m.group(2))
            for m in _NAME_LIKE.finditer(text):
                name = m.group(0).strip(".")
                if len(name) <= 2 or fold(name) in asked or name in names:
                    continue
                if (product and name in self.not_names) or name in self.everyday_names:
                    continue
                names.append(name)
        return names

    def example_elsewhere(self, u: Understanding) -> tuple[str, str, str] | None:
        """The example from another city the question asks about: a word of the question
        that the catalogue uses only in that example."""
        asked = set(u.topic)
        for pid, place, quote, own in self.elsewhere:
            if asked & own:
                return pid, place, quote
        return None

    def procedure_not_described(self, u: Understanding, projects: list[Project]) -> bool:
        """ "Wie funktioniert die Anmeldung, brauche ich ein Nutzerkonto?": a procedure with a
        noun the record does not name, or two other words, neither as written nor through the
        lexicon (one verb, "Wie kann man bei der Ideenplattform mitmachen?", is only a way of
        putting it). Who and when are answered all the same ("Wie finde ich heraus, wer
        zuständig ist?")."""
        if not u.procedure or {"zustaendigkeit", "zeitraum"} & set(u.aspects):
            return False
        missing = self.finder.uncovered(u, projects[:2])
        nouns = {
            s
            for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b[A-ZÄÖÜ][\w-]+", u.question)
            for s in content_stems(m.group(0))
        }
        return len(missing) >= 2 or bool(set(missing) & nouns)

    def false_premise(self, u: Understanding, projects: list[Project]) -> str | None:
        """A unit the question takes for granted in a project the catalogue does not name it
        for ("Seit wann macht Fachbereich 20 die Digitalisierungsberatung?"): the sentence
        that says so. Yes/no and responsibility questions get a plain "Nein" instead. A year
        the question takes for granted before the record's periods begin ("LoRaWAN ist doch
        seit 2021 fertig?") is corrected with the periods."""
        claimed = _CLAIMED_YEAR.search(u.folded)
        late = _CLAIMED_LATE.search(u.folded)
        told = None if claimed else told_year(u.question)  # the tagger only where needed
        if (claimed or late or told) and projects:
            p = projects[0]
            planned = [int(y) for y in re.findall(r"\b20\d\d\b", periods_text(p))]
            early = int(claimed.group("year")) if claimed else told
            too_early = bool(planned and early and early < min(planned))
            # "Warum wurde das Handyparken erst 2025 eingeführt?" of a plan for 2021.
            last = late and int(late.group("year") or late.group("year2"))
            too_late = bool(planned and last and last > max(planned))
            if too_early or too_late:
                return (
                    f"Laut Maßnahmenkatalog ist für {p.label} {p.title} geplant: {periods_text(p)}"
                )
        if not projects or u.closed or "zustaendigkeit" in u.aspects:
            return None
        labels = join_de([f"{p.label} {p.title}" for p in projects[:2]])
        # A body the question takes for granted ("Der Kreis Kleve betreibt ja die digitale
        # Ratsarbeit …") counts as well, unless the record's own text names it (then it is
        # what the project plans with, not a claim about who is responsible).
        body = u.filter.unit if u.filter and u.filter.unit else None
        named = named_departments(u.folded)
        if body and body not in named and not any(in_text(body, p) for p in projects):
            named.append(body)
        for unit in named:
            # "alle Fachbereiche" takes every Fachbereich in (DV 2.1 DMS).
            if not any(takes_part(p, unit) or ALL_DEPARTMENTS in p.responsible for p in projects):
                return f"Der Maßnahmenkatalog nennt {unit} bei {labels} nicht."
        # "… und nicht mehr die 10.1?": a unit said to be gone that the catalogue names.
        for denied in _DENIED.finditer(u.folded):
            for unit in named_departments(denied.group(0)):
                if any(takes_part(p, unit) for p in projects):
                    return f"Laut Maßnahmenkatalog ist {unit} an {labels} beteiligt."
        # "Warum ist das freie WLAN nur für Touristen gedacht?": the catalogue restricts no
        # project to a group or place.
        m = _ONLY_FOR.search(u.question)
        if m:
            return f"Eine Beschränkung auf „{m.group(1)}“ nennt der Maßnahmenkatalog nicht."
        return None

    def unsupported(self, u: Understanding, projects: list[Project]) -> bool:
        """A closed question about a thing none of the projects' records mentions."""
        if not u.closed_nouns:
            return False
        own = set().union(*(self.finder.records[p.id] for p in projects))
        naming = set().union(*(self.reader.naming_words(p.id) for p in projects))

        def mentioned(stem: str) -> bool:
            return any(matches(stem, token) for token in own)

        for noun in u.closed_nouns:
            if fold(noun) in naming:  # "Parkticket" named DS 2.5 ("Parkticket per App")
                continue
            # The lexicon's everyday word for what the record says ("Weiterbildung" for the
            # Schulungsprogramme of DV 3.7, "Sitzungsunterlagen" for the Ratsarbeit of DS 1.4).
            phrases = [content_stems(p) for p in self.finder.lexicon.expand(noun)]
            if any(stems and all(mentioned(s) for s in stems) for stems in phrases):
                continue
            for stem in content_stems(noun):
                if len(stem) < 3 or mentioned(stem):
                    continue
                # A compound of two words the record uses ("Digitalisierungsabteilung":
                # Digitalisierung, Abteilung) is no new thing.
                if not any(
                    mentioned(head) and mentioned(tail) for head, tail in compound_splits(stem)
                ):
                    return True
        return False


_DENIED = re.compile(
    r"\b(?:nicht mehr|statt|anstelle|anstatt) (?:die |der |den |dem )?"
    r"(?:abteilung |fachbereich |fb )?\d{2}(?:\.\d)?\b"
)
_ONLY_FOR = re.compile(
    r"\b(?:warum|wieso|weshalb)\b.*\bnur (?:für|fur|in|an|bei|von|im|am|zum|zur)"
    r"(?: (?:den|die|der|das|dem|unsere?n?))? ([\w-]+)",
    re.IGNORECASE,
)
# "SD.NET", "XSuite", "iPads", "BitV"; and a capitalised word right before an abbreviation
# of its kind in brackets: "Drupal (CMS)".
_NAME_LIKE = re.compile(
    r"[\w.]*[A-ZÄÖÜ][\w.]*[A-ZÄÖÜ][\w.]*|\w+\.[A-Z]\w*|[a-z]+[A-Z]\w*"
    r"|\b[A-Z][a-z]+(?= \([A-Z]{2,5}\))"
)


# A noun and the capitalised names in apposition after it ("Technologien Glasfaser und 5G").
_APPOSITION = re.compile(
    r"\b([A-ZÄÖÜ][a-zäöüß]+)\s+((?:[A-ZÄÖÜ0-9][\w.-]*)(?:(?:,\s*|\s+(?:und|sowie)\s+)"
    r"[A-ZÄÖÜ0-9][\w.-]*)*)"
)


_CITY = re.compile(r"\bStadt ([A-ZÄÖÜ][a-zäöüß]+)\b")
MAX_EXAMPLE_SENTENCES = 2  # sentences after an example from elsewhere that may go on with it
_NAME_TOKEN = re.compile(r"\b(?:[a-zäöü]+\d\w*|\w*\d[a-zäöü]\w*|[a-zäöü]+[A-ZÄÖÜ]\w*)\b")


def examples_elsewhere(catalogue) -> list[tuple[str, str, str, frozenset[str]]]:
    """The catalogue's examples from other places: (project id, place, the example with the
    sentence after it, the word stems only the example's sentence uses). A place is a name
    after "in" that the catalogue uses once; the catalogue's own city (the one it names most
    often as "Stadt …") and "Deutschland" are not other places."""
    texts = [p.description for p in catalogue.projects] + [s.text for s in catalogue.sections]
    cities = Counter(m.group(1) for t in texts for m in _CITY.finditer(t))
    home = {c for c, _ in cities.most_common(1)} | {"Deutschland"}
    found = []
    for p in catalogue.projects:
        said = sentences(p.description)
        for i, sentence in enumerate(said):
            if not is_example(sentence):
                continue
            place = IN_PLACE.search(sentence).group(1)
            if place in home:
                continue
            if sum(t.count(place) for t in texts) > 1:  # "z.B. in Lotus Notes": no place
                continue
            quote = " ".join(said[i : i + 2])
            elsewhere = " ".join(t for t in texts if t != p.description)
            rest = " ".join([*said[:i], *said[i + 1 :], elsewhere])
            own = set(content_stems(sentence)) - set(content_stems(rest)) - {fold(place)}
            # The sentences after it go on with the example's names ("Ins Leben gerufen von
            # der Initiative fit4internet …", "Daneben bietet fit4internet …"): a name (with a
            # digit or a capital inside) that no other record uses is the example's too.
            folded_elsewhere = fold(elsewhere)
            for after in said[i + 1 : i + 1 + MAX_EXAMPLE_SENTENCES]:
                own |= {
                    stem
                    for name in _NAME_TOKEN.findall(after)
                    if fold(name) not in folded_elsewhere
                    for stem in content_stems(name)
                }
            found.append((p.id, place, quote, frozenset(own)))
    return found


# A year taken for granted as done or started: "seit 2021 fertig", "schon 2020", or in a clause
# opened by "seit" ("seit das Bürgerbüro 2021 an den Start gegangen ist, …"; a year told with a
# verb of the past: ``told_year``).
_CLAIMED_YEAR = re.compile(
    r"\b(?:(?:seit|schon|bereits) |seit (?!wann\b)[^,.;:?!–—]*?\b)(?P<year>20\d\d)\b"
)


def told_year(question: str) -> int | None:
    """A year a sentence of the question tells something happened in, in the past: a past
    participle with an auxiliary of the perfect or the past ("warum wurde das LoRaWAN-Netz
    2022 schon wieder abgebaut?", "das haben die 2019 eingeführt, oder?"); the tagger tells
    the participle, whatever the verb. "Wird es 2025 umgesetzt?" tells nothing yet."""
    for sentence in asked_sentences(question):
        year = re.search(r"\b20\d\d\b", sentence)
        if not year:
            continue
        tags = tagged(sentence)
        if any(tag == "VV(PP)" for _w, _l, tag in tags) and any(
            fold(w) in word_list("past_auxiliaries") for w, _l, _t in tags
        ):
            return int(year.group(0))
    return None


# A year taken for granted as late: "erst 2025 eingeführt", "erst seit 2025", "bis 2025
# gedauert".
_CLAIMED_LATE = re.compile(
    r"\berst (?:seit |ab |im jahr |in )?(?P<year>20\d\d)\b"
    r"|\bbis (?P<year2>20\d\d) (?:gedaurt|gebraucht)\b"  # folded
)


def in_text(unit: str, p: Project) -> bool:
    """Whether a record's description or measures name the unit."""
    text = fold(" ".join([p.description, *p.measures]))
    return fold(unit) in text or fold(unit)[:-1] in text

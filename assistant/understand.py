"""Understanding a question: which projects it names, what it asks for, which list it wants.

Everything here is deterministic and works on folded text (see ``assistant.text.fold``).
Retrieval is only consulted later, for questions that name no project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from assistant.filters import ListFilter, parse_filter
from assistant.lexicon import (
    ALIASES,
    ARTEFACTS,
    QUANTITY,
    QUANTITY_ANSWERABLE,
    TWINS,
    UNANSWERABLE,
    WEAK_ALIASES,
)
from assistant.text import content_stems, fold, fre
from corpus.lexicon import load_lexicon
from corpus.lookup import candidates, find_project_refs
from corpus.models import Catalogue

_CUES: dict[str, re.Pattern[str]] = {
    "zustaendigkeit": fre(
        r"\bzustandig\w*|\bverantwort\w*|\bkummer\w*|\bansprech\w*|\bwer (macht|betreut|"
        r"koordiniert|leitet|ist da|ist dran|organisiert|ist beteiligt|kummert|tut)\b"
        r"|\bwelche (stelle|stellen|abteilung|abteilungen|fachbereiche?|einheiten?)\b"
        r"|\bwelcher fachbereich\b|\bfederfuhr\w*|\bbetreut\b|\bwer ist (fur|da)\b"
        r"|\bzustandigkeit\w*|\bwer\b.*\bbeteiligt\b"
        # "An wen kann ich mich wenden …?", "Wer bietet die Kurse an?"
        r"|\ban wen\b|\bwen (kann|konnte|soll|muss) (ich|man)\b|\bwende (ich|man)\b"
        r"|\bwer (bietet|hilft|sorgt|betreibt|ubernimmt|bearbeitet|wird|soll|sollen)\b"
    ),
    "zeitraum": fre(
        r"\bwann\b|\bzeitraum\w*|\bzeitplan\w*|\bzeitrahmen\b|\bzeitschiene\b|\bwie lange\b"
        r"|\blaufzeit\b|\bdauer(t|n)?\b|\bdaueraufgabe\b|\bin welchem jahr\b|\bwelches jahr\b"
        r"|\bstartet\b|\bbeginnt\b|\bfertig\b|\babgeschlossen\b|\bzeitlich\w*|\bbefristet\b"
        r"|\bbis \d{4}\b|\bab \d{4}\b|\bjahr(e|en)?\b"
    ),
    "massnahmen": fre(
        r"\b(einzel)?massnahmen?\b|\bschritte?\b|\bkonkret\w*|\bwas (wird|passiert|macht|tut|"
        r"ist geplant|ist vorgesehen|soll gemacht|genau)\b|\bgeplant\b|\bvorgesehen\b"
        r"|\baufgaben\b|\bumfasst\b|\bgehor(en|t) zu\w*"
        # "Was muss alles passieren, damit …?", "Was steht auf der To-do-Liste?", "Womit
        # sollen die Schulen ausgestattet werden?"
        r"|\bwas muss (alles )?passieren\b|\bto-?do\b|\bwomit\b.*\b(ausgerustet|ausgestattet)\b"
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
    r"vorhaben|digitalisierungsprojekten)\b|\buberall\b|\bwie viele projekte\b"
    r"|\bwelche projekte\b|\bwofur ist\b|\bwelche .* (projekte|vorhaben)\b"
    r"|\b(nenne|nenn|zeig|zeige|gib)\w*\b.*\b(projekte|vorhaben)\b"
)
_STRUCT = fre(
    r"\bwirkungsbereich\w*|\baktionsfeld(er)?\b|\baufgeteilt\b|\bgegliedert\b|\bgliederung\b"
    r"|\baufbau des\b|\bstruktur des\b|\bfortschreibung\w*|\baktualisiert\b|\bwie oft\b"
    r"|\bkleve\.digital\b|\bmassnahmenkatalog\w*|\bkatalog\w*|\bsmart-city-aktionsfeld\w*"
    r"|\bsmart city aktionsfeld\w*|\bbereiche\b|\bdigitalen? (verwaltung|stadt)\b"
    r"|\bsachstandsbericht\w*|\bapd\b|\bausschuss\w*"
)
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
    r"|stellen|bietet|bieten|erhalte|erhalt|erhalten|ubernimmt|zahlt)\b"
)
# Nouns for people in general: "Hilft die Stadt älteren Leuten …?" names no detail.
_PEOPLE = fre(
    r"^(leute|leuten|menschen|personen|burger\w*|einwohner\w*|kinder\w*|eltern|senior\w*"
    r"|jugendliche\w*|schuler\w*|mitarbeit\w*|kolleg\w*|beschaftigte\w*|frau|herr|familie\w*"
    r"|privat\w*|nutzer\w*|anwender\w*|kund\w*|besucher\w*|touristen|gaste|anwohner\w*)$"
)
# Names offered to choose from at the end of a question: "Jira oder MS Project?".
_OPTIONS = re.compile(
    r"([A-ZÄÖÜ][\w-]*(?:\s+[A-ZÄÖÜ][\w-]*)*)\s+oder\s+(?:nur\s+)?(?:(?:auf|in|mit|per)\s+)?"
    r"([A-ZÄÖÜ][\w-]*(?:\s+[A-ZÄÖÜ][\w-]*)*)\s*\?\s*$"
)
# Where exactly: "Wo …?", "An welchen Stellen …?", "In welchen Stadtteilen …?".
_WHERE = fre(
    r"^\s*(?:und\s+)?wo\b|\ban welche[nm]? (stellen?|orten?|standort\w*|platz\w*)\b"
    r"|\bin welche[nm]? (stadtteil\w*|strass\w*|ortsteil\w*|gebaude\w*)\b|\bwo genau\b"
)
# How much: money words make a "wer kümmert sich …?" question unanswerable only with these.
_AMOUNT = fre(r"\bwie (viel|hoch)\w*|\bkost(e|et|en|eten)\b|\bwas zahle\b|\bzahlen muss\b")
# Before a capitalised infinitive ("zum Herunterladen", "beim Bezahlen"): a verb, no detail.
_NOMINAL_VERB = fre(r"(?:zum|beim|vom|furs|ans|ins)\s+$")
_DEFINE = fre(r"\bwas (ist|sind|bedeutet|bedeuten|heisst|meint|versteht)\b|\bworum\b|\bdefini\w*")
_FOLLOWUP = fre(
    r"^\s*(und|aber|also|dann|ok|okay)\b|\b(das|dafur|davon|dort|damit|dabei|es|dies|diese[sm]?"
    r"|die|der|denen|dessen)\s*\??\s*$"
)
# Words that carry the question type but no topic; removed before looking for a topic.
CUE_WORDS = set(
    content_stems(
        "zuständig zuständigkeit verantwortlich kümmert ansprechpartner wann bis ab seit zeitraum"
        " zeitplan zeitrahmen lange läuft laufen dauer startet beginnt fertig abgeschlossen"
        " maßnahmen einzelmaßnahmen schritte konkret geplant vorgesehen passiert worum warum"
        " wozu unterschied vergleich eher früher zuerst welche welcher liste alle überall"
        " beteiligt dabei stelle abteilung abteilungen fachbereich wer was wie gibt es läuft"
        " kommt kommen umgesetzt umsetzung eingeführt einführung soll sollen wird"
    )
)


@dataclass
class Understanding:
    question: str
    folded: str
    intent: str
    aspects: list[str]
    project_ids: list[str] = field(default_factory=list)  # named by number, title or alias
    numbers: list[str] = field(default_factory=list)  # bare numbers, area not stated
    ambiguous: bool = False
    twin_topic: bool = False
    weak_names: bool = False  # only generic words name the project: the index may know better
    filter: ListFilter | None = None
    unanswerable: str | None = None
    topic: list[str] = field(default_factory=list)  # content stems without cue words
    followup: bool = False  # names no project and reads like a follow-up ("Und wann?")
    elliptic: bool = False  # short or starting with "und" ("und die 2.4?")
    list_cue: bool = False
    compare_cue: bool = False
    struct_cue: bool = False


# Cue words worth repairing when mistyped ("zustendig", "verantwortlch", "massnamen").
_CANON_TEXT = (
    "zuständig zuständigkeit verantwortlich maßnahmen einzelmaßnahmen zeitraum zeitplan"
    " beteiligt unterschied aktionsfeld aktionsfelder wirkungsbereich wirkungsbereiche"
    " fachbereich abteilung daueraufgabe daueraufgaben ansprechpartner"
)
_CANON = tuple(fold(w) for w in _CANON_TEXT.split())


def _fix_typos(folded: str) -> str:
    def repair(m: re.Match[str]) -> str:
        token = m.group(0)
        if len(token) < 7 or token in _CANON:
            return token
        best = max(_CANON, key=lambda c: fuzz.ratio(token, c))
        return best if fuzz.ratio(token, best) >= 85 else token

    return re.sub(r"[a-z]+", repair, folded)


class QuestionReader:
    """Reads questions against one catalogue (titles and aliases are built once)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        phrases: dict[str, set[str]] = {}
        for project in catalogue.projects:
            title = fold(re.sub(r"[()„“\"]", "", project.title)).strip()
            if title and title != "internet":  # a word too common to name DS 1.1 on its own
                phrases.setdefault(title, set()).add(project.id)
        for pid, aliases in ALIASES.items():
            if catalogue.get(pid):
                for alias in aliases:
                    phrases.setdefault(alias, set()).add(pid)
        self._phrases = {p: tuple(sorted(ids)) for p, ids in phrases.items()}
        self._patterns = {
            p: re.compile(rf"(?<![\w-]){re.escape(p)}(?![\w-])") for p in self._phrases
        }
        self._single_words = [p for p in self._phrases if " " not in p and len(p) >= 7]
        # Multi-word titles and aliases also match with small spelling differences.
        self._long_phrases = [p for p in self._phrases if " " in p and len(p) >= 12]
        # Every word stem the catalogue (and the alias table) knows: a question about anything
        # else asks for something the catalogue does not hold (``_unknown``).
        texts = [
            " ".join(
                [p.title, p.description, *p.measures, p.responsible_text]
                + [f"{period.label} {period.text}" for period in p.periods]
            )
            for p in catalogue.projects
        ] + [s.text for s in catalogue.sections]
        self._vocabulary = set(content_stems(" ".join([*texts, *self._phrases])))
        # Everyday words the domain lexicon maps onto the catalogue ("kostenloses Internet").
        everyday = [w for e in load_lexicon().entries for p in e.when for w in p.words]
        self._everyday = set(content_stems(" ".join(everyday)))
        self._vocabulary_text = " ".join(sorted(self._vocabulary))

    # -- projects named in the question -------------------------------------------------
    def named_projects(self, folded: str) -> tuple[list[str], bool, bool]:
        """Projects named by title or alias, in order of mention; whether only twin topics
        named them; whether only generic words did ("Website", "Schulen")."""
        spans: list[tuple[int, int, float, tuple[str, ...], bool]] = []
        for phrase, pattern in self._patterns.items():
            for m in pattern.finditer(folded):
                spans.append((m.start(), m.end(), 100.0, self._phrases[phrase], False))
        for phrase, ids in TWINS.items():
            for m in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w])", folded):
                spans.append((m.start(), m.end(), 50.0, ids, True))
        tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[\w.-]+", folded)]
        for start, end, token in tokens:
            if len(token) < 7:
                continue
            for phrase in self._single_words:
                if abs(len(phrase) - len(token)) <= 2 and fuzz.ratio(token, phrase) >= 88:
                    score = fuzz.ratio(token, phrase)
                    spans.append((start, end, score, self._phrases[phrase], False))
        for phrase in self._long_phrases:
            align = fuzz.partial_ratio_alignment(phrase, folded, score_cutoff=90)
            if align:
                spans.append(
                    (align.dest_start, align.dest_end, align.score, self._phrases[phrase], False)
                )
        # Longest / best span wins where spans overlap.
        spans.sort(key=lambda s: (-(s[1] - s[0]) - s[2] / 1000, s[0]))
        taken: list[tuple[int, int, tuple[str, ...], bool]] = []
        for start, end, _score, ids, twin in spans:
            if any(start < e and s < end for s, e, _, _ in taken):
                continue
            taken.append((start, end, ids, twin))
        taken.sort()
        specific = [t for t in taken if not t[3]]
        chosen = specific or taken
        ordered: list[str] = []
        for _s, _e, ids, _t in chosen:
            for pid in ids:
                if pid not in ordered:
                    ordered.append(pid)
        weak = bool(chosen) and all(folded[s:e] in WEAK_ALIASES for s, e, _, _ in chosen)
        return ordered, bool(taken) and not specific, weak

    # -- the whole question --------------------------------------------------------------
    def read(self, question: str, area_hint: str | None = None) -> Understanding:
        folded = _fix_typos(fold(question))
        u = Understanding(question=question, folded=folded, intent="beschreibung", aspects=[])
        numbered: list[str] = []
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
                    u.numbers.append(number)
                    u.ambiguous = True
                    numbered.extend(p.id for p in found)
        named, twin_only, weak = self.named_projects(folded)
        u.weak_names = weak and not numbered
        u.project_ids = list(dict.fromkeys(numbered + named))
        u.twin_topic = twin_only and not numbered
        u.aspects = [name for name, cue in _CUES.items() if cue.search(folded)]
        u.list_cue = bool(_LIST.search(folded))
        u.compare_cue = bool(_COMPARE.search(folded))
        u.struct_cue = bool(_STRUCT.search(folded))
        u.filter = parse_filter(question, folded)
        u.topic = [s for s in content_stems(question) if s not in CUE_WORDS]
        u.elliptic = bool(_FOLLOWUP.search(folded)) or len(u.topic) <= 1
        u.followup = not u.project_ids and u.elliptic
        u.unanswerable = self._unanswerable(question, folded, u.aspects)
        u.intent = self._intent(u)
        return u

    def _unanswerable(self, question: str, folded: str, aspects: list[str]) -> str | None:
        for reason, pattern in UNANSWERABLE:
            if not pattern.search(folded):
                continue
            # "Wer kümmert sich darum, Fördergelder zu beantragen?" asks who, not how much.
            if reason == "kosten" and "zustaendigkeit" in aspects and not _AMOUNT.search(folded):
                continue
            return reason
        if self._names_unknown_place(question) or self._asks_where_unknown(folded):
            return "ort"
        if QUANTITY.search(folded) and not QUANTITY_ANSWERABLE.search(folded):
            return "zahl"
        if self._asks_for_unknown(question, folded):
            return "unbekannt"
        return None

    def _asks_for_unknown(self, question: str, folded: str) -> bool:
        """The question asks about a thing the catalogue never names: "Welche
        Programmiersprache …?", "Welches PM-Tool …?" (any part of a hyphenated word counts),
        or a closed question about one ("Krieg ich einen Dienstlaptop gestellt?", "Ist die
        Stadt auch auf TikTok?"). In a closed question only nouns count (capitalised inside
        the sentence), not people in general and not infinitives used as nouns."""
        for m in _WHICH.finditer(folded):
            stems = content_stems(m.group(1))
            # "Welche Arbeitsschritte …?" asks for Schritte: a kind the catalogue has.
            if stems and any(stems[-1].endswith(c) for c in CUE_WORDS if len(c) >= 5):
                continue
            if any(self._unknown(part) for part in m.group(1).split("-")):
                return True
        nouns = self.closed_nouns(question)
        if any(self._unknown(part) for word in nouns for part in word.split("-")):
            return True
        # "…, Jira oder MS Project?": every name offered to choose from is unknown.
        m = _OPTIONS.search(question)
        if m:
            parts = re.findall(r"\w+", f"{m.group(1)} {m.group(2)}")
            named = [p for p in parts if (stems := content_stems(p)) and len(stems[0]) >= 4]
            return bool(named) and all(self._unknown(p) for p in named)
        return False

    def closed_nouns(self, question: str) -> list[str]:
        """The nouns a closed question asks about ("Bekommen alle Schüler ein iPad?" -> iPad):
        capitalised words after the first (or with a capital inside, "iPad"), without people
        in general, infinitives used as nouns and the words the rules for unanswerable facts
        judge ("Kann ich Gebühren per E-Payment bezahlen?" is about paying, not about a fee);
        empty for any other question."""
        if not _CLOSED.search(fold(question)):
            return []
        nouns = []
        for m in re.finditer(r"[\w-]+", question):
            word = m.group(0)
            capitalised = word[:1].isupper() or any(c.isupper() for c in word[1:])
            if m.start() == 0 or not capitalised or _PEOPLE.search(fold(word)):
                continue
            if _NOMINAL_VERB.search(fold(question[: m.start()])):
                continue
            if any(pattern.search(fold(word)) for _reason, pattern in UNANSWERABLE):
                continue
            nouns.append(word)
        return nouns

    def _unit_as_subject(self, u: Understanding) -> bool:
        """ "Wie will die 10.1 Rückmeldungen von Anwendern einsammeln?" names a unit but asks
        about a topic (two or more content words besides the unit): not a list of the unit's
        projects, which "Was macht Fachbereich 20?" is."""
        flt = u.filter
        if not flt or flt != ListFilter(unit=flt.unit, unit_mode=flt.unit_mode):
            return False
        unit_words = set(content_stems(flt.unit or ""))
        topic = [t for t in u.topic if t not in unit_words and not t[0].isdigit() and len(t) >= 4]
        return not u.list_cue and len(topic) >= 2

    def is_closed(self, folded: str) -> bool:
        """ "Ist Fachbereich 20 am Handyparken beteiligt?": a yes/no question."""
        return bool(_CLOSED.search(folded))

    def asked_artefact(self, folded: str) -> str | None:
        """The stem of the product kind a "welche X" question asks for ("Welche
        Videokonferenz-Software …?" -> "softwar"), if X is one (``ARTEFACTS``)."""
        for m in _WHICH.finditer(folded):
            stems = content_stems(m.group(1).split("-")[-1])
            if stems and stems[-1] in ARTEFACTS:
                return stems[-1]
        return None

    def _asks_where_unknown(self, folded: str) -> bool:
        """ "Wo in der Innenstadt gibt es schon WLAN, auch am Marktplatz?", "An welchen Stellen
        werden die Gateways montiert?": where exactly, about a word neither the catalogue nor
        the domain lexicon uses. The catalogue places projects only as a whole ("in der
        Innenstadt", "im Stadtgebiet")."""
        if not _WHERE.search(folded):
            return False
        return any(
            self._unknown(word) and not set(content_stems(word)) & self._everyday
            for word in re.findall(r"[a-z0-9]+", folded)
        )

    def _names_unknown_place(self, question: str) -> bool:
        """ "Wann wird in Materborn Glasfaser verlegt?": "in"/"aus"/"nach" right before a
        capitalised word the catalogue never uses names a place (or body) it says nothing
        about; "in der Innenstadt", "in Schulen" and "in Kleve" are known words."""
        for m in re.finditer(r"(?<!^)\b(?:in|aus|nach)\s+([A-ZÄÖÜ][\w-]+)", question):
            if self._unknown(m.group(1)) and not _PEOPLE.search(fold(m.group(1))):
                return True
        return False

    def _unknown(self, word: str) -> bool:
        """Whether the catalogue never uses ``word``: not its stem, not as part of a compound,
        and not as an inflection the stemmer left ("freies" is "frei" + "es")."""
        stems = content_stems(word)
        if len(stems) != 1 or stems[0] in CUE_WORDS or len(stems[0]) < 4:
            return False
        stem = stems[0]
        if any(len(stem) - cut >= 4 and stem[:-cut] in self._vocabulary for cut in (1, 2, 3)):
            return False
        return stem not in self._vocabulary and not self._in_compound(stem)

    def _in_compound(self, stem: str) -> bool:
        """Whether a catalogue word starts or ends with `stem` ("Tablet" in "Tabletnutzung",
        "Software" in "Managementsoftware"); a stem inside a word ("tabl" in "etabli") is not
        a part of that compound."""
        escaped = re.escape(stem)
        return bool(re.search(rf"(?<!\S){escaped}|{escaped}(?!\S)", self._vocabulary_text))

    def _intent(self, u: Understanding) -> str:
        if u.unanswerable:
            return "unbeantwortbar"
        if u.filter and u.list_cue:
            return "liste"
        if len(u.project_ids) >= 2 and u.compare_cue and not u.ambiguous:
            return "vergleich"
        if u.list_cue and not u.project_ids:
            return "liste"
        if u.struct_cue and not u.project_ids:
            return "struktur"
        flt = u.filter
        if flt and not u.project_ids and _DEFINE.search(u.folded):
            fields = ListFilter(
                area=flt.area, action_field=flt.action_field, smart_field=flt.smart_field
            )
            if flt == fields:  # "Was bedeutet Smart Governance?": a term of the structure
                return "struktur"
        only_area = flt and flt == ListFilter(area=flt.area)
        if flt and not u.project_ids and not only_area and not self._unit_as_subject(u):
            return "liste"
        for name in ("zustaendigkeit", "zeitraum", "massnahmen", "beschreibung"):
            if name in u.aspects:
                return name
        return "beschreibung"

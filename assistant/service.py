"""The assistant: question in, German answer with citations out.

The question is read once (``assistant.understand``), the intent settled where no cue decided
it (``assistant.intents``), and the declared handlers of ``assistant.router`` answer it; this
module holds the parts they share and the frame + evidence answer about chosen projects.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from urllib.parse import urlencode

from assistant import compose, status
from assistant.answerable import Answerability, in_text
from assistant.clauses import asked_part, asks
from assistant.earlier import EarlierEditions
from assistant.evidence import EvidenceRanker, asked_stems
from assistant.filters import takes_part
from assistant.finder import ProjectFinder, Retriever
from assistant.intents import IntentClassifier
from assistant.lexicon import CUE_WORDS, QUANTITY_ANSWERABLE, UNANSWERABLE
from assistant.models import Answer, Audience, Citation, Intent, Link, Reason
from assistant.router import Draft, twins
from assistant.session import SessionStore
from assistant.text import OverlapScorer, content_stems, sentences
from assistant.understand import DEFINE, WHY, QuestionReader, Understanding, names_catalogue_only
from corpus.editions import Editions
from corpus.models import Catalogue, Project
from katalog.errors import InvalidQuestionError
from katalog.settings import Settings

log = logging.getLogger(__name__)
MAX_CHARS = 500
TOPIC_DF = 12
# How much closer a project's known question must be than a section's for "… nennt der
# Katalog …" to ask about the project (``Assistant._catalogue_as_source``).
SOURCE_MARGIN = 0.01
DESCRIPTION_K = 5  # units a description quotes (one more for "warum")
ASK_K = 1  # units quoted for each further ask of a question
ENGLISH_LEAD = "Answer from the catalogue (in German):"
# Reasons whose words name a subject a record may be about ("Kritik", "Datenschutz"), not a
# kind of fact no record holds (a cost, a vendor, how far it has come): where the record
# uses the word, the question asks about it (``Assistant._reason_in_record``). True: only in
# a question for one of the record's fields.
TOPICAL_REASONS = {Reason.BEWERTUNG: True, Reason.DATENSCHUTZ: False}


class Assistant:
    def __init__(
        self,
        catalogue: Catalogue,
        index: Retriever,
        settings: Settings,
        documents=None,
        editions: Editions | None = None,
    ) -> None:
        self.catalogue = catalogue
        # Every loaded edition, oldest first; ``catalogue`` is the newest (it answers).
        self.editions = editions or Editions.of(catalogue)
        self.documents = documents  # index.doc_search.DocumentIndex, or None: no reports
        self.index = index
        self.settings = settings
        self.reader = QuestionReader(catalogue)
        self.sessions = SessionStore(settings.session_max, settings.session_ttl_s)
        texts = [p.description for p in catalogue.projects] + [s.text for s in catalogue.sections]
        self.scorer = OverlapScorer(s for t in texts for s in sentences(t))
        self.finder = ProjectFinder(catalogue, index, self.reader)
        self.evidence = EvidenceRanker(index, self.scorer)
        self.finder.unit_coverage = self._unit_coverage
        self.checks = Answerability(self.finder, self.reader)
        self.earlier = EarlierEditions(self)  # "laut der 2. Fortschreibung …"
        embedder = getattr(index, "embedder", None)
        # Topic words: the catalogue's rarer words (in at most TOPIC_DF of its sentences), and
        # the words of its titles and aliases ("Workflowmanagement" is said in no sentence).
        # A project's aliases, as stems: they name it, they do not say what is asked about it.
        self._alias_stems = {
            pid: frozenset(content_stems(" ".join(aliases)))
            for pid, aliases in catalogue.knowledge.aliases.items()
        }
        naming = [p.title for p in catalogue.projects]
        naming += [a for aliases in catalogue.knowledge.aliases.values() for a in aliases]
        topic_words = (
            frozenset(self.scorer.rare(TOPIC_DF)) | {s for t in naming for s in content_stems(t)}
        ) - CUE_WORDS
        self.intents = (
            IntentClassifier(embedder, settings.index_dir, topic_words=topic_words)
            if embedder is not None
            else None
        )

    def _unit_coverage(self, u: Understanding, project: Project) -> float:
        ranked = self.evidence.rank(u.question, list(u.topic), [project])
        return max((e.lexical for e in ranked if e.kind != "title"), default=0.0)

    def warm_up(self) -> None:
        self.reader.read("Wer ist für E-Payment zuständig?")
        self.reader.read("kann ich online bezahlen?")  # loads the tagger (lower case)
        if self.intents is not None:
            self.intents.warm_up()
        warm = getattr(self.index, "warm_up", None)
        if warm:
            warm()
        if self.documents is not None:
            self.documents.warm_up()

    # -- public --------------------------------------------------------------------------
    def ask(
        self, question: str, audience: Audience = "citizen", session_id: str | None = None
    ) -> Answer:
        text = (question or "").strip()
        if not text:
            raise InvalidQuestionError("Bitte eine Frage eingeben – die Frage ist leer.")
        if len(text) > MAX_CHARS:
            raise InvalidQuestionError(
                f"Die Frage ist zu lang ({len(text)} Zeichen). Bitte höchstens {MAX_CHARS} "
                "Zeichen verwenden."
            )
        if audience not in ("citizen", "employee"):
            raise InvalidQuestionError(
                f"Unbekannte Zielgruppe '{audience}'. Erlaubt sind 'citizen' und 'employee'."
            )
        # One immutable view per answer: a citizen's holds no internal document at all.
        docs = self.documents.view(audience) if self.documents is not None else None
        session_id, state = self.sessions.get(session_id)
        if state.audience is not None and state.audience != audience:
            session_id, state = self.sessions.get(None)  # a citizen gets no employee context
        state.audience = audience
        u = self.understand(text, area_hint=state.area)
        draft, u = self.earlier.answer(u, audience, state, docs)
        body, citations, abstained, intent = (
            draft.body,
            draft.citations,
            draft.abstained,
            draft.intent.value,
        )
        used = list(draft.used)
        if audience == "citizen":
            body = compose.plain_language(body, self.catalogue.knowledge.abbreviations)
        if u.english:
            body = f"{ENGLISH_LEAD} {body}"
        # A declined answer names its nearest projects: a follow-up ("und wer ist
        # zuständig?") is about them.
        named = used or [self.catalogue[c.id] for c in citations if self.catalogue.get(c.id)]
        if named:
            state.project_ids = [p.id for p in named]
            state.area = named[0].area_code
            state.intent = intent if used else None
        self.sessions.put(session_id, state)
        fields = {"intent": intent, "abstained": abstained, "projects": [c.id for c in citations]}
        if self.settings.log_questions:
            fields["question"] = text
        log.info("answered", extra={"fields": fields})
        return Answer(
            answer=body,
            citations=citations,
            abstained=abstained,
            intent=intent,
            session_id=session_id,
            links=_links(draft, u),
        )

    def understand(self, question: str, area_hint: str | None = None) -> Understanding:
        """The question as the service reads it: the reader's understanding, refined by the
        records and the index (``_classify``)."""
        return self._classify(self.reader.read(question, area_hint=area_hint))

    def _classify(self, u: Understanding) -> Understanding:
        """Where no cue word and no rule said what is asked (and for English, which the cue
        words read only through a glossary), the nearest labelled examples decide."""
        if QUANTITY_ANSWERABLE.search(u.folded) and not u.filter and not u.project_ids:
            return u.with_(intent=Intent.STRUKTUR)  # "Wie viele Aktionsfelder gibt es?"
        if u.intent == Intent.STRUKTUR and not u.project_ids and names_catalogue_only(u.folded):
            u = self._catalogue_as_source(u)
        if u.unanswerable:
            u = self._reason_in_record(u)
        if self.intents is None or u.unanswerable:
            return u
        undecided = not (u.aspects or u.list_cue or u.struct_cue or u.compare_cue or u.filter)
        if not undecided:
            return u
        vote = self.intents.vote(u.question)
        if vote is None:
            return u
        if vote.intent in (Intent.ZUSTAENDIGKEIT, Intent.ZEITRAUM, Intent.MASSNAHMEN):
            u = u.with_(aspects=(vote.intent.value,), intent=vote.intent)
        elif vote.intent == Intent.STRUKTUR and not u.project_ids:
            if self._project_closer(u):  # "auf welchem CMS läuft die Website?" is DS 1.1's
                return u
            u = u.with_(intent=vote.intent)
        elif vote.intent == Intent.VERGLEICH:
            # "ist die Ideenplattform das gleiche wie die Online-Beteiligung?": no cue word,
            # but the examples say two things are set side by side; the router looks for both.
            u = u.with_(compare_cue=True)
        else:
            return u
        return u.with_(decided_by=f"beispiele:{vote.intent.value}")

    def _reason_in_record(self, u: Understanding) -> Understanding:
        """A word that would ask for what no record holds names what the record is about when
        the record uses it, as written or as the lexicon's phrase for it: "wer ist bei
        Rückmeldungen und Kritik gefragt?" (DV 3.2 plans "Lob und Kritik" from the users),
        "welche Daten gibt Open Data wegen Datenschutz nicht heraus?" (DS 2.3 excludes
        "personenbezogene Daten"). The question is then read without the reason. Only the
        reasons of ``TOPICAL_REASONS``; a judgement only where a field is asked ("Gab es
        Kritik am Feedbacksystem?" asks whether there was any)."""
        if u.unanswerable not in TOPICAL_REASONS:
            return u
        fields = {"zustaendigkeit", "zeitraum", "massnahmen"} & set(u.aspects)
        if TOPICAL_REASONS[u.unanswerable] and not fields:
            return u
        found = dict(UNANSWERABLE)[u.unanswerable.value].search(asked_part(u.folded))
        if found is None:
            return u
        projects = [self.catalogue[i] for i in u.project_ids] or self.finder.retrieved(u)
        if not projects:
            return u
        own = self.finder.stems[projects[0].id]
        phrases = [found.group(0), *self.finder.lexicon.expand(found.group(0))]
        # whole words: "Datenschutz" is not the DMS's "Datenschutzbeauftragter"
        used = next(
            (stems for phrase in phrases if (stems := content_stems(phrase)) and set(stems) <= own),
            None,
        )
        if used is None:
            return u
        # the record's words are what is asked about: the evidence ranks by them too
        lifted = u.with_(unanswerable=None, topic=tuple(dict.fromkeys([*u.topic, *used])))
        return lifted.with_(intent=self.reader.intent_of(lifted))

    def _catalogue_as_source(self, u: Understanding) -> Understanding:
        """A question that says "Katalog" but none of the structure's words ("welche App
        nennt der Katalog als Beispiel?") may ask about a project: when one of a project's
        known questions is closer to it, by ``SOURCE_MARGIN``, than any of the general
        sections', it is read as a question about that project's content (the same query
        vector as the search; no embedding of its own)."""
        if self._project_closer(u):
            return u.with_(intent=Intent.BESCHREIBUNG, struct_cue=False)
        return u

    def _project_closer(self, u: Understanding) -> bool:
        """Whether one of a project's known questions is closer to the question, by
        ``SOURCE_MARGIN``, than any of the general sections' (the search's query vector)."""
        closest = getattr(self.index, "known_question_projects", None)
        found = closest(u.question) if closest else {}
        projects = [c for i, c in found.items() if self.catalogue.get(i)]
        sections = [c for i, c in found.items() if not self.catalogue.get(i)]
        return bool(projects) and max(projects) >= max(sections, default=0.0) + SOURCE_MARGIN

    def with_documents(self, draft: Draft, u: Understanding, docs) -> Draft:
        """The same evidence ranking over the documents this audience may see: a passage of a
        document linked to the answer's projects that carries the question's own words is
        quoted and cited as well ("Was steht im Vermerk zum Zahlungsdienstleister?")."""
        if docs is None or draft.abstained or not draft.used:
            return draft
        used = list(draft.used)
        stems = asked_stems(list(u.topic), used)
        passage = status.matching_passage(docs, u.question, stems, used, self.scorer)
        if passage is None:
            return draft
        text, citation = passage
        return replace(draft, body=f"{draft.body} {text}", citations=[*draft.citations, citation])

    def about(
        self, projects: list[Project], u: Understanding, intent: Intent, audience: Audience
    ) -> Draft:
        aspects = [a for a in u.aspects if a in ("zustaendigkeit", "zeitraum", "massnahmen")]
        if intent in ("zustaendigkeit", "zeitraum", "massnahmen") and intent not in aspects:
            aspects.insert(0, intent)
        unit = u.filter.unit if u.filter else None
        if unit and not (u.closed or "zustaendigkeit" in u.aspects):
            unit = None  # the unit is who asks or acts, not what is asked about
        if unit and not u.closed and self.reader.unit_only_before(u):
            unit = None  # "Bin neu im FB 32 … Wer ist da Ansprechpartner?": who asks
        if unit and not u.closed and any(in_text(unit, p) for p in projects):
            # "Rückhalt im Verwaltungsvorstand holen … bei wem liegt das?": the unit is part
            # of what the record plans (a measure), not a claim about who is responsible.
            unit = None
        if unit and "zustaendigkeit" not in aspects:
            aspects.insert(0, "zustaendigkeit")  # "Ist Fachbereich 20 am Handyparken beteiligt?"
        if not aspects and u.soft_time:
            aspects = ["beschreibung", "zeitraum"]
        if not aspects:
            aspects = ["beschreibung"]
        parts: list[str] = []
        corrected = False
        if unit:
            for p in projects:
                named = takes_part(p, unit)
                if named:
                    via = f" (als {named})" if named != unit else ""
                    parts.append(f"Ja, {unit} ist an {p.label} {p.title} beteiligt{via}.")
                else:
                    parts.append(f"Nein, bei {p.label} {p.title} nennt der Katalog {unit} nicht.")
                    # "Warum ist FB 32 fürs Social Intranet zuständig?" takes for granted
                    # what the record contradicts: a corrected premise, not an answer.
                    corrected = corrected or not u.closed
        if u.ambiguous and len(projects) >= 2:
            parts.append(
                f"Die Nummer {u.numbers[0]} gibt es in beiden Wirkungsbereichen: "
                + compose.join_de([f"{p.label} {p.title}" for p in projects])
                + ". Hier die Angaben zu beiden:"
            )
        elif len(projects) == 2 and twins(projects, self):
            parts.append(
                "Dazu gibt es zwei Projekte, je eines in den Wirkungsbereichen Digitale "
                f"Verwaltung und Digitale Stadt: {projects[0].label} {projects[0].title} und "
                f"{projects[1].label} {projects[1].title}."
            )
        quotes: dict[str, list[str]] = {p.id: [] for p in projects}
        ranked = self.evidence.rank(u.question, list(u.topic), projects, by_ask=True)
        # A question with words beyond the project's own name ("… mit wem kooperieren, und gibt
        # es eine Weboberfläche?") asks more than the frame's field: the units ranked best for
        # it are quoted as well, whether or not they share its words (the frame's field plus
        # the three units most similar to the question hold most of what is asked). "Wer ist
        # für E-Payment zuständig?" asks the field alone.
        named = set().union(*(self._alias_stems.get(p.id, ()) for p in projects))
        asks_more = bool(set(asked_stems(list(u.topic), projects)) - named)
        lead = bool(DEFINE.search(u.folded) or WHY.search(u.folded))
        for p in projects:
            for aspect in aspects:
                if aspect == "zustaendigkeit":
                    sentence, quote = compose.responsibility(p, audience)
                elif aspect == "zeitraum":
                    sentence, quote = compose.period(p, audience)
                    dated = compose.dated_sentence(p, self.scorer, list(u.topic), ranked)
                    if dated:
                        sentence, quote = f"{sentence} {dated}", [*quote, dated]
                elif aspect == "massnahmen":
                    sentence, quote = compose.measures(p, audience)
                else:
                    # "Warum …?", "Wozu …?": the reasons take a unit more than a topic.
                    k = DESCRIPTION_K + 1 if WHY.search(u.folded) else DESCRIPTION_K
                    sentence, quote = compose.description(p, audience, ranked, lead, k)
                parts.append(sentence)
                quotes[p.id] += quote
            if aspects[0] != "beschreibung":
                # The frame's field is stated; units of other fields that carry the
                # question's words are quoted as well.
                kinds = tuple(
                    k
                    for k in ("sentence", "measure")
                    if k != {"massnahmen": "measure"}.get(aspects[0])
                )
                sentence, quote = compose.supporting(
                    p,
                    ranked,
                    kinds,
                    set(quotes[p.id]),
                    paraphrased=aspects[0] == "massnahmen",
                    support=compose.ASKS_MORE if asks_more else compose.Support(),
                )
                if sentence:
                    parts.append(sentence)
                    quotes[p.id] += quote
        split = asks(u.question) if len(projects) <= 2 else []
        for ask in split:
            # A question that asks two or three things ("Mit welchem Programm läuft die
            # Ratsarbeit, welche Geräte bekommen wir dafür?"): each ask's own best unit; a
            # unit it only paraphrases just when there are several ("Wer ist für E-Payment
            # zuständig?" is close to every E-Payment unit's questions).
            for p in projects:
                sentence, quote = self._answer_to(u, ask, p, set(quotes[p.id]), len(split) > 1)
                if sentence and sentence not in " ".join(parts):
                    parts.append(sentence)
                    quotes[p.id] += quote
        citations = [compose.cite(p, quotes[p.id]) for p in projects]
        if corrected:
            return Draft(" ".join(parts), citations, Intent.UNBEANTWORTBAR, abstained=True)
        return Draft(" ".join(parts), citations, Intent(aspects[0]), used=tuple(projects))

    def _answer_to(
        self, u: Understanding, ask: str, p: Project, quoted: set[str], paraphrased: bool = False
    ) -> tuple[str, list[str]]:
        """The unit of ``p`` that best answers one ask of a question, when it carries the
        ask's own words and the answer does not quote it yet. The ask's words rank lexically;
        the dense share is the whole question's vector, which is computed already: a vector
        of the ask's own cost a second embedding (about 25 ms on 2 cores) for every question
        that asks two things, and over the team's 2,994 questions it decided one answer."""
        stems = [s for s in content_stems(ask) if s not in CUE_WORDS]
        if not stems:
            return "", []
        ranked = self.evidence.rank(u.question, stems, [p])
        return compose.supporting(
            p, ranked, ("sentence", "measure"), quoted, k=ASK_K, paraphrased=paraphrased
        )


def _links(draft: Draft, u: Understanding) -> list[Link]:
    """A question about time is shown in the Zeitstrahl too: filtered to the answer's
    projects, or to the year a list asked about."""
    if draft.abstained:
        return []
    if draft.intent == Intent.ZEITRAUM and draft.used:
        query = urlencode([("projekt", p.id) for p in draft.used])
        return [Link(label="Im Zeitstrahl ansehen", url=f"/zeitstrahl?{query}")]
    year = u.filter.running_in if u.filter else None
    if draft.intent == Intent.LISTE and year:
        return [Link(label=f"Zeitstrahl {year} ansehen", url=f"/zeitstrahl?jahr={year}")]
    return []


def build_assistant(settings: Settings) -> Assistant:
    """The catalogue from `settings.catalogue_path` (of a folder of editions, the newest
    answers) and the persisted index."""
    from corpus.editions import load_editions
    from index.doc_search import DocumentIndex
    from index.store import open_index

    editions = load_editions(settings.catalogue_path)
    catalogue = editions.newest.catalogue
    index = open_index(settings, catalogue)
    documents = DocumentIndex(settings, embedder=getattr(index, "embedder", None))
    return Assistant(catalogue, index, settings, documents, editions)


__all__ = ["Answer", "Assistant", "Citation", "build_assistant"]

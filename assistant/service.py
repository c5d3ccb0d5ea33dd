"""The assistant: question in, German answer with citations out.

Order of decisions: facts the catalogue does not hold → abstain; list questions → complete lists
from the structured fields; named projects (numbers, titles, aliases) → their fields; follow-ups
→ the session's projects; everything else → the hybrid index, abstaining when it is unsure.
Once the projects are known, a premise their records contradict (a unit they do not name, a
restriction they do not make) or a procedure they do not describe is declined, naming them.
"""

from __future__ import annotations

import logging
import re

from assistant import answers, compose, status, structure
from assistant.answerable import Answerability, product_names
from assistant.evidence import EvidenceRanker
from assistant.filters import takes_part
from assistant.finder import ProjectFinder, Retriever
from assistant.intents import Intent, IntentClassifier
from assistant.lexicon import CUE_WORDS, QUANTITY, QUANTITY_ANSWERABLE, TWIN_PAIRS
from assistant.models import Answer, Audience, Citation
from assistant.session import SessionState, SessionStore
from assistant.text import (
    OverlapScorer,
    content_stems,
    sentences,
)
from assistant.understand import QuestionReader, Understanding
from corpus.models import Catalogue, Project
from katalog.errors import InvalidQuestionError
from katalog.settings import Settings

log = logging.getLogger(__name__)
MAX_CHARS = 500
TOPIC_DF = 12
ENGLISH_LEAD = "Answer from the catalogue (in German):"


class Assistant:
    def __init__(
        self, catalogue: Catalogue, index: Retriever, settings: Settings, documents=None
    ) -> None:
        self.catalogue = catalogue
        self.documents = documents  # index.doc_search.DocumentIndex, or None: no reports
        self.index = index
        self.settings = settings
        self.reader = QuestionReader(catalogue)
        self.sessions = SessionStore(settings.session_max, settings.session_ttl_s)
        texts = [p.description for p in catalogue.projects] + [s.text for s in catalogue.sections]
        self.scorer = OverlapScorer(s for t in texts for s in sentences(t))
        self.finder = ProjectFinder(catalogue, index, self.reader)
        self.evidence = EvidenceRanker(index, self.scorer)
        self.checks = Answerability(self.finder, self.reader)
        embedder = getattr(index, "embedder", None)
        # Topic words: the catalogue's rarer words (in at most TOPIC_DF of its sentences).
        topic_words = frozenset(self.scorer.rare(TOPIC_DF)) - CUE_WORDS
        self.intents = (
            IntentClassifier(embedder, settings.index_dir, topic_words=topic_words)
            if embedder is not None
            else None
        )

    def warm_up(self) -> None:
        self.reader.read("Wer ist für E-Payment zuständig?")
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
        u = self.reader.read(text, area_hint=state.area)
        self._classify(u)
        body, citations, abstained, intent, used = self._answer(u, audience, state, docs)
        if audience == "citizen":
            body = compose.plain_language(body)
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
        )

    def _classify(self, u: Understanding) -> None:
        """Where no cue word and no rule said what is asked (and for English, which the cue
        words do not read), the nearest labelled examples decide."""
        if self.intents is None or u.unanswerable:
            return
        undecided = not (u.aspects or u.list_cue or u.struct_cue or u.compare_cue or u.filter)
        if not (undecided or u.english):
            return
        vote = self.intents.vote(u.question)
        if vote is None:
            return
        if vote.intent in (Intent.ZUSTAENDIGKEIT, Intent.ZEITRAUM, Intent.MASSNAHMEN):
            u.aspects, u.intent = [vote.intent.value], vote.intent.value
        elif vote.intent == Intent.STRUKTUR and not u.project_ids:
            u.intent = vote.intent.value
        else:
            return
        u.decided_by = f"beispiele:{vote.intent.value}"

    # -- routing -------------------------------------------------------------------------
    def _answer(self, u: Understanding, audience: Audience, state: SessionState, docs=None):
        if u.unanswerable == "zahl":
            found = self.finder.counted(u)
            if found:
                p, sentence = found
                body = f"{compose.placement(p, audience)} {sentence}"
                return body, [compose.cite(p, sentence)], False, "beschreibung", [p]
        if docs is not None and status.asks_status(u.folded, u.unanswerable):
            projects = self._projects_of(u)
            if not projects and u.followup and 0 < len(state.project_ids) <= 2:
                projects = [self.catalogue[i] for i in state.project_ids]
            # "Wie viele Sensoren sind schon in Betrieb?" asks for a number: only a report can
            # hold it, so without one this is an abstention, not a status answer.
            counting = QUANTITY.search(u.folded) and not QUANTITY_ANSWERABLE.search(u.folded)
            reported = projects and any(docs.reports_for(p.id) for p in projects[:2])
            if projects and (not counting or reported):
                body, cites, _, intent, used = status.answer_status(
                    projects, u.question, audience, docs
                )
                # Without any report nothing answers "how far is it?": an honest abstention
                # that still gives the catalogue's plan.
                return body, cites, not reported, intent, used
        if u.unanswerable:
            nearest = self._projects_of(u)
            if not nearest and u.followup and 0 < len(state.project_ids) <= 2:
                nearest = [self.catalogue[i] for i in state.project_ids]
            unit = u.filter.unit if u.filter else None
            if not nearest and not unit:
                nearest = self.finder.nearest(u)
            body, cites = answers.answer_abstain(u.unanswerable, nearest, audience, unit)
            return body, cites, True, "unbeantwortbar", []
        counting = QUANTITY_ANSWERABLE.search(u.folded)
        if counting and not u.filter and not u.project_ids:
            u.intent = "struktur"
        if u.intent == "liste":
            if u.filter:
                body, cites = answers.answer_list(self.catalogue, u.filter, audience)
                used = [self.catalogue[c.id] for c in cites]
                return body, cites, False, "liste", used
            term = self.finder.term(u)
            if term:
                phrase, projects = term
                body, cites = answers.answer_term_list(self.catalogue, phrase, projects, audience)
                return body, cites, False, "liste", projects
        if u.intent == "struktur":
            body, cites = structure.answer_structure(
                self.catalogue, u.folded, audience, self.scorer, content_stems(u.question)
            )
            used = [self.catalogue[c.id] for c in cites]
            return body, cites, False, "struktur", used
        projects = self._projects_of(u)
        if u.weak_names and len(projects) == 1:
            projects = self.finder.confirmed(u, projects)
        if len(projects) > 2 or (len(projects) == 2 and not _twins(projects)):
            projects = self.finder.focus(u, projects)
        intent = u.intent
        carried = state.intent in ("zustaendigkeit", "zeitraum", "massnahmen")
        if not projects and u.followup and 0 < len(state.project_ids) <= 2:
            projects = [self.catalogue[i] for i in state.project_ids if self.catalogue.get(i)]
            if not u.aspects and carried:
                intent = state.intent or intent
        elif projects and u.elliptic and not u.aspects and carried and not u.ambiguous:
            intent = state.intent or intent  # "und die 2.4?" asks the same as before
        if not projects:
            projects = self.finder.retrieved(u)
            general = (
                None if projects else answers.section_sentence(self.catalogue, self.scorer, u.topic)
            )
            if general:
                return general, [], False, "struktur", []
            if not projects:
                nearest = self.finder.nearest(u)
                body, cites = answers.answer_abstain(None, nearest, audience)
                return body, cites, True, "unbeantwortbar", []
        if intent == "liste" and len(projects) >= 1:
            intent = next((a for a in u.aspects if a != "beschreibung"), "beschreibung")
        premise = self.checks.false_premise(u, projects)
        if premise or self.checks.procedure_not_described(u, projects):
            # "Wie melde ich mich auf der Beteiligungsplattform an?": the record describes the
            # platform, not how to register. "Seit wann macht Fachbereich 20 die
            # Digitalisierungsberatung?": the catalogue names another unit.
            body, cites = answers.answer_abstain(
                "praemisse" if premise else "verfahren",
                projects[:2],
                audience,
                lead=premise or answers.NO_DATA,
            )
            return body, cites, True, "unbeantwortbar", []
        if len(projects) == 1 and u.compare_cue and not u.ambiguous:
            other = self.finder.second_project(u, projects[0])
            projects = [*projects, other] if other else projects
        if len(projects) >= 2 and (u.compare_cue or intent == "vergleich") and not u.ambiguous:
            body, cites = answers.answer_compare(
                projects[:2], u.folded, u.aspects, audience, self.scorer, u.topic
            )
            return body, cites, False, "vergleich", projects[:2]
        if intent == "beschreibung" and not u.filter:
            # "Welche Software …?" is answered only by a record that names a product; the
            # answer then quotes the sentence or measure with the name.
            asks_product = u.artefact is not None
            names = [n for p in projects for n in product_names(p)] if asks_product else []
            if (asks_product and not names) or self.checks.unsupported(u, projects):
                # "Bekommen alle Schüler ein iPad?" about DS 2.1, whose record names no iPads:
                # a description would not answer it.
                body, cites = answers.answer_abstain("unbekannt", projects, audience)
                return body, cites, True, "unbeantwortbar", []
            u.topic = [*u.topic, *content_stems(" ".join(names))]
        return self._with_documents(self._about(projects, u, intent, audience), u, docs)

    def _with_documents(self, result, u: Understanding, docs):
        """The same evidence ranking over the documents this audience may see: a passage of a
        document linked to the answer's projects that carries the question's own words is
        quoted and cited as well ("Was steht im Vermerk zum Zahlungsdienstleister?")."""
        body, cites, abstained, intent, used = result
        if docs is None or abstained or not used:
            return result
        stems = self.evidence.asked_stems(u.topic, used)
        passage = status.matching_passage(docs, u.question, stems, used, self.scorer)
        if passage is None:
            return result
        text, citation = passage
        return f"{body} {text}", [*cites, citation], abstained, intent, used

    def _about(self, projects: list[Project], u: Understanding, intent: str, audience: Audience):
        aspects = [a for a in u.aspects if a in ("zustaendigkeit", "zeitraum", "massnahmen")]
        if intent in ("zustaendigkeit", "zeitraum", "massnahmen") and intent not in aspects:
            aspects.insert(0, intent)
        unit = u.filter.unit if u.filter else None
        if unit and not (u.closed or "zustaendigkeit" in u.aspects):
            unit = None  # the unit is who asks or acts, not what is asked about
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
        elif len(projects) == 2 and _twins(projects):
            parts.append(
                "Dazu gibt es zwei Projekte, je eines in den Wirkungsbereichen Digitale "
                f"Verwaltung und Digitale Stadt: {projects[0].label} {projects[0].title} und "
                f"{projects[1].label} {projects[1].title}."
            )
        quotes: dict[str, list[str]] = {p.id: [] for p in projects}
        ranked = self.evidence.rank(u.question, u.topic, projects)
        lead = bool(_DEFINE.search(u.folded) or _WHY.search(u.folded))
        for p in projects:
            for aspect in aspects:
                if aspect == "zustaendigkeit":
                    sentence, quote = compose.responsibility(p, audience)
                elif aspect == "zeitraum":
                    sentence, quote = compose.period(p, audience)
                    dated = compose.dated_sentence(p, self.scorer, u.topic)
                    if dated:
                        sentence, quote = f"{sentence} {dated}", [*quote, dated]
                elif aspect == "massnahmen":
                    sentence, quote = compose.measures(p, audience)
                else:
                    # "Warum …?", "Wozu …?": the reasons take a unit more than a topic.
                    k = 4 if _WHY.search(u.folded) else 3
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
                sentence, quote = compose.supporting(p, ranked, kinds, set(quotes[p.id]))
                if sentence:
                    parts.append(sentence)
                    quotes[p.id] += quote
        intent = aspects[0] if len(aspects) >= 1 else intent
        citations = [compose.cite(p, quotes[p.id]) for p in projects]
        if corrected:
            return " ".join(parts), citations, True, "unbeantwortbar", []
        return " ".join(parts), citations, False, intent, projects

    # -- finding projects ----------------------------------------------------------------
    def _projects_of(self, u: Understanding) -> list[Project]:
        return [self.catalogue[i] for i in u.project_ids if self.catalogue.get(i)]


_WHY = re.compile(r"\b(warum|wozu|wieso|weshalb)\b")
_DEFINE = re.compile(r"\b(was (ist|sind|bedeutet|bedeuten|heisst|meint)|worum)\b")


def _twins(projects: list[Project]) -> bool:
    ids = {p.id for p in projects}
    return any(ids == set(pair) for pair in TWIN_PAIRS)


def build_assistant(settings: Settings) -> Assistant:
    """The catalogue from `settings.catalogue_path` and the persisted index."""
    from corpus.parser import load_catalogue
    from index.doc_search import DocumentIndex
    from index.store import open_index

    catalogue = load_catalogue(settings.catalogue_path)
    index = open_index(settings, catalogue)
    documents = DocumentIndex(settings, embedder=getattr(index, "embedder", None))
    return Assistant(catalogue, index, settings, documents)


__all__ = ["Answer", "Assistant", "Citation", "build_assistant"]

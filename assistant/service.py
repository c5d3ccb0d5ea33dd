"""The assistant: question in, German answer with citations out.

Order of decisions: facts the catalogue does not hold → abstain; list questions → complete lists
from the structured fields; named projects (numbers, titles, aliases) → their fields; follow-ups
→ the session's projects; everything else → the hybrid index, abstaining when it is unsure.
"""

from __future__ import annotations

import logging
import re
from typing import Protocol

from assistant import answers, compose
from assistant.filters import takes_part
from assistant.lexicon import QUANTITY_ANSWERABLE, TWIN_PAIRS, UNANSWERABLE
from assistant.models import Answer, Audience, Citation
from assistant.session import SessionState, SessionStore
from assistant.text import STOPWORDS, OverlapScorer, content_stems, fold, sentences
from assistant.understand import CUE_WORDS, QuestionReader, Understanding
from corpus.lookup import find_project_refs
from corpus.models import Catalogue, Project
from katalog.errors import InvalidQuestionError
from katalog.settings import Settings

log = logging.getLogger(__name__)
MAX_CHARS = 500
# Fused retrieval scores (index/ contract: comparable across queries, in [0, 1]).
MIN_CONFIDENT = 0.35  # below: abstain rather than guess
MIN_NEAREST = 0.35  # below: name no nearest project when abstaining
TWIN_RATIO = 0.6  # the twin project joins the answer when it scores at least this share
WEAK_MARGIN = 0.1  # how much better the index must rank another project than a generic name
MAX_TERM_PROJECTS = 6  # a phrase found in more projects is no list criterion


class Retriever(Protocol):
    def search(self, query: str, k: int = 10, where: dict | None = None) -> list: ...


class Assistant:
    def __init__(self, catalogue: Catalogue, index: Retriever, settings: Settings) -> None:
        self.catalogue = catalogue
        self.index = index
        self.settings = settings
        self.reader = QuestionReader(catalogue)
        self.sessions = SessionStore(settings.session_max, settings.session_ttl_s)
        texts = [p.description for p in catalogue.projects] + [s.text for s in catalogue.sections]
        self.scorer = OverlapScorer(s for t in texts for s in sentences(t))
        self._texts = {
            p.id: fold(" ".join([p.title, p.description, *p.measures])) for p in catalogue.projects
        }

    def warm_up(self) -> None:
        self.reader.read("Wer ist für E-Payment zuständig?")
        warm = getattr(self.index, "warm_up", None)
        if warm:
            warm()

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
        session_id, state = self.sessions.get(session_id)
        u = self.reader.read(text, area_hint=state.area)
        body, citations, abstained, intent, used = self._answer(u, audience, state)
        if audience == "citizen":
            body = compose.plain_language(body)
        if used:
            state.project_ids = [p.id for p in used]
            state.area = used[0].area_code
            state.intent = intent
            self.sessions.put(session_id, state)
        else:
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

    # -- routing -------------------------------------------------------------------------
    def _answer(self, u: Understanding, audience: Audience, state: SessionState):
        if u.unanswerable == "zahl":
            found = self._counted(u)
            if found:
                p, sentence = found
                body = f"{compose.placement(p, audience)} {sentence}"
                return body, [compose.cite(p, sentence)], False, "beschreibung", [p]
        if u.unanswerable:
            nearest = self._projects_of(u)
            if not nearest and u.followup and 0 < len(state.project_ids) <= 2:
                nearest = [self.catalogue[i] for i in state.project_ids]
            unit = u.filter.unit if u.filter else None
            if not nearest and not unit:
                nearest = self._nearest(u)
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
            term = self._term(u)
            if term:
                phrase, projects = term
                body, cites = answers.answer_term_list(self.catalogue, phrase, projects, audience)
                return body, cites, False, "liste", projects
        if u.intent == "struktur":
            body, cites = answers.answer_structure(
                self.catalogue, u.folded, audience, self.scorer, content_stems(u.question)
            )
            used = [self.catalogue[c.id] for c in cites]
            return body, cites, False, "struktur", used
        projects = self._projects_of(u)
        if u.weak_names and len(projects) == 1:
            projects = self._confirmed(u, projects)
        if len(projects) > 2 or (len(projects) == 2 and not _twins(projects)):
            projects = self._focus(u, projects)
        intent = u.intent
        carried = state.intent in ("zustaendigkeit", "zeitraum", "massnahmen")
        if not projects and u.followup and 0 < len(state.project_ids) <= 2:
            projects = [self.catalogue[i] for i in state.project_ids if self.catalogue.get(i)]
            if not u.aspects and carried:
                intent = state.intent or intent
        elif projects and u.elliptic and not u.aspects and carried and not u.ambiguous:
            intent = state.intent or intent  # "und die 2.4?" asks the same as before
        if not projects:
            projects = self._retrieved(u)
            general = (
                None if projects else answers.section_sentence(self.catalogue, self.scorer, u.topic)
            )
            if general:
                return general, [], False, "struktur", []
            if not projects:
                nearest = self._nearest(u)
                body, cites = answers.answer_abstain(None, nearest, audience)
                return body, cites, True, "unbeantwortbar", []
        if intent == "liste" and len(projects) >= 1:
            intent = next((a for a in u.aspects if a != "beschreibung"), "beschreibung")
        if len(projects) == 1 and u.compare_cue and not u.ambiguous:
            other = self._second_project(u, projects[0])
            projects = [*projects, other] if other else projects
        if len(projects) >= 2 and (u.compare_cue or intent == "vergleich") and not u.ambiguous:
            body, cites = answers.answer_compare(
                projects[:2], u.folded, u.aspects, audience, self.scorer, u.topic
            )
            return body, cites, False, "vergleich", projects[:2]
        return self._about(projects, u, intent, audience)

    def _about(self, projects: list[Project], u: Understanding, intent: str, audience: Audience):
        aspects = [a for a in u.aspects if a in ("zustaendigkeit", "zeitraum", "massnahmen")]
        if intent in ("zustaendigkeit", "zeitraum", "massnahmen") and intent not in aspects:
            aspects.insert(0, intent)
        unit = u.filter.unit if u.filter else None
        if unit and "zustaendigkeit" not in aspects:
            aspects.insert(0, "zustaendigkeit")  # "Ist Fachbereich 20 am Handyparken beteiligt?"
        if not aspects:
            aspects = ["beschreibung"]
        parts: list[str] = []
        if unit:
            for p in projects:
                named = takes_part(p, unit)
                if named:
                    via = f" (als {named})" if named != unit else ""
                    parts.append(f"Ja, {unit} ist an {p.label} {p.title} beteiligt{via}.")
                else:
                    parts.append(f"Nein, bei {p.label} {p.title} nennt der Katalog {unit} nicht.")
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
                    sentence, quote = compose.description(p, audience, self.scorer, u.topic)
                parts.append(sentence)
                quotes[p.id] += quote
        intent = aspects[0] if len(aspects) >= 1 else intent
        citations = [compose.cite(p, quotes[p.id]) for p in projects]
        return " ".join(parts), citations, False, intent, projects

    # -- finding projects ----------------------------------------------------------------
    def _projects_of(self, u: Understanding) -> list[Project]:
        return [self.catalogue[i] for i in u.project_ids if self.catalogue.get(i)]

    def _search(self, query: str, k: int = 5) -> list:
        hits = self.index.search(query, k=k)
        return [h for h in hits if self.catalogue.get(h.id)]

    def _retrieved(self, u: Understanding) -> list[Project]:
        if not u.topic:
            return []
        hits = self._search(u.question)
        if not hits or hits[0].score < MIN_CONFIDENT:
            return []
        top = self.catalogue[hits[0].id]
        chosen = [top]
        for pair in TWIN_PAIRS:
            if top.id in pair:
                twin = pair[1] if pair[0] == top.id else pair[0]
                for h in hits[1:4]:
                    if h.id == twin and h.score >= TWIN_RATIO * hits[0].score:
                        chosen.append(self.catalogue[twin])
        return chosen

    def _nearest(self, u: Understanding) -> list[Project]:
        """Projects about the question's topic, for naming whom to ask when abstaining."""
        query = u.folded
        for _reason, pattern in UNANSWERABLE:
            query = pattern.sub(" ", query)
        if not [s for s in content_stems(query) if s not in CUE_WORDS]:
            return []
        hits = self._search(query, k=3)
        if not hits or hits[0].score < MIN_NEAREST:
            return []
        chosen = [self.catalogue[hits[0].id]]
        for pair in TWIN_PAIRS:
            if chosen[0].id in pair:
                twin = pair[1] if pair[0] == chosen[0].id else pair[0]
                if any(h.id == twin for h in hits[1:3]):
                    chosen.append(self.catalogue[twin])
        return chosen

    def _term(self, u: Understanding) -> tuple[str, list[Project]] | None:
        """The rarest phrase of the question that names a handful of projects verbatim."""
        tokens = re.findall(r"[\w.-]+", u.folded)
        content = [t for t in tokens if t not in STOPWORDS and len(t) > 3]
        bigrams = [" ".join(content[i : i + 2]) for i in range(len(content) - 1)]
        found: list[tuple[int, int, str, list[str]]] = []
        for gram in [g for g in bigrams if g in u.folded] + content:
            if set(content_stems(gram)) <= CUE_WORDS:
                continue
            pattern = re.compile(rf"(?<!\w){re.escape(gram)}(?!\w)")
            ids = [pid for pid, text in self._texts.items() if pattern.search(text)]
            if 1 <= len(ids) <= MAX_TERM_PROJECTS:
                found.append((" " not in gram, len(ids), gram, ids))
        if not found:
            return None
        _single, _n, gram, ids = min(found)
        return gram, [self.catalogue[i] for i in ids]

    def _confirmed(self, u: Understanding, projects: list[Project]) -> list[Project]:
        """A project named only by a generic word ("Website") yields to the index when the
        index clearly prefers another ("Wie wird die Website für blinde Menschen nutzbar?")."""
        hits = self._search(u.question, k=5)
        if not hits or hits[0].id == projects[0].id or hits[0].score < MIN_CONFIDENT:
            return projects
        named = next((h.score for h in hits if h.id == projects[0].id), 0.0)
        if hits[0].score - named >= WEAK_MARGIN:
            return self._retrieved(u) or projects
        return projects

    def _focus(self, u: Understanding, projects: list[Project]) -> list[Project]:
        """Several projects named in passing ("Förderprogramme an Schulen"): keep the ones the
        index ranks for the whole question, unless the question compares or lists them."""
        if u.compare_cue or u.ambiguous or u.list_cue or u.numbers:
            return projects
        if any(ref for ref in find_project_refs(u.question)):
            return projects  # numbers are explicit; never second-guess them
        scores = {h.id: h.score for h in self._search(u.question, k=10)}
        ranked = sorted(projects, key=lambda p: -scores.get(p.id, 0.0))
        best = scores.get(ranked[0].id, 0.0)
        if best <= 0:
            return projects
        kept = [p for p in ranked if scores.get(p.id, 0.0) >= 0.9 * best]
        for pair in TWIN_PAIRS:  # a twin never goes without its partner
            if any(p.id in pair for p in kept):
                kept += [self.catalogue[i] for i in pair if all(k.id != i for k in kept)]
        return [p for p in projects if p in kept]

    def _second_project(self, u: Understanding, named: Project) -> Project | None:
        """For "X oder Y?" with only X named: Y from the other half of the question."""
        parts = re.split(r"\b(?:oder|und|vs\.?|versus|im vergleich zu)\b|,|:", u.folded)
        for part in parts:
            if not content_stems(part) or named.id in self.reader.named_projects(part)[0]:
                continue
            ids, _twin, _weak = self.reader.named_projects(part)
            if ids and ids[0] != named.id:
                return self.catalogue[ids[0]]
            hits = self._search(part, k=3)
            if hits and hits[0].score >= MIN_CONFIDENT and hits[0].id != named.id:
                return self.catalogue[hits[0].id]
        return None

    def _counted(self, u: Understanding) -> tuple[Project, str] | None:
        """ "wie viele X": a record sentence printing a number right before X."""
        m = re.search(r"\bwie viele?\s+([\w-]+)", u.folded)
        if not m:
            return None
        noun = content_stems(m.group(1))
        if not noun:
            return None
        target = noun[-1]
        for p in self.catalogue.projects:
            for s in sentences(p.description):
                for n in re.finditer(r"\b\d+\b(?:\s+\w+){0,1}?\s+([\w-]+)", s):
                    word_stems = content_stems(n.group(1))
                    is_year = re.fullmatch(r"(19|20)\d\d", n.group(0).split()[0])
                    if word_stems and target in word_stems[-1] and len(target) >= 4 and not is_year:
                        return p, s
        return None


def _twins(projects: list[Project]) -> bool:
    ids = {p.id for p in projects}
    return any(ids == set(pair) for pair in TWIN_PAIRS)


def build_assistant(settings: Settings) -> Assistant:
    """The catalogue from `settings.catalogue_path` and the persisted index."""
    from corpus.parser import load_catalogue
    from index.store import open_index

    catalogue = load_catalogue(settings.catalogue_path)
    index = open_index(settings, catalogue)
    return Assistant(catalogue, index, settings)


__all__ = ["Answer", "Assistant", "Citation", "build_assistant"]

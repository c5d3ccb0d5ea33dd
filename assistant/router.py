"""The router: a declared list of handlers, tried in order; the first that returns a draft
answers the question.

Each handler is ``run(u, ctx) -> Draft | None``. The order is the only logic between them, and
it is written down once, in ``HANDLERS``:

0. what changed between editions of the catalogue (``assistant.changes``),
1. a number the catalogue states after all ("Wie viele …", found in a sentence),
2. progress asked with reports at hand,
3. what the catalogue cannot hold (``Understanding.unanswerable``): declined,
4. complete lists (by a filter of the structured fields, or by a term),
5. the catalogue's structure,
6. no project close enough: a sentence of the introduction, or declined,
7. an example the catalogue cites from another city,
8. the chosen projects do not answer it (``assistant.answerable``): declined,
9. two projects compared,
10. everything else: the frame of the intent plus the ranked evidence, and documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from assistant import answers, compose, status, structure
from assistant.changes import EditionChanges
from assistant.clauses import asks, main_clause
from assistant.lexicon import QUANTITY, QUANTITY_ANSWERABLE
from assistant.models import Audience, Citation, Intent, Reason
from assistant.session import SessionState
from assistant.understand import DEFINE, Understanding, asks_time
from assistant.unknown import reason_of
from assistant.words import word_list
from corpus.german import content_stems, fold, sentences, words
from corpus.models import Project

if TYPE_CHECKING:
    from assistant.service import Assistant

FRAMED = (Intent.ZUSTAENDIGKEIT, Intent.ZEITRAUM, Intent.MASSNAHMEN)
# A project the index found answers only if one of its units is this close to the question
# (cosine under the e5 model). Calibrated on the team's sets: every answerable question found
# by the index had a unit at 0.837 or above; below 0.80 lay only questions to decline.
MIN_UNIT_SIMILARITY = 0.80


@dataclass(frozen=True)
class Draft:
    """An answer before the audience's wording and the session are applied."""

    body: str
    citations: list[Citation]
    intent: Intent
    abstained: bool = False
    used: tuple[Project, ...] = ()  # the projects the answer is about


@dataclass(frozen=True)
class Resolved:
    projects: tuple[Project, ...]
    intent: Intent
    retrieved: bool = False  # found by the index, not named by the question or session


@dataclass
class Context:
    """One question's surroundings: the assistant's parts, who asks, the session, the
    documents this audience may see; the projects are resolved once, when first needed."""

    assistant: Assistant
    u: Understanding
    audience: Audience
    state: SessionState
    docs: Any = None
    notes: dict = field(default_factory=dict)

    def named(self) -> list[Project]:
        cat = self.assistant.catalogue
        return [cat[i] for i in self.u.project_ids if cat.get(i)]

    def remembered(self) -> list[Project]:
        """The session's projects, for a follow-up that names none ("Und wann?")."""
        if self.u.followup and 0 < len(self.state.project_ids) <= 2:
            cat = self.assistant.catalogue
            return [cat[i] for i in self.state.project_ids if cat.get(i)]
        return []

    @cached_property
    def resolved(self) -> Resolved:
        """The projects the question is about, and the intent once they are known."""
        u, finder = self.u, self.assistant.finder
        projects = self.named()
        if len(projects) == 1 and not u.numbers:
            projects = finder.confirmed(u, projects)
        if len(projects) > 2 or (len(projects) == 2 and not twins(projects, self.assistant)):
            projects = finder.focus(u, projects)
        intent = u.intent
        carried = self.state.intent in FRAMED
        if not projects and (remembered := self.remembered()):
            projects = remembered
            if not u.aspects and carried:
                intent = Intent(self.state.intent)
        elif projects and u.elliptic and not u.aspects and carried and not u.ambiguous:
            intent = Intent(self.state.intent)  # "und die 2.4?" asks the same as before
        retrieved = not projects
        if retrieved:
            projects = finder.retrieved(u)
        if intent == Intent.LISTE and projects:
            intent = Intent(next((a for a in u.aspects if a != "beschreibung"), "beschreibung"))
        return Resolved(tuple(projects), intent, retrieved)


class Handler(Protocol):
    def run(self, u: Understanding, ctx: Context) -> Draft | None: ...


def declined(reason: Reason | None, nearest, ctx: Context, **kw) -> Draft:
    committee = ctx.assistant.catalogue.knowledge.committee_name
    body, cites = answers.answer_abstain(reason, list(nearest), ctx.audience, committee, **kw)
    return Draft(body, cites, Intent.UNBEANTWORTBAR, abstained=True)


class CountedFact:
    """ "Wie viele Aktionsfelder …?" that a sentence of a record answers with its number."""

    def run(self, u, ctx):
        if u.unanswerable != Reason.ZAHL:
            return None
        if set(words(u.folded)) & word_list("so_far"):
            return None  # "Wie viele … sind schon online?": progress, not the plan's number
        found = ctx.assistant.finder.counted(u)
        if not found:
            return None
        p, sentence = found
        body = f"{compose.placement(p, ctx.audience)} {sentence}"
        return Draft(body, [compose.cite(p, sentence)], Intent.BESCHREIBUNG, used=(p,))


class ReportStatus:
    """How far a project has come, from the reports this audience may see."""

    def run(self, u, ctx):
        # "… dass ich sehe, wie weit mein Antrag ist": progress asked in a subordinate clause
        # is what the project is about, not how far it has come.
        asking = fold(main_clause(u.question))
        if ctx.docs is None or not status.asks_status(asking, u.unanswerable):
            return None
        projects = ctx.named() or ctx.remembered()
        if not projects:
            return None
        # "Wie viele Sensoren sind schon in Betrieb?" asks for a number: only a report can
        # hold it, so without one this is an abstention, not a status answer.
        counting = QUANTITY.search(u.folded) and not QUANTITY_ANSWERABLE.search(u.folded)
        reported = any(ctx.docs.reports_for(p.id) for p in projects[:2])
        if counting and not reported:
            return None
        body, cites, _, _, used = status.answer_status(projects, u.question, ctx.audience, ctx.docs)
        # Without any report nothing answers "how far is it?": an honest abstention that
        # still gives the catalogue's plan, unless the question asks for that plan too ("Ist
        # sie schon fertig? Bis wann sollte sie erstellt werden?").
        planned = any(
            asks_time(c) and not status.asks_status(fold(c), reason_of(fold(c))) for c in u.clauses
        )
        return Draft(
            body, cites, Intent.STAND, abstained=not (reported or planned), used=tuple(used)
        )


class Unanswerable:
    """What no record holds (a cost, a person, opening hours …): declined, naming the
    nearest projects and who is responsible for them."""

    def run(self, u, ctx):
        if not u.unanswerable:
            return None
        nearest = ctx.named() or ctx.remembered()
        unit = u.filter.unit if u.filter else None
        if not nearest and not unit:
            nearest = ctx.assistant.finder.nearest(u)
        return declined(u.unanswerable, nearest, ctx, unit=unit)


class FilterList:
    """ "Welche Projekte hat Fachbereich 20?": complete, from the structured fields."""

    def run(self, u, ctx):
        if u.intent != Intent.LISTE or not u.filter:
            return None
        cat = ctx.assistant.catalogue
        body, cites = answers.answer_list(cat, u.filter, ctx.audience)
        return Draft(body, cites, Intent.LISTE, used=tuple(cat[c.id] for c in cites))


class TermList:
    """ "Welche Projekte haben mit Schulen zu tun?": every record that uses the term."""

    def run(self, u, ctx):
        if u.intent != Intent.LISTE:
            return None
        term = ctx.assistant.finder.term(u)
        if not term:
            return None
        phrase, projects = term
        body, cites = answers.answer_term_list(
            ctx.assistant.catalogue, phrase, projects, ctx.audience
        )
        return Draft(body, cites, Intent.LISTE, used=tuple(projects))


class Structure:
    """Wirkungsbereiche, Aktionsfelder, Smart-City fields, the Fortschreibung."""

    def run(self, u, ctx):
        if u.intent != Intent.STRUKTUR:
            return None
        a = ctx.assistant
        body, cites = self.answer(a, u.question, u.folded, ctx)
        # "Wie oft wird er fortgeschrieben, und was wird dabei gemacht?" asks two things: each
        # ask is answered on its own too (by its own words, and the whole question's vector:
        # one of its own would cost a second embedding), and what it adds is said after the
        # whole answer.
        said = set(sentences(body))
        for ask in dict.fromkeys(p for c in u.clauses for p in asks(c)):
            if len(u.clauses) == 1 and ask == u.clauses[0]:
                continue
            more, more_cites = self.answer(a, ask, fold(ask), ctx, u.question)
            if more == compose.NO_DATA:
                continue
            new = [s for s in sentences(more) if s not in said]
            if new:
                body = f"{body} {' '.join(new)}" if body != compose.NO_DATA else " ".join(new)
                said.update(new)
                cites = _merged(cites, more_cites)
        used = tuple(a.catalogue[c.id] for c in cites)
        return Draft(body, cites, Intent.STRUKTUR, used=used)

    @staticmethod
    def answer(
        a, question: str, folded: str, ctx, similar: str | None = None
    ) -> tuple[str, list[Citation]]:
        """The structure answer to ``question``, its sections ranked by ``similar``'s vector
        (the question's own by default)."""
        similar = similar or question
        return structure.answer_structure(
            a.catalogue,
            folded,
            ctx.audience,
            a.scorer,
            content_stems(question),
            a.evidence.section_asked(similar, a.catalogue.sections),
            a.evidence.section_dense(similar, a.catalogue.sections),
        )


class NothingClose:
    """No project is close enough: a sentence of the introduction that answers it, or an
    honest "steht nicht im Katalog" with the nearest projects."""

    def run(self, u, ctx):
        if ctx.resolved.projects:
            return None
        a = ctx.assistant
        general = answers.section_sentence(a.catalogue, a.scorer, u.topic)
        if general:
            return Draft(general, [], Intent.STRUKTUR)
        return declined(None, a.finder.nearest(u), ctx)


class ExampleElsewhere:
    """What the catalogue cites only as an example from another city ("In Wien wird etwa das
    Kaffee Digital abgehalten"): asked what it is ("Was ist das Kaffee Digital, und wer steckt
    dahinter?"), the example answers, naming its city; asked anything about it in Kleve ("Wann
    findet das Kaffee Digital in Kleve statt?"), the answer says it is only an example."""

    def run(self, u, ctx):
        example = ctx.assistant.checks.example_elsewhere(u)
        if example is None or not ctx.resolved.projects:
            return None
        defined = bool(DEFINE.search(u.folded))
        if ctx.resolved.intent == Intent.BESCHREIBUNG and not u.closed and not defined:
            return None
        pid, place, quote = example
        project = ctx.assistant.catalogue[pid]
        lead = f"Das nennt der Maßnahmenkatalog nur als Beispiel aus {place}: „{quote}“"
        if defined:
            return Draft(lead, [compose.cite(project, quote)], Intent.BESCHREIBUNG, used=(project,))
        return declined(Reason.PRAEMISSE, [project], ctx, lead=lead)


class NotAnswered:
    """The chosen projects' records do not answer what is asked (``assistant.answerable``)."""

    @staticmethod
    def _closest(u, ctx) -> float:
        """The best unit's similarity to the question. English is compared as written and
        as glossed, the closer counting: across languages the embedder scores a unit lower
        than in German ("When did the town council move to digital council work?" 0.78
        against DS 1.4's best unit, glossed 0.81, in German 0.92)."""
        a, projects = ctx.assistant, ctx.resolved.projects
        best = a.evidence.best_similarity(u.question, projects)
        if u.english and best < MIN_UNIT_SIMILARITY:
            best = max(best, a.evidence.best_similarity(a.reader.glossed(u.question), projects))
        return best

    def run(self, u, ctx):
        resolved = ctx.resolved
        a = ctx.assistant
        if resolved.retrieved and self._closest(u, ctx) < MIN_UNIT_SIMILARITY:
            # Found by the index, but no unit of the record is close to the question.
            return declined(Reason.ZU_SCHWACH, resolved.projects, ctx)
        verdict = a.checks.verdict(u, list(resolved.projects), resolved.intent)
        if verdict is None:
            return None
        reason, lead, nearest = verdict
        return declined(reason, nearest, ctx, lead=lead)


class Compare:
    """Two projects side by side (a second one is found when only one is named)."""

    def run(self, u, ctx):
        projects = list(ctx.resolved.projects)
        if u.ambiguous or not (u.compare_cue or ctx.resolved.intent == Intent.VERGLEICH):
            return None
        if len(projects) == 1 and u.compare_cue:
            other = ctx.assistant.finder.second_project(u, projects[0])
            projects = [*projects, other] if other else projects
        if len(projects) < 2:
            return None
        evidence = ctx.assistant.evidence
        ranked = evidence.rank(u.question, list(u.topic), projects[:2])
        ranked = evidence.contrasted(ranked, projects[0], projects[1])
        body, cites = answers.answer_compare(
            projects[:2], u.folded, list(u.aspects), ctx.audience, ranked
        )
        return Draft(body, cites, Intent.VERGLEICH, used=tuple(projects[:2]))


class About:
    """The frame of the intent over the chosen projects, the evidence that carries the
    question's words, and a matching passage of a linked document."""

    def run(self, u, ctx):
        resolved = ctx.resolved
        projects = list(resolved.projects)
        a = ctx.assistant
        names: list[str] = []
        if u.artefact:
            # "Welche Software …?": the names the records give are what the answer quotes,
            # whatever else it asks ("… und wer kümmert sich um die iPads?").
            names = a.checks.slot_names(u, projects)
            u = u.with_(topic=(*u.topic, *content_stems(" ".join(names))))
        draft = a.about(projects, u, resolved.intent, ctx.audience)
        if names and not any(n in draft.body for n in names):
            draft = with_slot(draft, projects, names)
        return a.with_documents(draft, u, ctx.docs)


def with_slot(draft: Draft, projects: list[Project], names: list[str]) -> Draft:
    """The draft with the units that name the slot's filler quoted and cited, where the ranked
    evidence left them out ("Implementierung Drupal (CMS)")."""
    body, cites = draft.body, list(draft.citations)
    for p in projects:
        said = [t for t in sentences(p.description) if any(n in t for n in names)]
        done = [m for m in p.measures if any(n in m for n in names)]
        if not (said or done):
            continue
        if said:
            body += " " + " ".join(said)
        if done:
            body += " " + compose.measure_clause(done)
        at = next((i for i, c in enumerate(cites) if c.id == p.id), None)
        quote = [cites[at].quote] if at is not None else []
        cited = compose.cite(p, [*quote, *said, *done])
        cites = [*cites[:at], cited, *cites[at + 1 :]] if at is not None else [*cites, cited]
    return replace(draft, body=body, citations=cites)


HANDLERS: tuple[Handler, ...] = (
    EditionChanges(),
    CountedFact(),
    ReportStatus(),
    Unanswerable(),
    FilterList(),
    TermList(),
    Structure(),
    NothingClose(),
    ExampleElsewhere(),
    NotAnswered(),
    Compare(),
    About(),
)


def route(u: Understanding, ctx: Context) -> Draft:
    for handler in HANDLERS:
        draft = handler.run(u, ctx)
        if draft is not None:
            return draft
    raise AssertionError("About answers every question")  # pragma: no cover


def twins(projects: list[Project], assistant: Assistant) -> bool:
    return assistant.catalogue.knowledge.are_twins([p.id for p in projects])


def _merged(first: list[Citation], second: list[Citation]) -> list[Citation]:
    """The citations of both, one per id, a repeated id's new quote appended to its first."""
    out = {c.id: c for c in first}
    for c in second:
        had = out.get(c.id)
        if had is None:
            out[c.id] = c
        elif c.quote not in had.quote:
            out[c.id] = had.model_copy(update={"quote": f"{had.quote} {c.quote}"})
    return list(out.values())

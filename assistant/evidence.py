"""Ranked evidence: a chosen project's units scored against the question.

Once the projects are chosen, every unit of their records (title, description sentences,
Einzelmaßnahmen, periods, Zuständigkeit; see ``index/units.py``) gets two scores:
- dense: the cosine of the question's query vector (the one the search computed) to the
  unit's vector, spread min–max over the candidate units, so it ranks within the record;
- lexical: the IDF-weighted share of the question's content words the unit contains
  (``OverlapScorer``), the project's own title words left out (they name the project, not
  what is asked about it).
- asked: where the edition's data holds questions a unit answers (``….questions.jsonl``, see
  ``corpus/data/SOURCE.md``), the highest cosine of the question to one of them, counted
  above ``ASKED_FLOOR`` only (a question is compared with questions, which e5 does well:
  "was passiert mit meinem Vorschlag?" finds "adaptiert oder verworfen"). A unit without
  such questions (title, period, Zuständigkeit) takes its dense score in that share, so that
  it is not outranked merely for having none.
The mix was calibrated on the team's own question sets (fact recall of description and
measures answers; see the closing note of issue 11). An index without units ranks lexically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from assistant.clauses import asks
from assistant.text import OverlapScorer, content_stems, fold, matches, sentences
from assistant.words import word_list, word_tables
from corpus.models import Project
from index.types import Node
from index.units import record_units, unit_id

DENSE_WEIGHT = 0.25
ASKED_WEIGHT = 0.4
ASKED_FLOOR = 0.8
ASKED_SUPPORT = 0.5  # a unit this close to a known question is quoted without shared words
# Asked how two projects differ, a unit counts more the less it resembles the other record.
CONTRAST_WEIGHT = 0.5
PART_SHARE = 0.7  # what a unit carrying all words of one of several asks counts lexically
# Only description sentences are compared: Einzelmaßnahmen share their syntax ("Konzipierung
# eines Curriculums" / "Konzipierung einer Initiative" are close under e5, and are what sets
# the two apart), so they and every other unit take the middle.
CONTRAST_KINDS = ("sentence",)
CONTRAST_DEFAULT = 0.5
# A sentence opening on a participle ("Gestützt auf …", "Ausgehend von …").
_PARTICIPLE = re.compile(r"^(?:Ge\w+t|\w+end)\s+(?:auf|von|durch|mit|aus|in)\b")


@dataclass(frozen=True)
class Evidence:
    """One unit of a record, scored against a question."""

    project_id: str
    kind: str  # "title" | "sentence" | "measure" | "period" | "responsible"
    position: int  # within its kind, in record order
    text: str
    dense: float
    lexical: float
    score: float
    asked: float = 0.0  # the question's closeness to questions this unit is known to answer


class EvidenceRanker:
    def __init__(self, index: object, scorer: OverlapScorer) -> None:
        self.index = index
        self.scorer = scorer
        # A record's units (sentence split, ids, hashes) are the same for every question.
        self._units: dict[str, list[Node]] = {}

    def _record_units(self, project: Project) -> list[Node]:
        units = self._units.get(project.id)
        if units is None:
            units = self._units[project.id] = record_units(project)
        return units

    def best_similarity(self, question: str, projects) -> float:
        """The highest cosine of the question to a unit of ``projects``; 1.0 without unit
        vectors (nothing to judge by)."""
        similarities = getattr(self.index, "unit_similarities", None)
        if similarities is None:
            return 1.0
        found = similarities(question, [p.id for p in projects])
        return max((c for _, c in found), default=1.0)

    def section_asked(self, question: str, sections) -> dict[str, float]:
        """A general section's sentence -> ``asked_share`` of the question's closeness to
        the questions it is known to answer (the sentences that have some)."""
        by_questions = getattr(self.index, "asked_similarities", None)
        if by_questions is None:
            return {}
        found = by_questions(question, [s.id for s in sections])
        shares: dict[str, float] = {}
        for section in sections:
            for i, text in enumerate(sentences(section.text)):
                cosine = found.get(unit_id(section.id, "section", i))
                if cosine is not None:
                    shares[text] = max(shares.get(text, 0.0), asked_share(cosine))
        return shares

    def section_dense(self, question: str, sections) -> dict[str, float]:
        """A general section's sentence -> its cosine to the question, spread min–max over
        the sections' sentences; {} without section units."""
        similarities = getattr(self.index, "unit_similarities", None)
        if similarities is None:
            return {}
        found = similarities(question, [s.id for s in sections])
        spread = _spread([c for _, c in found])
        return {unit.text: spread(c) for unit, c in found}

    def rank(
        self, question: str, topic: list[str], projects: list[Project], by_ask: bool = False
    ) -> list[Evidence]:
        """Every unit of ``projects``, best first; ``by_ask``: a unit that carries every word
        of one of the question's asks ranks as if it carried the whole question's."""
        stems = asked_stems(topic, projects)
        total = sum(self.scorer.idf(s) for s in stems) or 1.0
        # A question that asks two things ("Was ist Voraussetzung fürs Mobile Office, und
        # wieso spielt das bei der Personalgewinnung eine Rolle?") is answered by a unit for
        # each: a unit that carries all words of one ask counts as much as one that carries
        # the whole question's.
        parts: list[list[str]] = []
        carried: dict[str, set[str]] = {}
        if by_ask:
            for ask in asks(question):
                said = set(content_stems(ask))
                parts.append([s for s in stems if s in said])
        if len(parts) > 1:
            # Of each ask, only the words some unit of the records carries: "laut Katalog",
            # "fürs" or "ne" would otherwise weigh most, as words no unit has.
            for p in projects:
                for u in self._record_units(p):
                    tokens = set(content_stems(u.text))
                    carried[u.node_id] = {s for s in stems if any(matches(s, t) for t in tokens)}
            present = set().union(*carried.values())
            parts = [kept for p in parts if (kept := [s for s in p if s in present])]
        else:
            parts = []
        # each ask's words and their weight, summed once for every unit below
        weighed = [(set(part), sum(self.scorer.idf(s) for s in part)) for part in parts]
        dense: dict[str, float] = {}
        similarities = getattr(self.index, "unit_similarities", None)
        if similarities is not None:
            dense = {u.node_id: c for u, c in similarities(question, [p.id for p in projects])}
        spread = _spread(list(dense.values()))
        weight = DENSE_WEIGHT if dense else 0.0
        by_questions = getattr(self.index, "asked_similarities", None)
        asked = by_questions(question, [p.id for p in projects]) if by_questions else {}
        asked_weight = ASKED_WEIGHT if asked else 0.0
        # "Gibt es ein Beispiel?", "Was bringt das?": units that show the facet asked for
        # ("beispielsweise", "Ziel", "vereinfacht") rank higher.
        folded = fold(question)
        wanted = [f for f in facets() if f.asks.search(folded)]
        ranked: list[Evidence] = []
        for p in projects:
            for unit in self._record_units(p):
                d = spread(dense.get(unit.node_id))
                # A unit without known questions (the title, a period, the Zuständigkeit)
                # is judged by its own text there too ("macht die 10.1 das allein?" of a
                # description must still reach the Zuständigkeit).
                known = unit.node_id in asked
                a = asked_share(asked[unit.node_id]) if known else d
                lexical = min(1.0, self.scorer.score(stems, unit.text) / total) if stems else 0.0
                for part, part_weight in weighed:
                    share = sum(self.scorer.idf(s) for s in carried[unit.node_id] if s in part)
                    lexical = max(lexical, PART_SHARE * min(1.0, share / part_weight))
                ranked.append(
                    Evidence(
                        project_id=p.id,
                        kind=unit.field,
                        position=int(unit.metadata["position"]),
                        text=unit.text,
                        dense=d,
                        lexical=lexical,
                        score=weight * d
                        + asked_weight * a
                        + (1 - weight - asked_weight) * lexical
                        + sum(f.bonus for f in wanted if f.marks.search(fold(unit.text))),
                        asked=a if known else 0.0,
                    )
                )
        ranked.sort(key=lambda e: (-e.score, e.project_id, e.kind, e.position))
        return ranked

    def contrasted(self, ranked: list[Evidence], first: Project, second: Project) -> list[Evidence]:
        """``ranked`` for a question about how two projects differ: each unit gains up to
        ``CONTRAST_WEIGHT`` the less it resembles the other project's units (spread within
        its own record), so that what sets a project apart ("Ziel ist ein
        Infrastrukturatlas", "Teil der Daseinsvorsorge") outranks what both say alike."""
        overlap = getattr(self.index, "unit_overlap", None)
        found = overlap(first.id, second.id) if overlap else {}
        if not found:
            return ranked
        distinct: dict[tuple[str, str, int], float] = {}
        for p in (first, second):
            units = [
                u for u in self._record_units(p) if u.node_id in found and u.field in CONTRAST_KINDS
            ]
            spread = _spread([-found[u.node_id] for u in units])
            for u in units:
                key = (p.id, u.field, int(u.metadata["position"]))
                distinct[key] = spread(-found[u.node_id])
        rescored = [
            replace(
                e,
                score=e.score
                + CONTRAST_WEIGHT
                * distinct.get((e.project_id, e.kind, e.position), CONTRAST_DEFAULT),
            )
            for e in ranked
        ]
        rescored.sort(key=lambda e: (-e.score, e.project_id, e.kind, e.position))
        return rescored


@dataclass(frozen=True)
class Facet:
    name: str
    asks: re.Pattern[str]  # over the folded question
    marks: re.Pattern[str]  # over a unit's folded text
    bonus: float


@lru_cache(maxsize=1)
def facets() -> tuple[Facet, ...]:
    """The facets of ``assistant/data/words.toml``."""
    return tuple(
        Facet(f["name"], re.compile(f["asks"]), re.compile(f["marks"]), float(f["bonus"]))
        for f in word_tables()["facet"]
    )


def asked_stems(topic, projects: list[Project]) -> list[str]:
    """The question's content stems without the projects' own title words."""
    own = {s for p in projects for s in content_stems(p.title)}
    return [s for s in dict.fromkeys(topic) if s not in own]


def asked_share(cosine: float) -> float:
    """How far above ``ASKED_FLOOR`` a question's cosine to a known question lies (0–1)."""
    return max(0.0, min(1.0, (cosine - ASKED_FLOOR) / (1 - ASKED_FLOOR)))


def _spread(values: list[float]):
    """Min–max over the candidates (all zero when they do not differ)."""
    if not values:
        return lambda v: 0.0
    lo, hi = min(values), max(values)
    width = hi - lo
    return lambda v: 0.0 if v is None or width <= 1e-6 else (v - lo) / width


@lru_cache(maxsize=1)
def _points_back() -> re.Pattern[str]:
    """A pronominal adverb ("Hierüber", "Darin", "Womit") points back at what was just said."""
    prepositions = "|".join(sorted(word_list("pronominal"), key=len, reverse=True))
    # "hier…" points back wherever it stands early ("Erstens handelt es sich hierbei …",
    # "Einerseits werden hierdurch …"); "da…" only as the opener ("damit" also means "so that").
    return re.compile(
        rf"^(?:(?:hier|dar|da|wor|wo)|(?:\S+\s+){{1,4}}hier)(?:{prepositions})\b", re.IGNORECASE
    )


# A demonstrative early in a sentence points back at what the one before it said ("Die
# Abteilung 10.1 erwirbt diese Kompetenzen …", "In diesem Zusammenhang …").
_DEMONSTRATIVE = re.compile(r"^(?:\S+\s+){0,5}(?:diese[mnrs]?|derartige\w*|solche\w*)\s", re.I)


def leans_on_previous(sentence: str) -> bool:
    """Whether a description sentence only reads right after the one before it."""
    first = re.match(r"\w+", sentence)
    leans = bool(first) and first.group(0).lower() in word_list("leaning")
    return leans or bool(_PARTICIPLE.match(sentence) or _points_back().match(sentence))


def refers_back(sentence: str) -> bool:
    """Whether a sentence needs the one before it to be understood: it leans on it, or a
    demonstrative early on names what that one said. Quoted, it brings that one along; quoted
    itself, a sentence does not bring such a successor (it would only sum up)."""
    return leans_on_previous(sentence) or bool(_DEMONSTRATIVE.match(sentence))


# "In Wien wird etwa …": an example (etwa, beispielsweise, zum Beispiel) set in a place.
EXAMPLE = re.compile(r"\b(?:etwa|beispielsweise|zum Beispiel|z\. ?B\.)\s")
IN_PLACE = re.compile(r"\b[Ii]n ([A-ZÄÖÜ][a-zäöüß]+)\b")


def is_example(sentence: str) -> bool:
    """Whether a sentence gives an example set in a named place; the sentence after it
    continues the example ("In Wien wird etwa das „Kaffee Digital“ abgehalten. Ins Leben
    gerufen von … bietet es …") and is never quoted alone, lest it read as a Kleve fact."""
    return bool(EXAMPLE.search(sentence) and IN_PLACE.search(sentence))


def top(
    ranked: list[Evidence],
    project_id: str,
    kinds: tuple[str, ...],
    k: int,
    min_share: float = 0.6,
    min_lexical: float = 0.0,
    min_asked: float | None = None,
) -> list[Evidence]:
    """The best ``k`` units of ``kinds`` of one project within ``min_share`` of its best unit
    of those kinds, each carrying at least ``min_lexical`` of the question's words or, where
    ``min_asked`` is given, that close to a question the unit is known to answer."""
    own = [e for e in ranked if e.project_id == project_id and e.kind in kinds]
    if not own or own[0].score <= 0:
        return []
    best = own[0].score
    return [
        e
        for e in own[:k]
        if e.score >= min_share * best
        and (e.lexical >= min_lexical or (min_asked is not None and e.asked >= min_asked))
    ]


SHORT_SENTENCE = 90
MAX_QUOTED = 8  # sentences of one description that leaning brings along, at most
MAX_ITEMS = 6
_ITEM = re.compile(r"^[^:.]{3,70}:\s")  # "Schnellere Identifikation von Knowhow: …"


def quoted_sentences(
    project: Project, positions: set[int], lead: bool = False, best: int | None = None
) -> list[str]:
    """The description sentences at ``positions`` in record order, each with the sentence it
    leans on, and the lead sentence first when asked for. A short ``best`` sentence brings
    its successor along ("In Wien wird etwa das sogenannte 'Kaffee Digital' abgehalten." says
    little without the next one)."""
    all_sentences = sentences(project.description)
    chosen = {i for i in positions if 0 <= i < len(all_sentences)}
    if lead and all_sentences:
        chosen.add(0)
    short = best is not None and len(all_sentences[best]) < SHORT_SENTENCE
    if short and best + 1 < len(all_sentences):
        chosen.add(best + 1)
    for i in sorted(chosen):
        # "… nachfolgend aufgeführte Vorteile bieten:" announces the list after it: its
        # items ("Verkürzte Einarbeitung …: …") are what the sentence says.
        if not all_sentences[i].rstrip().endswith(":"):
            continue
        for j in range(i + 1, min(i + 1 + MAX_ITEMS, len(all_sentences))):
            if not _ITEM.match(all_sentences[j]):
                break
            chosen.add(j)
    for i in sorted(chosen):
        j = i
        while (
            j > 0
            and len(chosen) < MAX_QUOTED
            and (refers_back(all_sentences[j]) or is_example(all_sentences[j - 1]))
        ):
            j -= 1
            chosen.add(j)
    for i in range(len(all_sentences) - 1):
        # "Eines der Kernelemente ist die Ablösung der Organisationsdatenbank … Hierüber werden
        # Berechtigungsstrukturen verwaltet.": a sentence that leans on a quoted one goes on
        # saying what it says, and so on ("Sie soll einerseits … Andererseits …").
        if i in chosen and len(chosen) < MAX_QUOTED and leans_on_previous(all_sentences[i + 1]):
            chosen.add(i + 1)
    return [all_sentences[i] for i in sorted(chosen)]

"""Composing German answers from the parsed fields, with one citation per project used.

Wording for units, years and measures is the catalogue's own; the sentences around them are
fixed templates, so an answer never states a number, date or name no record holds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.evidence import ASKED_SUPPORT, Evidence, quoted_sentences, top
from assistant.models import Audience, Citation
from assistant.text import OverlapScorer, content_stems, sentences
from assistant.words import word_tables
from corpus.models import Project

NO_DATA = "Dazu enthält der Maßnahmenkatalog keine Angaben."
# How many ranked units a description quotes, and within which share of the best one; how
# many units of other fields a framed answer adds, and how much of the question they carry.
# A description quotes units down to this share of its best: the reasons of a "warum" come
# lower than what the project is (Mobile Office: Nachwuchsgewinnung at 0.31 of the best).
# 0.4 left four answers of the open sets without their reason, 0.2 and 0.0 gave the same.
DESCRIPTION_SHARE = 0.2
OWN_WORDS = 0.25  # a description quotes the unit with most of the question's words from here
SUPPORT_K = 2
SUPPORT_SHARE = 0.6
SUPPORT_LEXICAL = 0.15


@dataclass(frozen=True)
class Support:
    """Which units of other fields a framed answer adds: the ``k`` best within ``share`` of
    the best one, each carrying at least ``lexical`` of the question's own words."""

    k: int = SUPPORT_K
    share: float = SUPPORT_SHARE
    lexical: float = SUPPORT_LEXICAL


# A question that asks more than the frame's field ("Wer macht das, und gibt es eine
# Weboberfläche?"): the three units ranked best for it, whatever words they share. Hint of
# issue 11, measured there: the field plus the three units most similar to the question hold
# about 0.80 of the facts asked.
ASKS_MORE = Support(k=3, share=0.5, lexical=0.0)
DATED_WITHIN = 3  # a when-answer adds a dated sentence from this many best-ranked ones


def number_word(n: int) -> str:
    """A count as written German writes it: up to twelve in words ("sechs Aktionsfelder", as
    the catalogue itself writes), larger ones in digits."""
    words = word_tables()["numbers"]["words"].split()
    return words[n] if 1 < n < len(words) else str(n)


def join_de(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " und " + items[-1]


def name(p: Project, audience: Audience) -> str:
    """ "E-Payment (DS 1.8)" for citizens, "DS 1.8 E-Payment" for employees."""
    return f"{p.title} ({p.label})" if audience == "citizen" else f"{p.label} {p.title}"


A_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# A day as the records print it: "18.04.2020", "31.12.2022".
PRINTED_DAY = re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)\d\d\b")
_ADJECTIVE = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+(?:e|er|es|en|em)\s+[A-ZÄÖÜ]")


def governed(p: Project, audience: Audience, article: str = "das") -> str:
    """The project after a preposition ("Für …", "Zu …"). A title that opens with an
    adjective keeps its own case ("Öffentlicher WLAN-Ausbau"), so it goes in „…“ after
    "das Projekt": "für das Projekt „Öffentlicher WLAN-Ausbau“ (DV 1.5)"; any other title
    reads as it is ("Für E-Payment (DS 1.8)")."""
    if not _ADJECTIVE.match(p.title):
        return name(p, audience)
    if audience == "citizen":
        return f"{article} Projekt „{p.title}“ ({p.label})"
    return f"{article} Projekt {p.label} „{p.title}“"


def units(p: Project) -> list[str]:
    return [f"{r.unit} ({r.role})" if r.role else r.unit for r in p.responsible_roles]


def responsible_line(p: Project) -> str:
    return f"Zuständigkeit: {p.responsible_text}" if p.responsible_text else ""


def periods_text(p: Project) -> str:
    return " ".join(x.text for x in p.periods)


def cite(p: Project, quote: list[str] | str) -> Citation:
    text = quote if isinstance(quote, str) else " ".join(q for q in quote if q)
    # An answer that states a field is empty rests on the project's heading.
    text = text.strip() or f"{p.number} {p.title}"
    return Citation(
        id=p.id, label=p.label, title=p.title, quote=text.strip(), url=f"/projekte/{p.id}"
    )


def _end(sentence: str) -> str:
    sentence = sentence.rstrip()
    return sentence if sentence.endswith((".", "!", "?", "“", '"')) else sentence + "."


# -- one aspect of one project -----------------------------------------------------------
_WORDY = re.compile(r"[^\W\d_]{3}")


def _as_printed(p: Project, found: list[str]) -> str:
    """The catalogue's own wording of the Zuständigkeit when it differs from the units spelt
    out one by one ("Fachbereich 10 – Abteilungen 10.2 und 10.1")."""
    printed = " ".join(p.responsible_text.split()).rstrip(".")
    spelt = join_de(found)
    pieces = [piece for piece in re.split(r",\s*|\s+und\s+", printed) if piece]
    # A piece is spelt out when a unit starts with it, or it is words found among them ("…
    # (Koordination und Umsetzung)" splits inside the role); a bare number ("10.2" of
    # "Abteilung 10.1, 10.2") is its own wording.
    if all(
        any(f.startswith(piece) for f in found) or (_WORDY.search(piece) and piece in spelt)
        for piece in pieces
    ):
        return ""
    return f" Im Katalog: „{printed}“."


def responsibility(p: Project, audience: Audience) -> tuple[str, list[str]]:
    found = units(p)
    if not found:
        return f"Für {governed(p, audience)} nennt der Maßnahmenkatalog keine Zuständigkeit.", []
    printed = _as_printed(p, found)
    if audience == "employee":
        return f"{name(p, audience)} – zuständig: {join_de(found)}.{printed}", [responsible_line(p)]
    verb = "ist" if len(found) == 1 else "sind"
    sentence = f"Für {governed(p, audience)} {verb} {join_de(found)} zuständig.{printed}"
    return sentence, [responsible_line(p)]


def period(p: Project, audience: Audience) -> tuple[str, list[str]]:
    if not p.periods:
        return f"Für {governed(p, audience)} nennt der Maßnahmenkatalog keinen Zeitraum.", []
    text = periods_text(p)
    if audience == "employee":
        return f"{name(p, audience)} – {text}", [text]
    return f"Für {governed(p, audience)} nennt der Maßnahmenkatalog diesen Zeitraum: {text}", [text]


def measures(p: Project, audience: Audience) -> tuple[str, list[str]]:
    if not p.measures:
        return f"Für {governed(p, audience)} nennt der Maßnahmenkatalog keine Einzelmaßnahmen.", []
    listed = "; ".join(p.measures)
    n = len(p.measures)
    if audience == "employee":
        return f"{name(p, audience)} – {number_word(n)} Einzelmaßnahmen: {listed}.", [listed]
    what = "ist diese Einzelmaßnahme" if n == 1 else f"sind diese {number_word(n)} Einzelmaßnahmen"
    return f"Für {governed(p, audience)} {what} vorgesehen: {listed}.", [listed]


def placement(p: Project, audience: Audience) -> str:
    field = f", Smart-City-Aktionsfeld {p.smart_city_field}" if p.smart_city_field else ""
    if audience == "employee":
        return f"{name(p, audience)} ({p.impact_area}, Aktionsfeld {p.action_field}{field})."
    return (
        f"{name(p, audience)} gehört zum Wirkungsbereich {p.impact_area}, "
        f"Aktionsfeld {p.action_field}{field}."
    )


def best_sentences(
    scorer: OverlapScorer, text: str, question_stems: list[str], k: int = 2, lead: bool = True
) -> list[str]:
    """The lead sentence plus the k sentences that share most with the question, in order.

    A short best sentence brings its successor along ("In Wien wird etwa das sogenannte
    'Kaffee Digital' abgehalten." says little without the next one).
    """
    all_sentences = sentences(text)
    if not all_sentences:
        return []
    scored = [(scorer.score(question_stems, s), i) for i, s in enumerate(all_sentences)]
    ranked = sorted((x for x in scored if x[0] > 0), key=lambda x: (-x[0], x[1]))
    chosen = {0} if lead else set()
    if ranked:
        top = ranked[0][0]
        for score, i in ranked[:k]:
            if score >= 0.5 * top:
                chosen.add(i)
        best = ranked[0][1]
        if len(all_sentences[best]) < 90 and best + 1 < len(all_sentences):
            chosen.add(best + 1)
    return [all_sentences[i] for i in sorted(chosen)]


def measure_clause(measures: list[str]) -> str:
    quoted = [f"„{m}“" for m in measures]
    if len(quoted) == 1:
        return f"Dazu gehört die Einzelmaßnahme {quoted[0]}."
    return f"Dazu gehören die Einzelmaßnahmen {join_de(quoted)}."


def description(
    p: Project,
    audience: Audience,
    ranked: list[Evidence],
    lead: bool,
    k: int = 3,
    every_measure: bool = False,
) -> tuple[str, list[str]]:
    """What the project is, from its best-ranked units: the description sentences (each with
    the one it leans on), measures, responsibility or period that match the question best.
    The lead sentence comes first when asked for or when nothing matched the question's
    words."""
    kinds = ("sentence", "measure", "responsible", "period")
    best = top(ranked, p.id, kinds, k, DESCRIPTION_SHARE)
    if lead and any(e.kind == "sentence" and e.position == 0 for e in best):
        # The lead sentence comes anyway: it takes none of the ``k`` places.
        best = top(ranked, p.id, kinds, k + 1, DESCRIPTION_SHARE)
    # The unit that carries most of the question's own words comes along, wherever it ranks
    # ("werden da auch persönliche Daten veröffentlicht?": "… sind personenbezogene Daten …").
    own = [e for e in ranked if e.project_id == p.id and e.kind in ("sentence", "measure")]
    wordiest = max(own, key=lambda e: e.lexical, default=None)
    if wordiest and wordiest.lexical >= OWN_WORDS and wordiest not in best:
        best = [*best, wordiest]
    # So does the unit whose known questions the question all but repeats ("wird das Tool
    # erst irgendwo ausprobiert?": the measure on the Testphase), whatever its words.
    closest = max(own, key=lambda e: e.asked, default=None)
    if closest and closest.asked >= ASKED_SUPPORT and closest not in best:
        best = [*best, closest]
    positions = {e.position for e in best if e.kind == "sentence"}
    matched = any(e.lexical > 0 or e.dense > 0 for e in best)
    first = next((e.position for e in best if e.kind == "sentence"), None)
    picked = quoted_sentences(p, positions, lead or not positions or not matched, first)
    text = f"{placement(p, audience)} {' '.join(picked)}".strip()
    measures = [p.measures[e.position] for e in best if e.kind == "measure"]
    if every_measure or (best and best[0].kind == "measure"):
        # The question is closest to a measure: it asks what is planned ("Was hat die Stadt
        # bei Open Data vor?"), so the measures are the answer's field, all of them.
        measures = list(p.measures)
    if measures:
        text += f" {measure_clause(measures)}"
        picked = [*picked, *measures]
    if any(e.kind == "responsible" for e in best) and p.responsible_roles:
        sentence, quote = responsibility(p, audience)
        text += f" {sentence}"
        picked = [*picked, *quote]
    if any(e.kind == "period" for e in best) and p.periods:
        sentence, quote = period(p, audience)
        text += f" {sentence}"
        picked = [*picked, *quote]
    return text, picked


def supporting(
    p: Project,
    ranked: list[Evidence],
    kinds: tuple[str, ...],
    quoted: set[str],
    k: int = 0,
    paraphrased: bool = False,
    support: Support | None = None,
) -> tuple[str, list[str]]:
    """Units of other fields that carry the question's own words ("Wer steuert das
    Projekt, sind die Stadtwerke dabei?" quotes the measure with the Stadtwerke).
    ``paraphrased``: also units the question is as close to as to a question they are known
    to answer (``ASKED_SUPPORT``), for a frame whose field does not settle what is asked
    ("Wird das WLAN erst getestet?" of the measures); a question about who or when names its
    topic only, and every unit of the project is close to that."""
    min_asked = ASKED_SUPPORT if paraphrased else None
    support = support or Support()
    best = top(ranked, p.id, kinds, k or support.k, support.share, support.lexical, min_asked)
    positions = {e.position for e in best if e.kind == "sentence"}
    picked = [s for s in quoted_sentences(p, positions) if s not in quoted]
    measures = [p.measures[e.position] for e in best if e.kind == "measure"]
    measures = [m for m in measures if m not in quoted]
    text = " ".join(picked)
    if measures:
        text = f"{text} {measure_clause(measures)}".strip()
    return text, [*picked, *measures]


def dated_sentence(
    p: Project, scorer: OverlapScorer, stems: list[str], ranked: list[Evidence] = ()
) -> str | None:
    """A description sentence with a date or year that clearly answers a 'when' question:
    one sharing two of the question's words, or the best of the sentences the evidence ranks
    highest (``DATED_WITHIN``) that has a year and shares any word ("Bis wann mussten die
    Ämter ihre Leistungen anbieten?" -> "… bis zum 31.12.2022 …")."""
    best = [e for e in ranked if e.project_id == p.id and e.kind == "sentence"][:DATED_WITHIN]
    # A printed day ("bis zum 31.12.2022") answers a 'when' even without a shared word.
    first = next(
        (
            e
            for e in best
            if A_YEAR.search(e.text) and (e.lexical > 0 or PRINTED_DAY.search(e.text))
        ),
        None,
    )
    if first is not None:
        return first.text
    own = set(content_stems(p.title))
    stems = [s for s in stems if s not in own]
    best, best_score = None, 0.0
    for s in sentences(p.description):
        if not A_YEAR.search(s):
            continue
        score = scorer.score(stems, s)
        hits = sum(1 for q in set(stems) if scorer.score([q], s) > 0)
        if hits >= 2 and score > best_score:
            best, best_score = s, score
    return best


# -- audience ------------------------------------------------------------------------------
def plain_language(text: str, abbreviations: Mapping[str, str]) -> str:
    """Spell out abbreviations on first use for citizens ("Onlinezugangsgesetz (OZG)"); the
    edition's data file lists them (``Knowledge.abbreviations``)."""
    notes = []
    for short, long in abbreviations.items():
        standalone = re.compile(rf"(?<![\w-]){short}(?![\w-])")
        m = standalone.search(text)
        first_any = re.search(rf"(?<![\w]){short}(?![\w])", text)
        if not first_any:
            continue
        before = text[: first_any.start()]
        if long in before or before.endswith("("):  # spelled out already: "... (APD)"
            continue
        if m and m.start() == first_any.start():
            text = text[: m.start()] + f"{long} ({short})" + text[m.end() :]
        else:
            notes.append(f"{short} steht für {long}.")
    return " ".join([text, *notes]).strip()

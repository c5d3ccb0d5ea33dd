"""Answers about the catalogue as a whole: Wirkungsbereiche, Aktionsfelder, Smart-City fields,
counts, and sentences of the general sections. Counts and lists come from the records; other
statements are the sections' own sentences."""

from __future__ import annotations

import re

from assistant.compose import NO_DATA, cite, join_de, number_word
from assistant.evidence import ASKED_SUPPORT, facets
from assistant.filters import inflected, smart_field_definitions
from assistant.lexicon import QUANTITY_ANSWERABLE
from assistant.models import Audience, Citation
from assistant.text import OverlapScorer, fold, fre, sentences
from assistant.understand import DEFINE, WHY
from corpus.models import Catalogue, Project

Composed = tuple[str, list[Citation]]
_DEFINITION = fre(
    r"\bhandelt es sich\b|\bbezeichne\w*|\bversteht man\b|\bdefinier\w*|\bist eine?\b|\bsind\b"
)
# The share of a general sentence's score its closeness under e5 gives (the rest: shared
# words), calibrated on the struktur questions of the team's sets.
SECTION_DENSE_WEIGHT = 0.4
_ASKS_MEMBERS = fre(r"\b(?:alles?|gehort|gehoren|projekte|vorhaben|umfasst|enthalt)\b")
_ASKS_OUTLINE = fre(r"\baufgebaut\b|\baufbau\b|\bgegliedert\b|\bgliederung\b|\bstruktur\b")


def _areas(catalogue: Catalogue) -> dict[str, list[str]]:
    areas: dict[str, list[str]] = {}
    for p in catalogue.projects:
        fields = areas.setdefault(p.impact_area, [])
        if p.action_field not in fields:
            fields.append(p.action_field)
    return areas


def _smart_city(overview: Project | None, folded: str) -> Composed | None:
    if not overview:
        return None
    defined = smart_field_definitions(overview)
    named = [d for name, d in defined.items() if re.search(rf"\bsmart[ -]{name}\b", folded)]
    if named:
        text = " ".join(
            f"Im Smart-City-Konzept ({overview.label}) ist das Aktionsfeld "
            f"{d.split(':', 1)[0]} so beschrieben: „{d.split(':', 1)[1].strip()}“."
            for d in named
        )
        return text, [cite(overview, named)]
    if re.search(r"smart[ -]city[ -]?aktionsfeld|aktionsfelder der smart", folded) or (
        "aktionsfeld" in folded and re.search(r"\bsmart[ -]city\b(?![ -]strat)", folded)
    ):
        # "… kann das Smart City-Konzept in sechs Aktionsfelder unterteilt werden: …"
        counted = f"{number_word(len(defined))} Aktionsfelder"
        picked = [s for s in sentences(overview.description) if counted in s]
        return " ".join(picked) or overview.title, [cite(overview, picked)]
    return None


def _best_sentences(
    catalogue: Catalogue,
    folded: str,
    scorer: OverlapScorer,
    stems: list[str],
    limit: int = 3,
    asked: dict[str, float] | None = None,
    dense: dict[str, float] | None = None,
) -> list[str]:
    """The general sections' sentences that share most with the question, in document order;
    a "was ist …?" question prefers defining sentences ("Bei … handelt es sich um …"). The
    sentence whose known questions the question is closest to (``asked``, see
    ``EvidenceRanker.section_asked``) comes along when it is close enough (``ASKED_SUPPORT``):
    "Ist der Katalog ein verbindlicher Arbeitsplan?" shares no word with "Zielprogramm".
    ``dense`` (see ``EvidenceRanker.section_dense``) weighs in with ``SECTION_DENSE_WEIGHT``
    beside the shared words: "What time period does the catalogue cover?" shares none with
    "… für den Zeitraum vom Jahr 2020 bis zum Jahr 2030 …"."""
    defining = bool(DEFINE.search(folded) or WHY.search(folded))
    scored = []
    # The facets the question asks for ("Wo erfährt man den Fortschritt?": the reports).
    wanted = [f for f in facets() if f.asks.search(folded)]
    for section in catalogue.sections:
        for s in sentences(section.text):
            score = scorer.score(stems, s)
            if score > 0 and defining and _DEFINITION.search(fold(s)):
                score *= 1.5
            if score > 0 and any(f.marks.search(fold(s)) for f in wanted):
                score *= 2
            scored.append((score, s))
    if dense:
        most = max(score for score, _ in scored) or 1.0
        scored = [
            (
                (1 - SECTION_DENSE_WEIGHT) * score / most
                + SECTION_DENSE_WEIGHT * dense.get(s, 0.0),
                s,
            )
            for score, s in scored
        ]
    ranked = sorted(scored, key=lambda x: -x[0])
    top = ranked[0][0] if ranked else 0.0
    picked: list[str] = []
    covered: set[str] = set()
    for score, s in ranked[: limit * 4] if top > 0 else ():
        if len(picked) >= limit or s in picked:
            continue
        # Close to the best, or the best sentence for a part of the question not yet
        # answered ("Wie oft wird er aktualisiert, und wo sieht man den Stand?").
        new = {q for q in stems if q not in covered and scorer.score([q], s) > 0}
        if score >= 0.6 * top or (new and score >= 0.3 * top and len(picked) < 2):
            picked.append(s)
            covered |= new
    asked = asked or {}
    closest = max(asked, key=asked.__getitem__, default=None)
    if closest and asked[closest] >= ASKED_SUPPORT and closest not in picked:
        picked.append(closest)
    order = {s: i for i, (_, s) in enumerate(scored)}
    return sorted(picked, key=lambda s: order[s])


def answer_structure(
    catalogue: Catalogue,
    folded: str,
    audience: Audience,
    scorer: OverlapScorer,
    stems: list[str],
    asked: dict[str, float] | None = None,
    dense: dict[str, float] | None = None,
) -> Composed:
    """The structure answer; a sentence it quotes from a project's record (the Smart-City
    overview) cites that project. ``asked``: see ``_best_sentences``."""
    text, cites = _answer_structure(catalogue, folded, audience, scorer, stems, asked, dense)
    if not cites:
        said = set(sentences(text))
        for p in catalogue.projects:
            quoted = [s for s in sentences(p.description) if s in said]
            if quoted:
                cites.append(cite(p, quoted))
    return text, cites


def _answer_structure(
    catalogue: Catalogue,
    folded: str,
    audience: Audience,
    scorer: OverlapScorer,
    stems: list[str],
    asked: dict[str, float] | None = None,
    dense: dict[str, float] | None = None,
) -> Composed:
    # Users say Themenfeld or Handlungsfeld for Aktionsfeld (README glossary).
    folded = re.sub(r"\b(themen|handlungs)(feld|bereich)", "aktionsfeld", folded)
    overview = catalogue.overview
    smart = _smart_city(overview, folded)
    if smart:
        return smart
    areas = _areas(catalogue)
    projects = [p for p in catalogue.projects if p.measures]
    fields_text = "; ".join(f"im Wirkungsbereich {a} {join_de(f)}" for a, f in areas.items())
    n_fields = sum(len(f) for f in areas.values())
    # "Wie viele Projekte …?", "Wie viele Einzelmaßnahmen …?": counted from the records.
    how_many = QUANTITY_ANSWERABLE.search(folded)
    counted = how_many.group(1) if how_many else ""
    if counted in ("projekte", "digitalisierungsprojekte", "vorhaben"):
        per_area = [
            f"{sum(p.impact_area == a for p in projects)} im Wirkungsbereich {a}" for a in areas
        ]
        text = (
            f"Der Maßnahmenkatalog enthält {len(projects)} Digitalisierungsprojekte: "
            f"{join_de(per_area)}."
        )
        if overview:
            text += f" Dazu kommt {overview.label}, die Übersicht „{overview.title}“."
        return text, []
    if counted in ("massnahmen", "einzelmassnahmen"):
        total = sum(len(p.measures) for p in projects)
        return (
            f"Die {len(projects)} Digitalisierungsprojekte des Maßnahmenkatalogs umfassen "
            f"zusammen {total} Einzelmaßnahmen.",
            [],
        )
    if _ASKS_OUTLINE.search(folded):
        return (
            f"Der Maßnahmenkatalog gliedert sich in {len(areas)} Wirkungsbereiche "
            f"({join_de(list(areas))}) mit {number_word(n_fields)} Aktionsfeldern ({fields_text}). "
            f"Die Aktionsfelder umfassen {len(projects)} Digitalisierungsprojekte, jedes mit "
            "Einzelmaßnahmen.",
            [],
        )
    named_field = next((f for fields in areas.values() for f in fields if fold(f) in folded), None)
    if named_field:
        area = next(a for a, fields in areas.items() if named_field in fields)
        count = sum(p.action_field == named_field for p in projects)
        # "Was gehört alles zum Aktionsfeld Partizipation?" asks for its projects; "Zu welchem
        # Wirkungsbereich gehört …?" does not.
        in_field = [p for p in projects if p.action_field == named_field]
        listing = _ASKS_MEMBERS.search(folded) and "wirkungsbereich" not in folded
        listed = ": " + join_de([f"{p.label} {p.title}" for p in in_field]) if listing else ""
        parts = [
            f"Das Aktionsfeld {named_field} gehört zum Wirkungsbereich {area} und umfasst "
            f"{count} Digitalisierungsprojekte{listed}."
        ]
        quote = [f"{p.impact_area}, Aktionsfeld {p.action_field}" for p in in_field]
        cites = [cite(p, q) for p, q in zip(in_field, quote, strict=True)] if listing else []
        if "wirkungsbereich" not in folded:
            parts += [
                s
                for s in _best_sentences(catalogue, folded, scorer, stems, limit=2)
                if fold(named_field) in fold(s)
            ]
        return " ".join(parts), cites
    if "aktionsfeld" in folded:
        parts = [f"Der Maßnahmenkatalog hat {number_word(n_fields)} Aktionsfelder: {fields_text}."]
        if DEFINE.search(folded) or WHY.search(folded):
            parts += _best_sentences(catalogue, folded, scorer, stems, limit=1)
        return " ".join(parts), []
    named_areas = [fold(a) for a in areas if any(form in folded for form in inflected(a))]
    parts = []
    if named_areas:  # "Was ist die Digitale Verwaltung?": the defining sentences
        for section in catalogue.sections:
            parts += [
                s
                for s in sentences(section.text)
                if any(f"wirkungsbereich {a}" in fold(s) for a in named_areas)
            ]
        return " ".join(parts[:4]), []
    picked = _best_sentences(catalogue, folded, scorer, stems, asked=asked, dense=dense)
    if not picked:
        return NO_DATA, []
    if re.search(r"\bbereich|\bwirkungsbereich|\baufgeteilt", folded):
        parts.append(
            f"Der Maßnahmenkatalog hat {len(areas)} Wirkungsbereiche: {join_de(list(areas))}."
        )
    return " ".join(parts + picked), []

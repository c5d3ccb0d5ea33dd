"""Answers over several projects or the catalogue as a whole: lists, comparisons, structure,
and the honest abstention."""

from __future__ import annotations

import re

from assistant.compose import (
    NO_DATA,
    cite,
    description,
    governed,
    join_de,
    name,
    number_word,
    period,
    periods_text,
    responsibility,
    responsible_line,
    units,
)
from assistant.evidence import Evidence
from assistant.filters import (
    ALL_DEPARTMENTS,
    ListFilter,
    all_departments,
    end_year,
    following,
    select,
    start_year,
    takes_part,
)
from assistant.models import Audience, Citation
from assistant.text import OverlapScorer, fold, fre, sentences
from corpus.models import Catalogue, Project

Composed = tuple[str, list[Citation]]


def _listing(projects: list[Project], audience: Audience, extra=None) -> str:
    items = []
    for p in projects:
        note = extra(p) if extra else ""
        items.append(f"{p.label} {p.title}{note}")
    return "; ".join(items) if audience == "employee" else join_de(items)


def answer_list(catalogue: Catalogue, flt: ListFilter, audience: Audience) -> Composed:
    found = select(catalogue, flt)
    if flt.unit and flt.unit_mode != "beteiligt":
        if flt.unit_mode == "nicht":
            lead = f"Ohne Beteiligung von {flt.unit} sind {len(found)} Projekte"
            none = f"Der Maßnahmenkatalog nennt {flt.unit} bei jedem Projekt."
        else:
            lead = f"Allein bei {flt.unit} liegen {len(found)} Projekte"
            none = f"Der Maßnahmenkatalog nennt {flt.unit} bei keinem Projekt allein."
        if not found:
            return none, []
        text = f"{lead}: {_listing(found, audience)}."
        return text, [cite(p, responsible_line(p)) for p in found]
    if flt.unit:
        subject = join_de(list(flt.units))
        verb = "sind gemeinsam" if flt.also else "ist"
        found_text = f"{subject} {verb} an {len(found)} Projekten beteiligt"

        def via(p: Project) -> str:
            printed = [takes_part(p, unit) for unit in flt.units]
            named = [n for n, unit in zip(printed, flt.units, strict=True) if n and n != unit]
            return f" (als {join_de(named)})" if named else ""

        rest = flt.describe()
        if rest:
            found_text += f" ({rest})"
        if not found:
            together = " gemeinsam" if flt.also else ""
            return f"Der Maßnahmenkatalog nennt {subject}{together} bei keinem Projekt.", []
        if len(found) == 1:
            found_text = f"{subject} {verb} an einem Projekt beteiligt"
        text = f"{found_text}: {_listing(found, audience, via)}."
        if not flt.also and flt.unit.startswith("Fachbereich ") and " – " not in flt.unit:
            extra = [p for p in all_departments(catalogue) if p not in found]
            if extra:
                text += (
                    f" Zusätzlich nennt der Katalog bei {len(extra)} weiteren Projekten "
                    f"„{ALL_DEPARTMENTS}“; sie sind hier nicht mitgezählt."
                )
        return text, [cite(p, responsible_line(p)) for p in found]
    described = flt.describe()
    if not found:
        return f"Der Maßnahmenkatalog enthält keine Projekte {described}.", []
    note = None
    if flt.permanent or flt.timed:

        def note(p: Project) -> str:
            return f" ({periods_text(p).rstrip('.')})"

    count = "ein Projekt" if len(found) == 1 else f"{len(found)} Projekte"
    text = (
        f"{described[0].upper()}{described[1:]} gibt es {count}: {_listing(found, audience, note)}."
    )
    if flt.running_in:
        # The support or care after a phase ("danach laufende Betreuung") runs on too; the
        # Zeitstrahl counts it, this list does not: say so, with the number.
        later = len(following(catalogue, flt, found))
        if later:
            text += (
                f" Bei {later} weiteren Projekten läuft {flt.running_in} laut Katalog die "
                "Betreuung, Pflege oder der Support nach ihrer Umsetzung; der Zeitstrahl "
                "zeigt auch sie."
            )
    if note:
        return text, [cite(p, periods_text(p)) for p in found]
    return text, [cite(p, _placement_quote(p)) for p in found]


def _placement_quote(p: Project) -> str:
    """The project's heading as printed ("2.5 Handyparken (Aktionsfeld Smart Mobility)")."""
    field = f" (Aktionsfeld {p.smart_city_field})" if p.smart_city_field else ""
    return f"{p.number} {p.title}{field}"


def _printed(sentence: str, phrase: str) -> str | None:
    """How the sentence prints a folded phrase ("burger" -> "Bürger")."""
    tokens = re.findall(r"[\w.-]+", sentence)
    n = len(phrase.split())
    for i in range(len(tokens) - n + 1):
        if fold(" ".join(tokens[i : i + n])) == phrase:
            # A name of several capitalised words is printed whole ("notes" -> "Lotus
            # Notes"), not from the sentence's first word on.
            while i > 1 and tokens[i][:1].isupper() and tokens[i - 1][:1].isupper():
                i, n = i - 1, n + 1
            return " ".join(tokens[i : i + n])
    return None


def answer_term_list(
    catalogue: Catalogue, phrase: str, projects: list[Project], audience: Audience
) -> Composed:
    quotes = {}
    pattern = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")
    shown = phrase
    for p in projects:
        for s in [*sentences(p.description), *p.measures]:
            if pattern.search(fold(s)):
                quotes[p.id] = s
                shown = _printed(s, phrase) or shown
                break
    n = "einem Projekt" if len(projects) == 1 else f"{number_word(len(projects))} Projekten"
    text = f"„{shown}“ kommt im Maßnahmenkatalog in {n} vor: {_listing(projects, audience)}."
    return text, [cite(p, quotes.get(p.id, p.title)) for p in projects]


def answer_compare(
    projects: list[Project],
    folded: str,
    aspects: list[str],
    audience: Audience,
    ranked: list[Evidence],
) -> Composed:
    a, b = projects[0], projects[1]
    parts: list[str] = []
    cites: dict[str, list[str]] = {a.id: [], b.id: []}
    timing = "zeitraum" in aspects or fre(
        r"\b(eher|fruher|zuerst|spater|langer|kurzer|dauert|dauer|laufzeit)\b"
    ).search(folded)
    if timing:
        for p in (a, b):
            sentence, quote = period(p, audience)
            parts.append(sentence)
            cites[p.id] += quote
        ends = re.search(r"\b(fertig|abgeschlossen|endet|enden|beendet|abschluss)\b", folded)
        key = end_year if ends else start_year
        ya, yb = key(a), key(b)
        if ya and yb and ya != yb:
            first, second = (a, b) if ya < yb else (b, a)
            y1, y2 = min(ya, yb), max(ya, yb)
            if ends:
                parts.append(
                    f"{name(first, audience)} soll also früher abgeschlossen sein ({y1}) als "
                    f"{name(second, audience)} ({y2})."
                )
            else:
                parts.append(
                    f"{name(first, audience)} beginnt also früher ({y1}) als "
                    f"{name(second, audience)} ({y2})."
                )
    if "zustaendigkeit" in aspects:
        for p in (a, b):
            sentence, quote = responsibility(p, audience)
            parts.append(sentence)
            cites[p.id] += quote
        ua, ub = set(p.unit for p in a.responsible_roles), set(p.unit for p in b.responsible_roles)
        for x, only in ((a, ua - ub), (b, ub - ua)):
            if only:
                parts.append(f"Nur bei {x.label}: {join_de(sorted(only))}.")
        if ua == ub:
            parts.append("Die Zuständigkeiten sind gleich.")
    if not parts or _DIFFERENCE.search(folded):
        # What each project is: its lead sentence and its units that fit the question best
        # (the lead says what the project is for, which is what sets two apart as often),
        # and what it does: every Einzelmaßnahme (twins such as the two WLAN projects share
        # their description and differ there); then who and when for each, unless already
        # said: differences lie there as often.
        for p in (a, b):
            text, quote = description(p, audience, ranked, lead=True, k=3, every_measure=True)
            parts.append(text)
            cites[p.id] += quote
            for field in (responsibility, period):
                sentence, quote = field(p, audience)
                if sentence not in text and sentence not in parts:
                    parts.append(sentence)
                    cites[p.id] += quote
    return " ".join(parts), [cite(p, cites[p.id]) for p in (a, b)]


_DIFFERENCE = fre(r"\bunterschied\w*|\bunterscheid\w*|\bwas (ist|sind|macht)\b")


def section_sentence(
    catalogue: Catalogue, scorer: OverlapScorer, stems: list[str], min_share: float = 0.6
) -> str | None:
    """A general-section sentence that covers most of the question's terms, if any."""
    stems = sorted(set(stems))
    total = sum(scorer.idf(t) for t in stems)
    if not stems or not total:
        return None
    needed = min(2, len(stems))
    best, best_score = None, 0.0
    for section in catalogue.sections:
        for s in sentences(section.text):
            score = scorer.score(stems, s)
            hits = sum(1 for t in stems if scorer.score([t], s) > 0)
            if hits >= needed and score > best_score:
                best, best_score = s, score
    return best if best and best_score >= min_share * total else None


def answer_abstain(
    reason: str | None,
    nearest: list[Project],
    audience: Audience,
    committee: str | None = None,
    unit: str | None = None,
    lead: str = NO_DATA,
) -> Composed:
    """``committee``: the one the progress reports go to ("Ausschuss für Personal und
    Digitalisierung (APD)", ``Knowledge.committee_name``)."""
    reports = "die Sachstandsberichte" + (f" an den {committee}" if committee else "")
    parts = [lead]
    if reason == "stand":
        parts.append(f"Den aktuellen Umsetzungsstand berichten {reports}.")
        for p in nearest[:2]:
            if p.periods:
                planned = periods_text(p)
                parts.append(f"Geplant ist laut Katalog für {governed(p, audience)}: {planned}")
    if reason == "bewertung":
        parts.append(
            f"Er beschreibt, was geplant ist, bewertet es aber nicht; über den Fortgang berichten "
            f"{reports}."
        )
    if reason == "verfahren":
        parts.append("Er beschreibt die Vorhaben der Stadt, nicht die einzelnen Schritte dorthin.")
    if unit and reason in ("person", "kontakt"):
        parts.append(
            f"Er nennt nur Organisationseinheiten wie {unit}, keine Personen oder Kontaktdaten."
        )
    shown = [p for p in nearest[:2] if units(p)]
    cites = [cite(p, responsible_line(p)) for p in shown]
    if audience == "employee":
        parts += [
            f"Nächstes Projekt: {name(p, audience)} – zuständig: {join_de(units(p))}."
            for p in shown
        ]
    elif len(shown) == 1:
        p = shown[0]
        verb = "ist" if len(units(p)) == 1 else "sind"
        parts.append(
            f"Am nächsten kommt das Projekt {name(p, audience)}; dafür {verb} "
            f"{join_de(units(p))} zuständig."
        )
    elif shown:
        parts.append(
            "Am nächsten kommen die Projekte " + join_de([name(p, audience) for p in shown]) + "."
        )
        for p in shown:
            verb = "ist" if len(units(p)) == 1 else "sind"
            parts.append(f"Für {governed(p, audience)} {verb} {join_de(units(p))} zuständig.")
    if shown and audience == "citizen":
        parts.append("Dort können Sie nachfragen.")
    return " ".join(parts), cites

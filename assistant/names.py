"""The projects a question names: by title or alias (as written, misspelt, or a compound
written as two words), by a twin topic, or by all the words of a title in any order.

Works on folded text (see ``assistant.text.fold``); ``assistant.understand`` reads the rest of
the question.
"""

from __future__ import annotations

import itertools
import re

from rapidfuzz import fuzz

from assistant.text import STOPWORDS, fold, fre, stem
from corpus.models import Catalogue

# Only a conjunction (and articles) between two names: "X und Y", "X oder die Y", "X, Y".
_COORDINATION = re.compile(
    r"\s*(?:,|und|oder|bzw\.?|sowie|vs\.?|versus|and|or)\s+(?:(?:der|die|das|dem|den|the)\s+)?"
)
# Who is asking is no project named: "Frage als Ratsmitglied: …", "ich bin Lehrerin".
_ROLE = fre(r"\b(?:als|bin|sind)\s+(?:ein(?:e|er)?\s+|neue[rs]?\s+)?$")
# The events a name in passing may date ("nach der Einführung der E-Akte").
_EVENT_NOUNS = r"(?:einfuhrung|umstellung|start|abschluss)"
EVENT = fre(rf"\b{_EVENT_NOUNS}\b")
# A name after "nach", "seit" or "vor" sets the time or the frame of what is asked, not its
# topic: "Beispiele für schnelle Erfolge nach der Einführung der E-Akte" asks about DV 3.5's
# Quick Wins, "wann wird die Strategie nach der Smart City Charta erstellt" about DV 1.2.
_IN_PASSING = fre(
    rf"\b(?:nach|seit|vor)\s+(?:(?:der|dem|des|den)\s+)?(?:{_EVENT_NOUNS}\s+(?:der|des|von)\s+)?$"
)


def _title_words(title: str) -> tuple[tuple[str, str], ...]:
    """The folded words that carry a title's meaning ("digitale", "kommunikation", "intern"),
    each with its stem."""
    found = re.findall(r"[\w-]+", fold(title))
    return tuple((w, stem(w)) for w in found if w not in STOPWORDS and len(w) > 2)


def _same_word(word: str, word_stem: str, title_word: tuple[str, str]) -> bool:
    """A question word is a title word inflected ("interne" / "intern")."""
    written, title_stem = title_word
    return word.startswith(written) and len(word) - len(written) <= 3 or word_stem == title_stem


class ProjectNames:
    """The titles and aliases of one catalogue's projects, built once."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.knowledge = knowledge = catalogue.knowledge  # the edition's data file
        phrases: dict[str, set[str]] = {}
        for project in catalogue.projects:
            title = fold(re.sub(r"[()„“\"]", "", project.title)).strip()
            if title and project.id not in knowledge.generic:  # "Internet" names no project
                phrases.setdefault(title, set()).add(project.id)
        for pid, aliases in knowledge.aliases.items():
            if catalogue.get(pid):
                for alias in aliases:
                    phrases.setdefault(alias, set()).add(pid)
        self.phrases = {p: tuple(sorted(ids)) for p, ids in phrases.items()}
        self._patterns = {
            p: re.compile(rf"(?<![\w-]){re.escape(p)}(?![\w-])") for p in self.phrases
        }
        self._single_words = [p for p in self.phrases if " " not in p and len(p) >= 7]
        # Multi-word titles and aliases also match with small spelling differences.
        self._long_phrases = [p for p in self.phrases if " " in p and len(p) >= 12]
        # A title of several words is also named by all of its words in any order, as German
        # coordination splits it ("interne und externe digitale Kommunikation").
        self._title_words = {
            p.id: words
            for p in catalogue.projects
            if p.id not in knowledge.generic and len(words := _title_words(p.title)) > 1
        }

    def naming_words(self, project_id: str) -> set[str]:
        """The folded words of the titles and aliases that name a project ("parkticket" of
        "parkticket per app" for DS 2.5)."""
        return {
            w for phrase, ids in self.phrases.items() if project_id in ids for w in phrase.split()
        }

    def named(self, folded: str) -> tuple[list[str], bool, bool, bool, tuple[str, ...]]:
        """Projects named by title or alias, in order of mention; whether only twin topics
        named them; whether only generic words did ("Website", "Schulen"); whether two
        of the names stand side by side, joined by a conjunction only; and, where every
        name stands in passing, after "nach", "seit" or "vor" (``_IN_PASSING``), the names
        as written (else none)."""
        spans: list[tuple[int, int, float, tuple[str, ...], bool]] = []
        for phrase, pattern in self._patterns.items():
            for m in pattern.finditer(folded):
                spans.append((m.start(), m.end(), 100.0, self.phrases[phrase], False))
        for phrase, ids in self.knowledge.twins.items():
            for m in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w])", folded):
                spans.append((m.start(), m.end(), 50.0, ids, True))
        tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[\w.-]+", folded)]
        for start, end, token in tokens:
            if len(token) < 7:
                continue
            for phrase in self._single_words:
                if abs(len(phrase) - len(token)) <= 2 and fuzz.ratio(token, phrase) >= 88:
                    score = fuzz.ratio(token, phrase)
                    spans.append((start, end, score, self.phrases[phrase], False))
        # A compound written as two words ("Ideen Plattform", "Wissens Management").
        for (start, _e, first), (_s, end, second) in itertools.pairwise(tokens):
            joined = first.rstrip("-") + second.lstrip("-")
            if joined in self.phrases and " " not in joined:
                spans.append((start, end, 100.0, self.phrases[joined], False))
        for phrase in self._long_phrases:
            align = fuzz.partial_ratio_alignment(phrase, folded, score_cutoff=90)
            if align:
                spans.append(
                    (align.dest_start, align.dest_end, align.score, self.phrases[phrase], False)
                )
        # Who is asking is no project named: "Frage als Ratsmitglied: …", "ich bin Lehrerin".
        spans = [sp for sp in spans if not _ROLE.search(folded[: sp[0]])]
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
        coordinated = any(
            set(a[2]) != set(b[2]) and bool(_COORDINATION.fullmatch(folded[a[1] : b[0]]))
            for a, b in itertools.pairwise(chosen)
        )
        ordered: list[str] = []
        for _s, _e, ids, _t in chosen:
            for pid in ids:
                if pid not in ordered:
                    ordered.append(pid)
        asked = {w: stem(w) for w in re.findall(r"[\w-]+", folded)}
        scattered = [
            pid
            for pid, title in self._title_words.items()
            if all(any(_same_word(w, s, t) for w, s in asked.items()) for t in title)
        ]
        if len(scattered) > 1 and not set(scattered) <= set(ordered):
            # Two titles each named by all of their words: both are what is asked about.
            ordered += [pid for pid in scattered if pid not in ordered]
            coordinated = True
        weak = bool(chosen) and all(folded[s:e] in self.knowledge.weak for s, e, _, _ in chosen)
        passing = bool(chosen) and all(_IN_PASSING.search(folded[:s]) for s, _, _, _ in chosen)
        said = tuple(folded[s:e] for s, e, _, _ in chosen) if passing else ()
        return ordered, bool(taken) and not specific, weak, coordinated, said

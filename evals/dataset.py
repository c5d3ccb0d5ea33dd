"""The eval question format (issue 3, item 7) and its loader.

One JSON object a line: id, question, audience, type, gold_projects, acceptable_projects,
must_contain, should_abstain, notes. Bad input raises :class:`EvalDataError` with a German
message that names the file and line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from katalog.errors import KatalogError

AUDIENCES = ("citizen", "employee")
QUESTION_TYPES = (
    "zustaendigkeit",
    "zeitraum",
    "massnahmen",
    "beschreibung",
    "liste",
    "vergleich",
    "struktur",
    "unbeantwortbar",
)
PROJECT_ID = re.compile(r"^(DV|DS)-\d\.\d{1,2}$")
_FIELDS = (
    "id",
    "question",
    "audience",
    "type",
    "gold_projects",
    "acceptable_projects",
    "must_contain",
    "should_abstain",
    "notes",
)


class EvalDataError(KatalogError):
    """An eval question file cannot be read or breaks the question format."""

    code = "invalid_eval_data"


@dataclass(frozen=True)
class EvalQuestion:
    """One eval question in the format of issue 3, item 7."""

    id: str
    question: str
    audience: str
    type: str
    gold_projects: tuple[str, ...]
    acceptable_projects: tuple[str, ...]
    must_contain: tuple[str, ...]
    should_abstain: bool
    notes: str = ""

    @property
    def allowed_projects(self) -> frozenset[str]:
        """Ids an answer may cite or retrieval may rank: gold ∪ acceptable."""
        return frozenset(self.gold_projects) | frozenset(self.acceptable_projects)


# --- loading -------------------------------------------------------------------------------


def load_questions(path: str | Path) -> list[EvalQuestion]:
    """Read a JSONL question file; raise :class:`EvalDataError` naming the bad line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvalDataError(
            f"Die Fragendatei '{path}' lässt sich nicht lesen ({exc.strerror}). "
            "Bitte den Pfad prüfen."
        ) from exc
    questions: list[EvalQuestion] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalDataError(
                f"{path.name}, Zeile {number}: kein gültiges JSON ({exc.msg}, Spalte {exc.colno})."
            ) from exc
        question = _parse_question(raw, f"{path.name}, Zeile {number}")
        if question.id in seen:
            raise EvalDataError(
                f"{path.name}, Zeile {number}: die Id '{question.id}' steht schon in Zeile "
                f"{seen[question.id]}. Jede Frage braucht eine eigene Id."
            )
        seen[question.id] = number
        questions.append(question)
    return questions


def _parse_question(raw: Any, where: str) -> EvalQuestion:
    if not isinstance(raw, dict):
        raise EvalDataError(f"{where}: erwartet wird ein JSON-Objekt je Zeile.")
    missing = [name for name in _FIELDS if name not in raw and name != "notes"]
    if missing:
        raise EvalDataError(f"{where}: es fehlen die Felder {', '.join(missing)}.")
    unknown = sorted(set(raw) - set(_FIELDS))
    if unknown:
        raise EvalDataError(f"{where}: unbekannte Felder {', '.join(unknown)}.")
    for name in ("id", "question"):
        if not isinstance(raw[name], str) or not raw[name].strip():
            raise EvalDataError(f"{where}: '{name}' muss ein nicht leerer Text sein.")
    if raw["audience"] not in AUDIENCES:
        raise EvalDataError(
            f"{where}: audience '{raw['audience']}' ist ungültig; erlaubt sind "
            f"{', '.join(AUDIENCES)}."
        )
    if raw["type"] not in QUESTION_TYPES:
        raise EvalDataError(
            f"{where}: type '{raw['type']}' ist ungültig; erlaubt sind {', '.join(QUESTION_TYPES)}."
        )
    if not isinstance(raw["should_abstain"], bool):
        raise EvalDataError(f"{where}: 'should_abstain' muss true oder false sein.")
    notes = raw.get("notes", "")
    if not isinstance(notes, str):
        raise EvalDataError(f"{where}: 'notes' muss ein Text sein.")
    gold = _string_list(raw, "gold_projects", where)
    acceptable = _string_list(raw, "acceptable_projects", where)
    facts = _string_list(raw, "must_contain", where)
    for project_id in gold + acceptable:
        if not PROJECT_ID.match(project_id):
            raise EvalDataError(
                f"{where}: Projekt-Id '{project_id}' hat nicht die Form 'DV-1.1' oder 'DS-2.5'."
            )
    if raw["should_abstain"] and (gold or facts):
        raise EvalDataError(
            f"{where}: eine Frage mit should_abstain=true hat keine gold_projects und kein "
            "must_contain (nahe Projekte gehören in acceptable_projects)."
        )
    return EvalQuestion(
        id=raw["id"],
        question=raw["question"],
        audience=raw["audience"],
        type=raw["type"],
        gold_projects=tuple(gold),
        acceptable_projects=tuple(acceptable),
        must_contain=tuple(facts),
        should_abstain=raw["should_abstain"],
        notes=notes,
    )


def _string_list(raw: dict[str, Any], name: str, where: str) -> list[str]:
    value = raw[name]
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise EvalDataError(f"{where}: '{name}' muss eine Liste nicht leerer Texte sein.")
    return value

"""Parse the Maßnahmenkatalog (text or PDF) into a `Catalogue` of `Project` and `Section` records.

The layout the parser relies on, as printed in the catalogue:
- general chapters before the first Aktionsfeld, each opened by a short title line;
- Aktionsfeld headings "Digitale Verwaltung; Aktionsfeld 1: Strategieplanung";
- project headings "2.5 Handyparken (Aktionsfeld Smart Mobility)" whose first digit is the
  Aktionsfeld number;
- inside a project: description, time statements ("Zeitraum …: 2020-2023."), "Einzelmaßnahmen:"
  with bulleted measures, "Zuständigkeit: …".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from corpus import text as tx
from corpus.models import AREA_CODES, Catalogue, Project, Section, Source
from corpus.periods import parse_periods, starts_period
from corpus.responsible import parse_responsible
from katalog.errors import CorpusError

DEFAULT_PATH = Path(__file__).parent / "data" / "massnahmenkatalog-2-fortschreibung.txt"

_ACTION_FIELD = re.compile(
    r"^\s*(?P<area>Digitale Verwaltung|Digitale Stadt);"
    r"\s*Aktionsfeld\s+(?P<no>\d+):\s*(?P<name>.+?)\s*$"
)
_PROJECT = re.compile(r"^\s*(?P<no>\d)\.(?P<sub>\d{1,2})\s+(?P<title>[A-ZÄÖÜa-zäöü„\"].*?)\s*$")
_SMART_FIELD = re.compile(r"\s*\(Aktionsfeld\s+(?P<field>Smart\s+\w+)\)\s*$")
_MEASURES = re.compile(r"^\s*Einzelmaßnahmen:\s*(?P<inline>.*)$")
_RESPONSIBLE = re.compile(r"^\s*Zuständigkeit:\s*(?P<rest>.*)$")
# The catalogue's own name, where its text gives one ("… im Rahmen des Maßnahmenkatalogs
# kleve.digital 2030"): a dotted name, and the year after it.
_NAME = re.compile(r"Maßnahmenkatalog(?:e?s)?\s+([a-zäöü][\w-]*\.[\w-]+(?:\s+\d{4})?)")
_CHAPTER_TITLE = re.compile(r"^[A-ZÄÖÜ0-9][^.,;:!?]*(?::[^.,;!?]*)?$")
# The section id of the overview of the Smart-City-Aktionsfelder (which project that is, the
# edition's data file says: corpus/knowledge.py).
OVERVIEW_SECTION = "smart-city-aktionsfelder"


@dataclass
class _Block:
    """Lines of one project, with the Aktionsfeld it belongs to (0-based line indices)."""

    area: str
    field_no: int
    field_name: str
    number: str
    heading: str
    start: int
    end: int  # exclusive


def _chapter_sections(lines: list[str], end: int, document: str) -> list[Section]:
    """General chapters before the Detailbetrachtung's first Aktionsfeld."""
    starts: list[tuple[int, str]] = []
    for i in range(end):
        title = re.sub(r"^\d+\.\s+", "", tx.clean_line(lines[i]))
        if not title or len(title) > 60 or not _CHAPTER_TITLE.match(title):
            continue
        before = next((tx.clean_line(x) for x in reversed(lines[:i]) if tx.clean_line(x)), "")
        after = tx.clean_line(lines[i + 1]) if i + 1 < end else ""
        if (not before or before.endswith((".", ":"))) and not after:
            starts.append((i, title))
    sections = []
    for n, (i, title) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else end
        body = "\n\n".join(tx.paragraphs(lines[i + 1 : stop]))
        sid = "fortschreibung" if "Fortschreibung" in title else tx.slug(title.split(":")[0])
        last = max((k for k in range(i, stop) if tx.clean_line(lines[k])), default=i)
        sections.append(Section(sid, title, body, Source(document, i + 1, last + 1)))
    return sections


def _blocks(lines: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    area = field_name = ""
    field_no = 0
    for i, line in enumerate(lines):
        if match := _ACTION_FIELD.match(line):
            area, field_no, field_name = match["area"], int(match["no"]), match["name"]
            if blocks and blocks[-1].end == -1:
                blocks[-1].end = i
            continue
        match = _PROJECT.match(line)
        if not match or not area or int(match["no"]) != field_no or len(line.strip()) > 90:
            continue
        if blocks and blocks[-1].end == -1:
            blocks[-1].end = i
        number = f"{match['no']}.{match['sub']}"
        blocks.append(_Block(area, field_no, field_name, number, match["title"], i, -1))
    if blocks and blocks[-1].end == -1:
        blocks[-1].end = len(lines)
    return blocks


def _measures(lines: list[str], inline: str) -> tuple[str, ...]:
    items: list[list[str]] = [[inline]] if inline.strip() else []
    for raw in lines:
        if tx.is_debris(raw) or not tx.clean_line(raw):
            continue
        if tx.is_bullet(raw) or not items:
            items.append([tx.strip_bullet(raw)])
        else:
            items[-1].append(raw)
    return tuple(m for m in (tx.join_lines(item) for item in items) if m)


def _responsible_lines(lines: list[str]) -> list[str]:
    """The Zuständigkeit: its first line and the lines that directly continue it."""
    taken = []
    for raw in lines:
        if not tx.clean_line(raw):
            break
        taken.append(raw)
    return taken


def _project(lines: list[str], block: _Block, document: str, bodies: Mapping[str, str]) -> Project:
    code = AREA_CODES[block.area]
    body = lines[block.start + 1 : block.end]
    title, smart_field = block.heading, None
    if match := _SMART_FIELD.search(title):
        smart_field = re.sub(r"\s+", " ", match["field"])
        title = title[: match.start()]
    title = tx.clean_line(title)

    measures_at = next((i for i, x in enumerate(body) if _MEASURES.match(x)), None)
    resp_at = next((i for i, x in enumerate(body) if _RESPONSIBLE.match(x)), None)
    prose_end = measures_at if measures_at is not None else len(body)
    period_at = next((i for i in range(prose_end) if starts_period(body[i])), prose_end)

    description = "\n\n".join(tx.paragraphs(body[:period_at]))
    periods = parse_periods(tx.join_lines(body[period_at:prose_end]))
    measures: tuple[str, ...] = ()
    if measures_at is not None:
        inline = _MEASURES.match(body[measures_at])["inline"]
        stop = resp_at if resp_at is not None and resp_at > measures_at else len(body)
        measures = _measures(body[measures_at + 1 : stop], inline)
    responsible_text = ""
    if resp_at is not None:
        first = _RESPONSIBLE.match(body[resp_at])["rest"]
        responsible_text = tx.join_lines([first, *_responsible_lines(body[resp_at + 1 :])])
        responsible_text = responsible_text.rstrip()
    roles = parse_responsible(responsible_text, bodies)

    last = max((block.start + 1 + i for i, x in enumerate(body) if tx.clean_line(x)), default=0)
    return Project(
        id=f"{code}-{block.number}",
        label=f"{code} {block.number}",
        number=block.number,
        title=title,
        smart_city_field=smart_field,
        impact_area=block.area,
        action_field=block.field_name,
        action_field_no=block.field_no,
        description=description,
        periods=periods,
        measures=measures,
        responsible_text=responsible_text,
        responsible=tuple(r.unit for r in roles),
        responsible_roles=roles,
        source=Source(document, block.start + 1, max(last, block.start) + 1),
    )


def parse_text(
    text: str,
    document: str = "massnahmenkatalog-2-fortschreibung",
    bodies: Mapping[str, str] | None = None,
) -> Catalogue:
    """Parse the catalogue's extracted text; ``bodies`` maps short forms printed in a
    Zuständigkeit to the unit's name (from the edition's data file). The edition's knowledge
    and the overview section are added by ``corpus.knowledge.attach``."""
    lines = text.splitlines()
    blocks = _blocks(lines)
    if not blocks:
        raise CorpusError(
            f"Im Dokument '{document}' wurden keine Digitalisierungsprojekte gefunden. "
            "Erwartet werden Überschriften wie 'Digitale Verwaltung; Aktionsfeld 1: …' und '1.1 …'."
        )
    first_field = next(i for i, x in enumerate(lines) if _ACTION_FIELD.match(x))
    sections = _chapter_sections(lines, first_field, document)
    projects = tuple(_project(lines, block, document, bodies or {}) for block in blocks)
    from corpus.editions import edition_name, title_number

    edition = title_number(text) or 0
    return Catalogue(
        projects=projects,
        sections=tuple(sections),
        document=document,
        edition=edition,
        edition_name=edition_name(edition),
        name=m.group(1) if (m := _NAME.search(text)) else "",
    )


def overview_section(project: Project) -> Section:
    """The overview of the Smart-City-Aktionsfelder as a general section too."""
    return Section(OVERVIEW_SECTION, project.title, project.description, project.source)


def pdf_text(path: Path) -> str:
    """Text of a PDF, page by page, as the parser expects it."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, OSError, ValueError) as exc:
        raise CorpusError(f"Die PDF-Datei '{path.name}' kann nicht gelesen werden: {exc}") from exc


def read_catalogue(path: Path) -> Catalogue:
    """The catalogue at ``path``; of a folder of editions, the newest."""
    from corpus.editions import read_editions

    return read_editions(path).newest.catalogue


def load_catalogue(path: Path | None = None) -> Catalogue:
    """The catalogue at `path` (text or PDF, or a folder of editions: the newest), parsed
    once per process and path."""
    from corpus.editions import load_editions

    return load_editions(path).newest.catalogue

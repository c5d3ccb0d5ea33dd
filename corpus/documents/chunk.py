"""Chunking along a document's own structure: headings open sections, pages (PDF) and a size
bound close chunks, paragraphs are never cut unless a single one is longer than the bound.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from corpus.documents.models import Block

MAX_CHARS = 1200
SECTION_SEPARATOR = " › "
_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÄÖÜ0-9„\"(])")


@dataclass(frozen=True)
class Passage:
    """A chunk before it has an id and links."""

    text: str
    page: int | None
    headings: tuple[str, ...]  # the heading path, outermost first

    @property
    def section(self) -> str | None:
        return SECTION_SEPARATOR.join(self.headings) or None


def split(blocks: Iterable[Block], max_chars: int = MAX_CHARS) -> list[Passage]:
    passages: list[Passage] = []
    stack: list[tuple[int, str]] = []
    current: list[str] = []
    current_page: int | None = None
    size = 0

    def flush() -> None:
        nonlocal size
        if current:
            headings = tuple(text for _, text in stack)
            passages.append(Passage("\n\n".join(current), current_page, headings))
        current.clear()
        size = 0

    for block in blocks:
        if block.kind == "heading":
            flush()
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            stack.append((block.level, block.text))
            continue
        if block.page != current_page:
            flush()
            current_page = block.page
        for piece in _pieces(block.text, max_chars):
            if current and size + len(piece) + 2 > max_chars:
                flush()
            current.append(piece)
            size += len(piece) + 2
    flush()
    return passages


def _pieces(text: str, max_chars: int) -> list[str]:
    """A paragraph as is, or cut at sentence ends (at spaces as a last resort) when too long."""
    if len(text) <= max_chars:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in _SENTENCE.split(text):
        while len(sentence) > max_chars:
            cut = sentence.rfind(" ", 0, max_chars)
            cut = cut if cut > 0 else max_chars
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if current and len(current) + 1 + len(sentence) > max_chars:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        pieces.append(current)
    return pieces

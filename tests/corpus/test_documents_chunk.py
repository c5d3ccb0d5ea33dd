"""Chunking along headings, pages and paragraphs with a size bound."""

from __future__ import annotations

from corpus.documents.chunk import split
from corpus.documents.models import Block


def test_headings_open_sections_with_their_path():
    blocks = [
        Block("heading", "Bericht", level=1),
        Block("paragraph", "Einleitung."),
        Block("heading", "Digitale Verwaltung", level=2),
        Block("heading", "DMS", level=3),
        Block("paragraph", "Eins."),
        Block("paragraph", "Zwei."),
        Block("heading", "Digitale Stadt", level=2),
        Block("paragraph", "Drei."),
    ]
    passages = split(blocks)
    assert [(p.text, p.section) for p in passages] == [
        ("Einleitung.", "Bericht"),
        ("Eins.\n\nZwei.", "Bericht › Digitale Verwaltung › DMS"),
        ("Drei.", "Bericht › Digitale Stadt"),
    ]
    assert passages[1].headings == ("Bericht", "Digitale Verwaltung", "DMS")


def test_pages_close_chunks_and_headings_carry_over():
    blocks = [
        Block("heading", "E-Payment", level=2, page=1),
        Block("paragraph", "Seite eins.", page=1),
        Block("paragraph", "Seite zwei.", page=2),
    ]
    passages = split(blocks)
    assert [(p.text, p.page, p.section) for p in passages] == [
        ("Seite eins.", 1, "E-Payment"),
        ("Seite zwei.", 2, "E-Payment"),
    ]


def test_size_bound_keeps_paragraphs_whole_and_cuts_long_ones_at_sentences():
    short = "Ein kurzer Absatz mit genau sechzig Zeichen, nicht mehr ok."
    long = " ".join(f"Satz Nummer {i} endet hier." for i in range(40))
    passages = split([Block("paragraph", short)] * 3 + [Block("paragraph", long)], max_chars=150)
    assert all(len(p.text) <= 150 for p in passages)
    assert passages[0].text == f"{short}\n\n{short}"
    assert passages[1].text == short
    pieces = [p.text for p in passages[2:]]
    assert all(piece.endswith("endet hier.") for piece in pieces)
    assert " ".join(pieces) == long


def test_no_section_before_the_first_heading():
    assert [(p.text, p.section) for p in split([Block("paragraph", "Nur Text.")])] == [
        ("Nur Text.", None)
    ]

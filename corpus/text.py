"""Cleaning of PDF-extracted text: bullet glyphs, page debris, hyphenation across lines."""

from __future__ import annotations

import re

# Bullet glyphs a PDF extraction leaves before list items: private-use symbols (Wingdings,
# Symbol fonts) and the ordinary bullets a different extractor may produce.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
BULLET = re.compile(r"^\s*(?:[\ue000-\uf8ff]|[•▪●◦‣∙·])\s*")
# Page footers such as "     | 12".
PAGE_DEBRIS = re.compile(r"^\s*\|\s*\d+\s*$")
# An enumerated definition that starts its own paragraph: "5 Smart Living: Die ...".
ENUMERATED = re.compile(r"^\s*\d{1,2}\s+[A-ZÄÖÜ][\w-]*(?:\s[\w-]+)?:\s")
# A word broken at the line end: a letter, then the hyphen.
_BROKEN = re.compile(r"(?<=[A-Za-zÄÖÜäöüß])-$")


def is_debris(line: str) -> bool:
    return bool(PAGE_DEBRIS.match(line))


def is_bullet(line: str) -> bool:
    return bool(BULLET.match(line))


def strip_bullet(line: str) -> str:
    return BULLET.sub("", line, count=1)


def strip_glyphs(text: str) -> str:
    return _PRIVATE_USE.sub("", text)


def clean_line(line: str) -> str:
    """One physical line without glyphs, debris and surrounding blanks ('' when nothing is left)."""
    if is_debris(line):
        return ""
    return re.sub(r"\s+", " ", strip_glyphs(line)).strip()


def join_lines(lines: list[str]) -> str:
    """Join physical lines into one running text, repairing hyphenation at line ends.

    "Digitalisie-" + "rung" becomes "Digitalisierung"; where the next line starts with a capital
    letter the hyphen is part of the word ("OZG-" + "Leistungen", "E-" + "Rechnung") and stays.
    """
    out = ""
    for raw in lines:
        line = clean_line(raw)
        if not line:
            continue
        if not out:
            out = line
        elif _BROKEN.search(out):
            out = out[:-1] + line if line[0].islower() else out + line
        else:
            out = f"{out} {line}"
    return out


def paragraphs(lines: list[str]) -> list[str]:
    """Split lines at blank lines (and at bullets) into paragraphs of running text.

    A paragraph whose last line ends in a broken word continues over blank lines and page
    debris, as happens at page breaks.
    """
    result: list[list[str]] = []
    current: list[str] = []
    for raw in lines:
        line = clean_line(raw)
        if is_debris(raw) or not line:
            if current and not _BROKEN.search(clean_line(current[-1])):
                result.append(current)
                current = []
            continue
        if is_bullet(raw) or ENUMERATED.match(raw):
            if current:
                result.append(current)
                current = []
            raw = strip_bullet(raw)
        current.append(raw)
    if current:
        result.append(current)
    return [text for text in (join_lines(p) for p in result) if text]


def slug(text: str) -> str:
    folded = text.lower()
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        folded = folded.replace(src, dst)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")

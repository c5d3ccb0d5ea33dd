"""What a document may be before its text is read: a Word package bounded by its parts,
unpacked size and compression ratio (checked from its directory, before anything is
unpacked), a PDF by its pages, any document by its characters and chunks; and a text file that
reads as text in a known encoding. The limits are settings (``katalog.settings``), the same for
CLI and API; a refusal names the one limit that was reached, with its setting.

What a parser builds objects for (HTML tags; paragraphs, runs and cells of a Word document;
lines and inline marks of Markdown and text) is counted from the bytes before the parser runs
(``count_elements``, a scan at C speed): a file small in bytes but dear to parse (600,000
``<p>`` in 6.6 MB) is refused in well under a second instead of after the parser has spent its
CPU or memory limit on it. A PDF's content streams are bounded by the same limit, counted by
pypdf as it parses one (its ``stream_parsing_work_maximum_count``), and what they unpack to by
the unpacked size of a Word package.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from katalog.errors import DocumentError

if TYPE_CHECKING:
    from katalog.settings import Settings


@dataclass(frozen=True)
class Limits:
    """What one document may unpack to and yield (see ``Settings.max_doc_*``)."""

    parts: int  # parts of a Word package
    unpacked_bytes: int  # a Word package, unpacked
    ratio: int  # unpacked size to packed size
    pages: int  # pages of a PDF
    chars: int  # characters of text, whatever the format
    chunks: int  # passages the text is split into
    elements: int  # what a parser builds objects for (``count_elements``)

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            parts=settings.max_doc_parts,
            unpacked_bytes=settings.max_doc_unpacked_bytes,
            ratio=settings.max_doc_ratio,
            pages=settings.max_doc_pages,
            chars=settings.max_doc_chars,
            chunks=settings.max_doc_chunks,
            elements=settings.max_doc_elements,
        )


def default_limits() -> Limits:
    from katalog.settings import get_settings

    return Limits.from_settings(get_settings())


def check_package(archive: zipfile.ZipFile, packed: int, filename: str, limits: Limits) -> None:
    """Refuse a package before unpacking it when it would unpack to too much (a
    decompression bomb): by its parts, their declared sizes and the compression ratio."""
    parts = archive.infolist()
    unpacked = sum(p.file_size for p in parts)
    if len(parts) > limits.parts:
        raise DocumentError(too_much(filename, f"mehr als {limits.parts} Bestandteile", "PARTS"))
    if unpacked > limits.unpacked_bytes:
        raise DocumentError(too_much(filename, unpacked_what(limits), "UNPACKED_BYTES"))
    if unpacked > packed * limits.ratio and unpacked > 1_048_576:
        raise DocumentError(too_much(filename, f"mehr als {limits.ratio}-fach gepackt", "RATIO"))


def unpacked_what(limits: Limits) -> str:
    return f"entpackt mehr als {limits.unpacked_bytes // 1_048_576} MB"


def check_pages(pages: int, filename: str, limits: Limits) -> None:
    if pages > limits.pages:
        raise DocumentError(too_much(filename, f"mehr als {limits.pages} Seiten", "PAGES"))


def check_chars(chars: int, filename: str, limits: Limits) -> None:
    if chars > limits.chars:
        what = f"mehr als {_number(limits.chars)} Zeichen Text"
        raise DocumentError(too_much(filename, what, "CHARS"))


def check_chunks(chunks: int, filename: str, limits: Limits) -> None:
    if chunks > limits.chunks:
        what = f"mehr als {_number(limits.chunks)} Abschnitte"
        raise DocumentError(too_much(filename, what, "CHUNKS"))


# What each format's parser builds objects for, as a scan of its bytes finds them. The counts
# are close to what the parser makes (a tag in a comment counts too); a limit needs no more.
_WORD_ELEMENT = re.compile(rb"<(?:[A-Za-z][\w.-]*:)?(?:p|r|tc)[\s/>]")  # paragraph, run, cell
_INLINE_MARKS = b"*_`[<&!\\"  # characters that may open an inline token (Markdown)
ELEMENTS = {
    "application/pdf": "Befehle und Werte im Inhalt einer Seite",  # counted by pypdf
    "text/html": "HTML-Elemente",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "Absätze, Textabschnitte und Tabellenzellen"
    ),
    "text/markdown": "Zeilen und Auszeichnungen",
    "text/plain": "Zeilen",
}


def count_elements(media_type: str, pieces: Iterable[bytes], stop_above: int | None = None) -> int:
    """How many elements the parser of ``media_type`` builds from these bytes (given in
    pieces, so that an unpacked part need not be held whole; a piece boundary may split one
    element, which then goes uncounted). Stops at the first piece that brings the count above
    ``stop_above``: a bomb is refused after the first few megabytes."""
    count = 0
    for piece in pieces:
        count += _count(media_type, piece)
        if stop_above is not None and count > stop_above:
            break
    return count


def _count(media_type: str, piece: bytes) -> int:
    if media_type == "text/html":  # start tags: every "<" but end tags and declarations
        return piece.count(b"<") - piece.count(b"</") - piece.count(b"<!")
    if media_type == "text/markdown":
        return piece.count(b"\n") + sum(piece.count(bytes((c,))) for c in _INLINE_MARKS)
    if media_type == "text/plain":
        return piece.count(b"\n") + piece.count(b"\r")
    return len(_WORD_ELEMENT.findall(piece))


def pieces(data: bytes, size: int = 1_048_576) -> Iterable[bytes]:
    """``data`` in pieces of ``size`` bytes (what ``count_elements`` scans)."""
    return (data[start : start + size] for start in range(0, len(data), size))


def check_elements(count: int, media_type: str, filename: str, limits: Limits) -> None:
    if count > limits.elements:
        what = f"mehr als {_number(limits.elements)} {ELEMENTS[media_type]}"
        raise DocumentError(too_much(filename, what, "ELEMENTS"))


def too_much(filename: str, what: str, limit: str | None) -> str:
    """The refusal of a file beyond one limit: ``what`` it is beyond, and the setting
    (``KATALOG_MAX_DOC_<limit>``, or a full ``KATALOG_…`` name) that holds the limit; None
    for a bound that is no setting (a parser's own)."""
    if limit is None:
        setting = ""
    elif limit.startswith("KATALOG_"):
        setting = f" (Grenze {limit})"
    else:
        setting = f" (Grenze KATALOG_MAX_DOC_{limit})"
    return (
        f"Die Datei '{filename}' wird nicht verarbeitet: {what}{setting}. So große "
        "oder so stark gepackte Dokumente nimmt der Assistent nicht an; bitte eine kleinere "
        "Fassung hochladen."
    )


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def decode_text(data: bytes, filename: str, allowed: str) -> str:
    """A text file's content; a file that does not read as text is refused."""
    if b"\x00" in data[:4096]:
        raise DocumentError(
            f"Die Datei '{filename}' ist keine Textdatei (sie enthält Binärdaten). "
            f"Bitte eine Datei in einem dieser Formate hochladen: {allowed}."
        )
    # UTF-8, then the Windows encoding German offices write; otherwise the charset detector
    # names one, or there is none (random bytes). Whatever decodes must read as text.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _printable(text):
            return text
    from charset_normalizer import from_bytes

    best = from_bytes(data[:MAX_DETECT_BYTES]).best()
    text = data.decode(best.encoding, errors="replace") if best is not None else ""
    if not text or not _printable(text):
        raise DocumentError(_not_text(filename, allowed))
    return text


def _printable(text: str) -> bool:
    sample = text[:MAX_DETECT_BYTES]
    printable = sum(1 for ch in sample if ch.isprintable() or ch in "\n\r\t\f")
    return not sample or printable / len(sample) >= MIN_PRINTABLE


MAX_DETECT_BYTES = 256 * 1024  # what the detector and the printable check read
MIN_PRINTABLE = 0.98  # share of printable characters a text file has at least


def _not_text(filename: str, allowed: str) -> str:
    return (
        f"Die Datei '{filename}' ist keine lesbare Textdatei (ihr Inhalt ergibt keinen Text in "
        f"einer bekannten Zeichenkodierung). Bitte eine Datei in einem dieser Formate "
        f"hochladen: {allowed}."
    )

"""What a document may be before its text is read: a Word package bounded by its parts,
unpacked size and compression ratio (checked from its directory, before anything is
unpacked), a PDF by its pages, any document by its characters and chunks; and a text file that
reads as text in a known encoding. The limits are settings (``katalog.settings``), the same for
CLI and API; a refusal names the limit that was reached."""

from __future__ import annotations

import zipfile
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

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            parts=settings.max_doc_parts,
            unpacked_bytes=settings.max_doc_unpacked_bytes,
            ratio=settings.max_doc_ratio,
            pages=settings.max_doc_pages,
            chars=settings.max_doc_chars,
            chunks=settings.max_doc_chunks,
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
        raise DocumentError(too_much(filename, f"mehr als {limits.parts} Bestandteile"))
    if unpacked > limits.unpacked_bytes:
        limit = limits.unpacked_bytes // 1_048_576
        raise DocumentError(too_much(filename, f"entpackt mehr als {limit} MB"))
    if unpacked > packed * limits.ratio and unpacked > 1_048_576:
        raise DocumentError(too_much(filename, f"mehr als {limits.ratio}-fach gepackt"))


def check_pages(pages: int, filename: str, limits: Limits) -> None:
    if pages > limits.pages:
        raise DocumentError(too_much(filename, f"mehr als {limits.pages} Seiten"))


def check_chars(chars: int, filename: str, limits: Limits) -> None:
    if chars > limits.chars:
        raise DocumentError(too_much(filename, f"mehr als {_number(limits.chars)} Zeichen Text"))


def check_chunks(chunks: int, filename: str, limits: Limits) -> None:
    if chunks > limits.chunks:
        what = f"mehr als {_number(limits.chunks)} Abschnitte"
        raise DocumentError(too_much(filename, what))


def too_much(filename: str, what: str) -> str:
    return (
        f"Die Datei '{filename}' wird nicht verarbeitet: {what}. So große oder so stark "
        "gepackte Dokumente nimmt der Assistent nicht an; bitte eine kleinere Fassung hochladen."
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

"""What a document may be before its text is read: a Word package bounded by its parts,
unpacked size and compression ratio (checked from its directory, before anything is
unpacked), a PDF by its pages, any document by its characters; and a text file that reads as
text in a known encoding. The limits are the same for CLI and API."""

from __future__ import annotations

import zipfile

from katalog.errors import DocumentError


def check_package(archive: zipfile.ZipFile, packed: int, filename: str) -> None:
    """Refuse a package before unpacking it when it would unpack to too much (a
    decompression bomb): by its parts, their declared sizes and the compression ratio."""
    parts = archive.infolist()
    unpacked = sum(p.file_size for p in parts)
    if len(parts) > MAX_PARTS:
        raise DocumentError(too_much(filename, f"mehr als {MAX_PARTS} Bestandteile"))
    if unpacked > MAX_UNPACKED_BYTES:
        limit = MAX_UNPACKED_BYTES // 1_048_576
        raise DocumentError(too_much(filename, f"entpackt mehr als {limit} MB"))
    if unpacked > packed * MAX_RATIO and unpacked > 1_048_576:
        raise DocumentError(too_much(filename, f"mehr als {MAX_RATIO}-fach gepackt"))


def check_pages(pages: int, filename: str) -> None:
    if pages > MAX_PAGES:
        raise DocumentError(too_much(filename, f"mehr als {MAX_PAGES} Seiten"))


def check_chars(chars: int, filename: str) -> None:
    if chars > MAX_CHARS:
        limit = f"{MAX_CHARS:,}".replace(",", ".")
        raise DocumentError(too_much(filename, f"mehr als {limit} Zeichen Text"))


def too_much(filename: str, what: str) -> str:
    return (
        f"Die Datei '{filename}' wird nicht verarbeitet: {what}. So große oder so stark "
        "gepackte Dokumente nimmt der Assistent nicht an; bitte eine kleinere Fassung hochladen."
    )


# Limits on what one document may unpack to and yield (the same for CLI and API).
MAX_PARTS = 2000  # parts of a Word package
MAX_UNPACKED_BYTES = 60 * 1024 * 1024  # a Word package, unpacked
MAX_RATIO = 100  # unpacked size to packed size
MAX_PAGES = 1000  # pages of a PDF
MAX_CHARS = 3_000_000  # characters of text, whatever the format


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

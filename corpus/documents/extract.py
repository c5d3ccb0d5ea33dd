"""Text extraction for PDF, DOCX, Markdown, HTML and plain text into structural ``Block``s.

Every failure is a ``DocumentError`` with a German message that names the file and the fix; the
extraction libraries are imported inside the functions, so importing this module is cheap.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from corpus.documents.models import Block
from corpus.text import paragraphs
from katalog.errors import DocumentError

log = logging.getLogger(__name__)

MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
    ".text": "text/plain",
}
ALLOWED = "PDF (.pdf), Word (.docx), Markdown (.md), HTML (.html) und Text (.txt)"

_HEADING_LIKE = re.compile(r"^[^\s].{1,88}$")
_SENTENCE_END = re.compile(r"[.,;:!?…]$")


def media_type_for(filename: str) -> str:
    """The media type a file name stands for; unsupported types are refused."""
    suffix = Path(filename).suffix.lower()
    if suffix not in MEDIA_TYPES:
        shown = suffix or "ohne Endung"
        hint = " Bitte als .docx speichern." if suffix == ".doc" else ""
        raise DocumentError(
            f"Die Datei '{filename}' hat einen nicht unterstützten Dateityp ({shown}). "
            f"Unterstützt werden {ALLOWED}.{hint}"
        )
    return MEDIA_TYPES[suffix]


def extract(data: bytes, filename: str) -> tuple[str, tuple[Block, ...]]:
    """(media type, blocks) of one file's content; refuses empty, corrupt and protected files."""
    media_type = media_type_for(filename)
    if not data.strip():
        raise DocumentError(
            f"Die Datei '{filename}' ist leer. Bitte die vollständige Datei erneut hochladen."
        )
    extractor: Callable[[bytes, str], list[Block]] = {
        "application/pdf": _pdf,
        MEDIA_TYPES[".docx"]: _docx,
        "text/markdown": _markdown,
        "text/html": _html,
        "text/plain": _plain,
    }[media_type]
    blocks = [b for b in extractor(data, filename) if b.text.strip()]
    if sum(len(b.text) for b in blocks) > MAX_CHARS:
        raise DocumentError(
            _too_much(filename, f"mehr als {MAX_CHARS:,} Zeichen Text".replace(",", "."))
        )
    if not any(b.kind == "paragraph" for b in blocks):
        scanned = " (z. B. ein eingescanntes PDF ohne Texterkennung)" if "pdf" in media_type else ""
        raise DocumentError(
            f"Die Datei '{filename}' enthält keinen lesbaren Text{scanned}. "
            "Bitte eine Fassung mit Text hochladen."
        )
    return media_type, tuple(blocks)


def render_text(blocks: tuple[Block, ...] | list[Block]) -> str:
    """The extracted text as readable Markdown-like text (kept beside the original)."""
    out: list[str] = []
    page = None
    for block in blocks:
        if block.page is not None and block.page != page:
            page = block.page
            out.append(f"[Seite {page}]")
        if block.kind == "heading":
            out.append("#" * max(block.level, 1) + " " + block.text)
        else:
            out.append(block.text)
    return "\n\n".join(out) + "\n"


def _corrupt(filename: str, kind: str) -> DocumentError:
    return DocumentError(
        f"Die Datei '{filename}' ist beschädigt oder kein gültiges {kind}-Dokument. "
        f"Bitte die Datei im Ursprungsprogramm erneut als {kind} speichern und noch einmal "
        "hochladen."
    )


# --- PDF -----------------------------------------------------------------------------------------


def _pdf(data: bytes, filename: str) -> list[Block]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.lstrip().startswith(b"%PDF-"):
        raise _corrupt(filename, "PDF")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(
                f"Die Datei '{filename}' ist mit einem Passwort geschützt. Bitte eine Fassung "
                "ohne Passwortschutz hochladen."
            )
        if len(reader.pages) > MAX_PAGES:
            raise DocumentError(_too_much(filename, f"mehr als {MAX_PAGES} Seiten"))
        blocks: list[Block] = []
        chars = 0
        for number, page in enumerate(reader.pages, start=1):
            found = _pdf_page(page, number)
            chars += sum(len(b.text) for b in found)
            if chars > MAX_CHARS:
                raise DocumentError(
                    _too_much(filename, f"mehr als {MAX_CHARS:,} Zeichen Text".replace(",", "."))
                )
            blocks.extend(found)
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        if "password" in str(exc).lower() or "decrypt" in str(exc).lower():
            raise DocumentError(
                f"Die Datei '{filename}' ist mit einem Passwort geschützt. Bitte eine Fassung "
                "ohne Passwortschutz hochladen."
            ) from None
        log.info("pdf extraction failed", extra={"file": filename, "error": repr(exc)})
        raise _corrupt(filename, "PDF") from None
    return blocks


def _pdf_page(page, number: int) -> list[Block]:
    """Paragraphs of one page; lines set in a larger font than the body are headings."""
    sizes: dict[str, float] = {}

    def visit(text, cm, tm, font_dict, font_size):  # noqa: ANN001 - pypdf's visitor signature
        text = " ".join(text.split())
        if text:
            scale = abs(tm[3] * cm[3]) or 1.0
            size = float(font_size or 0) * scale
            sizes[text] = max(size, sizes.get(text, 0.0))

    text = page.extract_text(visitor_text=visit) or ""
    body = _body_size(sizes)
    lines = text.splitlines()
    blocks: list[Block] = []
    pending: list[str] = []

    def flush() -> None:
        for para in paragraphs(pending):
            blocks.append(Block("paragraph", para, page=number))
        pending.clear()

    for line in lines:
        key = " ".join(line.split())
        if key and body and sizes.get(key, 0.0) >= body * 1.15 and _HEADING_LIKE.match(key):
            flush()
            level = 1 if sizes[key] >= body * 1.5 else 2
            blocks.append(Block("heading", key, level=level, page=number))
        else:
            pending.append(line)
    flush()
    return blocks


def _body_size(sizes: dict[str, float]) -> float:
    """The font size that carries most characters on the page."""
    weight: dict[float, int] = {}
    for text, size in sizes.items():
        weight[round(size, 1)] = weight.get(round(size, 1), 0) + len(text)
    return max(weight, key=weight.__getitem__) if weight else 0.0


# --- DOCX ----------------------------------------------------------------------------------------


def _docx(data: bytes, filename: str) -> list[Block]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _corrupt(filename, "Word")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise _corrupt(filename, "Word")
            _check_package(archive, len(data), filename)
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        blocks: list[Block] = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                for row in item.rows:
                    cells = _unique(" ".join(c.text.split()) for c in row.cells)
                    if cells:
                        blocks.append(Block("paragraph", " | ".join(cells)))
                continue
            text = " ".join(item.text.split())
            level = _docx_heading_level(item.style.name if item.style is not None else "")
            if level:
                blocks.append(Block("heading", text, level=level))
            else:
                blocks.append(Block("paragraph", text))
    except DocumentError:
        raise
    except Exception as exc:  # python-docx raises many kinds on broken packages
        log.info("docx extraction failed", extra={"file": filename, "error": repr(exc)})
        raise _corrupt(filename, "Word") from None
    return blocks


def _check_package(archive: zipfile.ZipFile, packed: int, filename: str) -> None:
    """Refuse a package before unpacking it when it would unpack to too much (a
    decompression bomb): by its parts, their declared sizes and the compression ratio."""
    parts = archive.infolist()
    unpacked = sum(p.file_size for p in parts)
    if len(parts) > MAX_PARTS:
        raise DocumentError(_too_much(filename, f"mehr als {MAX_PARTS} Bestandteile"))
    if unpacked > MAX_UNPACKED_BYTES:
        limit = MAX_UNPACKED_BYTES // 1_048_576
        raise DocumentError(_too_much(filename, f"entpackt mehr als {limit} MB"))
    if unpacked > packed * MAX_RATIO and unpacked > 1_048_576:
        raise DocumentError(_too_much(filename, f"mehr als {MAX_RATIO}-fach gepackt"))


def _too_much(filename: str, what: str) -> str:
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


def _docx_heading_level(style: str) -> int:
    name = style.lower()
    if name == "title" or name == "titel":
        return 1
    match = re.match(r"(?:heading|überschrift)\s*(\d)", name)
    return int(match[1]) if match else 0


def _unique(cells) -> list[str]:  # noqa: ANN001
    """Merged cells repeat their text in python-docx; keep each once, in order."""
    out: list[str] = []
    for cell in cells:
        if cell and cell not in out:
            out.append(cell)
    return out


# --- Markdown ------------------------------------------------------------------------------------


def _markdown(data: bytes, filename: str) -> list[Block]:
    from markdown_it import MarkdownIt

    text = _decode(data, filename)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks: list[Block] = []
    heading_level = 0
    row: list[str] = []
    in_row = False
    for token in tokens:
        if token.type == "heading_open":
            heading_level = int(token.tag[1])
        elif token.type == "tr_open":
            in_row, row = True, []
        elif token.type == "tr_close":
            in_row = False
            if any(row):
                blocks.append(Block("paragraph", " | ".join(c for c in row if c)))
        elif token.type == "inline":
            content = _inline_text(token)
            if in_row:
                row.append(content)
            elif heading_level:
                blocks.append(Block("heading", content, level=heading_level))
                heading_level = 0
            else:
                blocks.append(Block("paragraph", content))
        elif token.type in ("fence", "code_block"):
            blocks.append(Block("paragraph", " ".join(token.content.split())))
    return blocks


def _inline_text(token) -> str:  # noqa: ANN001
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


# --- HTML ----------------------------------------------------------------------------------------

_HTML_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "pre", "dt", "dd", "caption")


def _html(data: bytes, filename: str) -> list[Block]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_decode(data, filename), "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "nav", "footer", "svg", "form"]):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    blocks: list[Block] = []
    for element in root.find_all(_HTML_BLOCKS):
        if element.find(_HTML_BLOCKS):
            continue  # its inner blocks are visited themselves
        if element.name == "tr":
            cells = [" ".join(c.get_text(" ").split()) for c in element.find_all(["td", "th"])]
            text = " | ".join(c for c in cells if c)
        else:
            text = " ".join(element.get_text(" ").split())
        if element.name[0] == "h" and element.name[1:].isdigit():
            blocks.append(Block("heading", text, level=int(element.name[1])))
        else:
            blocks.append(Block("paragraph", text))
    if not blocks:
        blocks = [Block("paragraph", p) for p in paragraphs(root.get_text("\n").splitlines())]
    return blocks


# --- plain text ----------------------------------------------------------------------------------


def _plain(data: bytes, filename: str) -> list[Block]:
    lines = _decode(data, filename).splitlines()
    blocks: list[Block] = []
    chunks: list[list[str]] = [[]]
    for i, line in enumerate(lines):
        underline = i + 1 < len(lines) and re.fullmatch(r"\s*(=+|-+)\s*", lines[i + 1] or "x")
        if re.fullmatch(r"\s*(=+|-+)\s*", line):
            continue
        if underline and line.strip():
            chunks.append([f"\x00{1 if '=' in lines[i + 1] else 2}{line}"])
            chunks.append([])
        else:
            chunks[-1].append(line)
    for group in chunks:
        if group and group[0].startswith("\x00"):
            blocks.append(Block("heading", group[0][2:].strip(), level=int(group[0][1])))
            continue
        for para in paragraphs(group):
            if _HEADING_LIKE.match(para) and not _SENTENCE_END.search(para) and len(para) < 80:
                blocks.append(Block("heading", para, level=2))
            else:
                blocks.append(Block("paragraph", para))
    return blocks


def _decode(data: bytes, filename: str) -> str:
    if b"\x00" in data[:4096]:
        raise DocumentError(
            f"Die Datei '{filename}' ist keine Textdatei (sie enthält Binärdaten). "
            f"Bitte eine Datei in einem dieser Formate hochladen: {ALLOWED}."
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
        raise DocumentError(_not_text(filename))
    return text


def _printable(text: str) -> bool:
    sample = text[:MAX_DETECT_BYTES]
    printable = sum(1 for ch in sample if ch.isprintable() or ch in "\n\r\t\f")
    return not sample or printable / len(sample) >= MIN_PRINTABLE


MAX_DETECT_BYTES = 256 * 1024  # what the detector and the printable check read
MIN_PRINTABLE = 0.98  # share of printable characters a text file has at least


def _not_text(filename: str) -> str:
    return (
        f"Die Datei '{filename}' ist keine lesbare Textdatei (ihr Inhalt ergibt keinen Text in "
        f"einer bekannten Zeichenkodierung). Bitte eine Datei in einem dieser Formate "
        f"hochladen: {ALLOWED}."
    )

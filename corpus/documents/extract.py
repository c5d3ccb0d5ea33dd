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

from corpus.documents.guard import (
    ELEMENTS,
    Limits,
    check_chars,
    check_elements,
    check_package,
    check_pages,
    count_elements,
    decode_text,
    default_limits,
    pieces,
    too_much,
    unpacked_what,
)
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

CHUNK = 1_048_576  # what is unpacked at a time to count a Word document's elements
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


def extract(
    data: bytes, filename: str, limits: Limits | None = None
) -> tuple[str, tuple[Block, ...]]:
    """(media type, blocks) of one file's content; refuses empty, corrupt and protected files
    and files beyond ``limits`` (the settings' limits when None).

    This parses untrusted input in the calling process; the ingest runs it in a bounded child
    process (``corpus.documents.sandbox``)."""
    limits = limits or default_limits()
    media_type = media_type_for(filename)
    if not data.strip():
        raise DocumentError(
            f"Die Datei '{filename}' ist leer. Bitte die vollständige Datei erneut hochladen."
        )
    if media_type in ("text/html", "text/markdown", "text/plain"):  # before any parsing
        count = count_elements(media_type, pieces(data), limits.elements)
        check_elements(count, media_type, filename, limits)
    extractor: Callable[[bytes, str, Limits], list[Block]] = {
        "application/pdf": _pdf,
        MEDIA_TYPES[".docx"]: _docx,
        "text/markdown": _markdown,
        "text/html": _html,
        "text/plain": _plain,
    }[media_type]
    blocks = [b for b in extractor(data, filename, limits) if b.text.strip()]
    check_chars(sum(len(b.text) for b in blocks), filename, limits)
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


# pypdf's own bounds on what one stream may inflate to; ours (the unpacked size) replaces them.
_PDF_OUTPUT_BOUNDS = (
    "zlib_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "array_based_stream_maximum_output_length",
    "brotli_maximum_output_length",
    "jbig2_maximum_output_length",
)


def _pdf(data: bytes, filename: str, limits: Limits) -> list[Block]:
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError, PdfReadError

    if not data.lstrip().startswith(b"%PDF-"):
        raise _corrupt(filename, "PDF")
    bounds = dict.fromkeys(_PDF_OUTPUT_BOUNDS, limits.unpacked_bytes)
    bounds["stream_parsing_work_maximum_count"] = limits.elements  # tokens of one content stream
    try:
        with apply_configuration(**bounds):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise DocumentError(
                    f"Die Datei '{filename}' ist mit einem Passwort geschützt. Bitte eine "
                    "Fassung ohne Passwortschutz hochladen."
                )
            check_pages(len(reader.pages), filename, limits)
            blocks: list[Block] = []
            chars = unpacked = 0
            for number, page in enumerate(reader.pages, start=1):
                # Unpacked first: extract_text() reads a stream beyond a bound as no text.
                contents = page.get_contents()
                content = contents.get_data() if contents is not None else b""
                unpacked += len(content)
                if unpacked > limits.unpacked_bytes:
                    raise LimitReachedError("unpacked content")
                # Its tokens, about: what separates them (pypdf counts exactly as it parses).
                if sum(content.count(c) for c in (b" ", b"\n", b"\r")) > limits.elements:
                    raise LimitReachedError("number of tokens, counted before parsing")
                found = _pdf_page(page, number)
                chars += sum(len(b.text) for b in found)
                check_chars(chars, filename, limits)
                blocks.extend(found)
    except DocumentError:
        raise
    except LimitReachedError as exc:  # the unpacked bound, or another of pypdf's own
        log.info("pdf limit reached", extra={"file": filename, "error": repr(exc)})
        if any(w in str(exc) for w in ("decompress", "unpacked", "output bytes")):
            what, limit = unpacked_what(limits), "UNPACKED_BYTES"
        elif "number of tokens" in str(exc):
            what = f"mehr als {limits.elements:,} {ELEMENTS['application/pdf']}".replace(",", ".")
            limit = "ELEMENTS"
        else:  # a page tree, outline or content stream beyond what pypdf itself reads
            what, limit = "ihr Aufbau überschreitet eine feste Grenze des PDF-Lesers", None
        raise DocumentError(too_much(filename, what, limit)) from None
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


def _docx(data: bytes, filename: str, limits: Limits) -> list[Block]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _corrupt(filename, "Word")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise _corrupt(filename, "Word")
            check_package(archive, len(data), filename, limits)
            with archive.open("word/document.xml") as part:  # unpacked piece by piece
                body = iter(lambda: part.read(CHUNK), b"")
                count = count_elements(MEDIA_TYPES[".docx"], body, limits.elements)
            check_elements(count, MEDIA_TYPES[".docx"], filename, limits)
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


def _markdown(data: bytes, filename: str, limits: Limits) -> list[Block]:
    from markdown_it import MarkdownIt

    text = decode_text(data, filename, ALLOWED)
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


def _html(data: bytes, filename: str, limits: Limits) -> list[Block]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_text(data, filename, ALLOWED), "html.parser")
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


def _plain(data: bytes, filename: str, limits: Limits) -> list[Block]:
    lines = decode_text(data, filename, ALLOWED).splitlines()
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

"""Extraction of every supported format, and refusal of empty, corrupt, protected and
unsupported files with a German message that names the file and the fix."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from corpus.documents.extract import extract, render_text
from corpus.documents.models import Block
from katalog.errors import DocumentError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "documents"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def make_pdf(pages: list[list[tuple[str, str]]]) -> bytes:
    """A PDF with DejaVu Sans: each page a list of ("h" | "p", text); headings at 14 pt."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", FONT)
    for page in pages:
        pdf.add_page()
        for kind, text in page:
            pdf.set_font("DejaVu", size=14 if kind == "h" else 10)
            pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    return bytes(pdf.output())


REPORT_PDF = [
    [
        ("p", "Fiktives Beispiel für automatische Tests, kein Dokument der Stadt Kleve."),
        ("h", "Projekt 2.1 Dokumentenmanagementsystem"),
        ("p", "Die E-Akte ist im Fachbereich 20 eingeführt. Die Digitalisie-"),
        ("p", "rung der Bauakten folgt 2025."),
    ],
    [
        ("h", "DS 3.5 Barrierefreiheit"),
        ("p", "Alle Formulare wurden nach BITV 2.0 geprüft."),
    ],
]


def test_pdf_pages_and_headings_from_font_size():
    media_type, blocks = extract(make_pdf(REPORT_PDF), "bericht.pdf")
    assert media_type == "application/pdf"
    assert [(b.kind, b.page) for b in blocks] == [
        ("paragraph", 1),
        ("heading", 1),
        ("paragraph", 1),
        ("heading", 2),
        ("paragraph", 2),
    ]
    assert blocks[1].text == "Projekt 2.1 Dokumentenmanagementsystem"
    # Hyphenation across lines is repaired by the catalogue's own text cleaning.
    assert blocks[2].text == (
        "Die E-Akte ist im Fachbereich 20 eingeführt. Die Digitalisierung der Bauakten folgt 2025."
    )
    assert blocks[3] == Block("heading", "DS 3.5 Barrierefreiheit", level=2, page=2)


def test_markdown_headings_paragraphs_and_quote():
    data = (FIXTURES / "sachstandsbericht-2024-03.md").read_bytes()
    media_type, blocks = extract(data, "sachstandsbericht-2024-03.md")
    assert media_type == "text/markdown"
    headings = [(b.level, b.text) for b in blocks if b.kind == "heading"]
    assert headings == [
        (1, "Sachstandsbericht Digitalisierung – März 2024"),
        (2, "Projekt 2.1 (DMS)"),
        (2, "DS 1.8 E-Payment"),
        (2, "Weitere Vorhaben"),
        (2, "Ausblick"),
    ]
    assert blocks[1].text.startswith("Fiktives Beispiel für automatische Tests.")
    # Soft line breaks inside a paragraph become spaces.
    assert blocks[4].text.endswith("Bisher arbeiten 140 Beschäftigte mit der E-Akte.")


def test_markdown_inline_markup_tables_and_lists():
    text = "# Titel\n\nEin **fetter** [Link](https://example.org).\n\n- eins\n- zwei\n\n" + (
        "| Projekt | Stand |\n|---|---|\n| DS 1.8 | live |\n"
    )
    _, blocks = extract(text.encode(), "x.md")
    assert [b.text for b in blocks] == [
        "Titel",
        "Ein fetter Link.",
        "eins",
        "zwei",
        "Projekt | Stand",
        "DS 1.8 | live",
    ]


def test_docx_headings_paragraphs_and_table():
    data = (FIXTURES / "sachstandsbericht-2024-09.docx").read_bytes()
    media_type, blocks = extract(data, "sachstandsbericht-2024-09.docx")
    assert media_type.endswith("wordprocessingml.document")
    assert [(b.kind, b.level, b.text) for b in blocks if b.kind == "heading"] == [
        ("heading", 1, "Sachstandsbericht Digitalisierung – September 2024"),
        ("heading", 2, "DV 2.3 Mobile Office"),
        ("heading", 2, "Übersicht"),
    ]
    assert blocks[-2:] == (
        Block("paragraph", "Projekt | Stand"),
        Block("paragraph", "DS 2.5 Handyparken | in Betrieb seit Juli 2024"),
    )


def test_html_main_content_without_navigation_scripts_and_footer():
    data = (FIXTURES / "open-data-2024-06.html").read_bytes()
    media_type, blocks = extract(data, "open-data-2024-06.html")
    assert media_type == "text/html"
    assert [b.text for b in blocks] == [
        "Sachstand Open Data – Juni 2024",
        "Fiktives Beispiel für automatische Tests. Dies ist kein Dokument der Stadt Kleve.",
        "DS 2.3 Open Data",
        "Das Open-Data-Portal ging im Mai 2024 mit 18 Datensätzen online.",
        "Haushaltsdaten 2023",
        "Standorte der Ladesäulen",
        "Datensatz | Format",
        "Parkplätze | CSV",
    ]
    assert [b.level for b in blocks if b.kind == "heading"] == [1, 2]


def test_plain_text_underlined_headings_and_windows_encoding():
    data = (FIXTURES / "sachstandsbericht-2023-09.txt").read_bytes()
    _, blocks = extract(data, "sachstandsbericht-2023-09.txt")
    assert [(b.level, b.text) for b in blocks if b.kind == "heading"] == [
        (1, "Sachstandsbericht Digitalisierung – September 2023"),
        (2, "DV 2.1 Dokumentenmanagementsystem"),
        (2, "DS 2.5 Handyparken"),
    ]
    _, blocks = extract("Überschrift\n\nDer Bürgerbus fährt täglich.\n".encode("cp1252"), "a.txt")
    assert blocks == (
        Block("heading", "Überschrift", level=2),
        Block("paragraph", "Der Bürgerbus fährt täglich."),
    )


def test_render_text_marks_pages_and_headings():
    _, blocks = extract(make_pdf(REPORT_PDF), "bericht.pdf")
    text = render_text(blocks)
    assert text.startswith("[Seite 1]\n\nFiktives Beispiel")
    assert "\n\n## Projekt 2.1 Dokumentenmanagementsystem\n\n" in text
    assert "[Seite 2]\n\n## DS 3.5 Barrierefreiheit" in text


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(REPORT_PDF))))
    writer.encrypt(user_password="geheim", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _docx_without_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        (
            "leer.md",
            b"  \n\n ",
            "Die Datei 'leer.md' ist leer. Bitte die vollständige Datei erneut hochladen.",
        ),
        (
            "leer.pdf",
            b"",
            "Die Datei 'leer.pdf' ist leer. Bitte die vollständige Datei erneut hochladen.",
        ),
        (
            "kaputt.pdf",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage",
            "Die Datei 'kaputt.pdf' ist beschädigt oder kein gültiges PDF-Dokument. Bitte die "
            "Datei im Ursprungsprogramm erneut als PDF speichern und noch einmal hochladen.",
        ),
        (
            "bild.pdf",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
            "Die Datei 'bild.pdf' ist beschädigt oder kein gültiges PDF-Dokument. Bitte die "
            "Datei im Ursprungsprogramm erneut als PDF speichern und noch einmal hochladen.",
        ),
        (
            "kaputt.docx",
            b"PK\x03\x04 not really a zip",
            "Die Datei 'kaputt.docx' ist beschädigt oder kein gültiges Word-Dokument. Bitte die "
            "Datei im Ursprungsprogramm erneut als Word speichern und noch einmal hochladen.",
        ),
        (
            "ohne-inhalt.docx",
            _docx_without_document(),
            "Die Datei 'ohne-inhalt.docx' ist beschädigt oder kein gültiges Word-Dokument. Bitte "
            "die Datei im Ursprungsprogramm erneut als Word speichern und noch einmal hochladen.",
        ),
        (
            "geschuetzt.pdf",
            _encrypted_pdf(),
            "Die Datei 'geschuetzt.pdf' ist mit einem Passwort geschützt. Bitte eine Fassung "
            "ohne Passwortschutz hochladen.",
        ),
        (
            "tabelle.xlsx",
            b"PK\x03\x04...",
            "Die Datei 'tabelle.xlsx' hat einen nicht unterstützten Dateityp (.xlsx). Unterstützt "
            "werden PDF (.pdf), Word (.docx), Markdown (.md), HTML (.html) und Text (.txt).",
        ),
        (
            "alt.doc",
            b"\xd0\xcf\x11\xe0",
            "Die Datei 'alt.doc' hat einen nicht unterstützten Dateityp (.doc). Unterstützt "
            "werden PDF (.pdf), Word (.docx), Markdown (.md), HTML (.html) und Text (.txt). "
            "Bitte als .docx speichern.",
        ),
        (
            "binaer.txt",
            b"abc\x00\x01\x02def",
            "Die Datei 'binaer.txt' ist keine Textdatei (sie enthält Binärdaten). Bitte eine "
            "Datei in einem dieser Formate hochladen: PDF (.pdf), Word (.docx), Markdown (.md), "
            "HTML (.html) und Text (.txt).",
        ),
        (
            "nur-titel.md",
            b"# Nur eine \xc3\x9cberschrift\n",
            "Die Datei 'nur-titel.md' enthält keinen lesbaren Text. Bitte eine Fassung mit Text "
            "hochladen.",
        ),
    ],
)
def test_refusals_name_the_file_and_the_fix(filename, data, expected):
    with pytest.raises(DocumentError) as caught:
        extract(data, filename)
    assert caught.value.message == expected
    assert caught.value.code == "invalid_document"


def test_scanned_pdf_without_text_is_refused():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60)  # a drawing, no text: what a scan without OCR looks like
    with pytest.raises(DocumentError) as caught:
        extract(bytes(pdf.output()), "scan.pdf")
    assert caught.value.message == (
        "Die Datei 'scan.pdf' enthält keinen lesbaren Text (z. B. ein eingescanntes PDF ohne "
        "Texterkennung). Bitte eine Fassung mit Text hochladen."
    )


def test_pdf_with_owner_password_only_is_read():
    """A PDF that opens without a password (only printing restricted) is not 'protected'."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(REPORT_PDF))))
    writer.encrypt(user_password="", owner_password="chef", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    _, blocks = extract(out.getvalue(), "offen.pdf")
    assert blocks[1].text == "Projekt 2.1 Dokumentenmanagementsystem"


def test_random_bytes_named_txt_are_no_report():
    import random

    from corpus.documents.extract import DocumentError

    random.seed(7)
    noise = bytes(random.randrange(1, 256) for _ in range(20_000))  # no NUL in the first bytes
    with pytest.raises(DocumentError, match="keine lesbare Textdatei"):
        extract(noise, "bericht.txt")
    # a German text in another legacy encoding still reads
    _, blocks = extract("Größere Änderungen im Bürgerbüro.\n".encode("latin-1"), "b.txt")
    assert blocks[0].text == "Größere Änderungen im Bürgerbüro."


def _package(parts: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_decompression_bomb_is_refused_before_unpacking():
    import tracemalloc

    from corpus.documents.extract import DocumentError

    bomb = _package({"word/document.xml": b"<w:document>" + b" " * 8_000_000})
    assert len(bomb) < 50_000  # packed: tiny; unpacked: 8 MB
    tracemalloc.start()
    with pytest.raises(DocumentError, match="mehr als 100-fach gepackt"):
        extract(bomb, "bombe.docx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5_000_000  # refused from the directory, nothing unpacked
    many = _package({"word/document.xml": b"<w:document/>"} | {f"x/{n}": b"" for n in range(2001)})
    with pytest.raises(DocumentError, match="mehr als 2000 Bestandteile"):
        extract(many, "teile.docx")


def test_a_pdf_with_too_many_pages_is_refused():
    import io

    from pypdf import PdfWriter

    from corpus.documents.extract import DocumentError

    writer = PdfWriter()
    for _ in range(1001):
        writer.add_blank_page(width=10, height=10)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(DocumentError, match="mehr als 1000 Seiten"):
        extract(buffer.getvalue(), "dick.pdf")

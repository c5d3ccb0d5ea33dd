"""The limits a document meets before and while its text is read (``corpus/documents/guard.py``):
what a parser would build is counted from the bytes first, and every refusal names the one
limit that was reached, with its setting."""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import replace

import pytest
from fixture_documents import FIXTURES

from corpus.documents.extract import MEDIA_TYPES, extract
from corpus.documents.guard import count_elements, default_limits, pieces
from katalog.errors import DocumentError

DOCX = MEDIA_TYPES[".docx"]


@pytest.mark.parametrize(
    ("media_type", "data", "expected"),
    [
        # start tags, one in a comment too; neither end tags, comments nor the doctype
        ("text/html", b"<!DOCTYPE html><p>a <b>b</b></p><br/><!-- <p> -->", 4),
        ("text/markdown", b"# A\n\nein *b* und `c`\n", 3 + 4),  # lines and inline marks
        ("text/plain", b"A\r\n\r\nText\r\n", 6),  # line ends, Windows' counted twice
        # paragraphs, runs, cells, whatever their prefix; not their properties, rows or text
        (
            DOCX,
            b"<w:p><w:pPr/><w:r><w:rPr/><w:t>x</w:t></w:r></w:p><w:tbl><w:tr><w:tc><x:p/>"
            b"</w:tc></w:tr></w:tbl>",
            4,
        ),
    ],
)
def test_elements_are_counted_from_the_bytes(media_type, data, expected):
    assert count_elements(media_type, [data]) == expected


def test_pieces_cover_the_bytes_once():
    data = bytes(range(256)) * 10
    assert b"".join(pieces(data, size=1000)) == data
    assert [len(p) for p in pieces(data, size=1000)] == [1000, 1000, 560]


def _html(paragraphs: int) -> bytes:
    return b"<html><body>" + b"<p>Wort</p>" * paragraphs + b"</body></html>"


def _docx_limit(path) -> int:  # noqa: ANN001
    with zipfile.ZipFile(path) as archive:
        return count_elements(DOCX, [archive.read("word/document.xml")])


@pytest.mark.parametrize(
    ("filename", "data", "elements", "what"),
    [
        ("viele.html", _html(101), 100, "mehr als 100 HTML-Elemente"),
        ("viele.md", b"Zeile\n" * 101, 100, "mehr als 100 Zeilen und Auszeichnungen"),
        ("viele.md", b"*a* " * 51, 100, "mehr als 100 Zeilen und Auszeichnungen"),
        ("viele.txt", b"Zeile\n" * 101, 100, "mehr als 100 Zeilen"),
    ],
)
def test_a_file_beyond_the_element_limit_is_refused_naming_it(filename, data, elements, what):
    limits = replace(default_limits(), elements=elements)
    with pytest.raises(DocumentError) as caught:
        extract(data, filename, limits)
    assert f"nicht verarbeitet: {what} (Grenze KATALOG_MAX_DOC_ELEMENTS)." in caught.value.message
    extract(data, filename, replace(limits, elements=elements + 200))  # just within: read


def test_a_word_document_is_counted_from_its_unpacked_body():
    path = next(p for p in sorted(FIXTURES.iterdir()) if p.suffix == ".docx")
    counted = _docx_limit(path)
    assert counted > 10
    with pytest.raises(DocumentError) as caught:
        extract(path.read_bytes(), path.name, replace(default_limits(), elements=counted - 1))
    assert (
        f"mehr als {counted - 1} Absätze, Textabschnitte und Tabellenzellen "
        "(Grenze KATALOG_MAX_DOC_ELEMENTS)." in caught.value.message
    )
    extract(path.read_bytes(), path.name, replace(default_limits(), elements=counted))


def _pdf_stream(content: bytes) -> bytes:
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO(b"%PDF-1.7\n")
    out.seek(0, io.SEEK_END)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 5\n0000000000 65535 f \n")
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer << /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def test_a_pdf_stream_that_unpacks_beyond_the_limit_is_refused_naming_it():
    bomb = _pdf_stream(b"0" * 3_000_000)
    limits = replace(default_limits(), unpacked_bytes=2 * 1_048_576)
    with pytest.raises(DocumentError) as caught:
        extract(bomb, "strom.pdf", limits)
    assert caught.value.message.startswith(
        "Die Datei 'strom.pdf' wird nicht verarbeitet: entpackt mehr als 2 MB (Grenze "
        "KATALOG_MAX_DOC_UNPACKED_BYTES)."
    )


def _blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=10, height=10)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("filename", "limit", "value", "setting"),
    [
        ("leer.pdf", "pages", 0, "KATALOG_MAX_DOC_PAGES"),
        ("sachstandsbericht-2024-03.md", "chars", 10, "KATALOG_MAX_DOC_CHARS"),
        ("sachstandsbericht-2024-09.docx", "parts", 2, "KATALOG_MAX_DOC_PARTS"),
    ],
)
def test_every_limit_names_its_setting(filename, limit, value, setting):
    data = _blank_pdf() if filename == "leer.pdf" else (FIXTURES / filename).read_bytes()
    with pytest.raises(DocumentError) as caught:
        extract(data, filename, replace(default_limits(), **{limit: value}))
    assert caught.value.message.count("(Grenze ") == 1 and f"(Grenze {setting})" in (
        caught.value.message
    )


def test_a_pdf_page_of_too_many_commands_is_refused_before_it_is_parsed():
    page = _pdf_stream(b"BT " + b"(ab) Tj " * 300 + b"ET")
    with pytest.raises(DocumentError) as caught:
        extract(page, "befehle.pdf", replace(default_limits(), elements=500))
    assert (
        "mehr als 500 Befehle und Werte im Inhalt einer Seite (Grenze KATALOG_MAX_DOC_ELEMENTS)."
        in caught.value.message
    )

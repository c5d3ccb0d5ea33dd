"""The same parser reads the catalogue as a PDF (made here from the bundled text)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corpus.knowledge import edition_file_path
from corpus.parser import DEFAULT_PATH, read_catalogue
from katalog.errors import CorpusError

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture(scope="module")
def catalogue_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from fpdf import FPDF

    assert FONT.exists(), "DejaVu fonts missing: `make test` installs fonts-dejavu-core"
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=9)
    pdf.add_page()
    for line in DEFAULT_PATH.read_text(encoding="utf-8").splitlines():
        # The Symbol-font bullet has no glyph in DejaVu; a PDF from another source
        # shows the ordinary bullet, which the parser accepts as well.
        text = line.replace("\uf0b7", "•").rstrip() or " "
        pdf.cell(0, 4.5, text, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path_factory.mktemp("pdf") / "massnahmenkatalog.pdf"
    pdf.output(str(path))
    # The edition's data file lies beside it ("WTM" in a Zuständigkeit is the WTM Kleve GmbH).
    shutil.copy(edition_file_path(DEFAULT_PATH), edition_file_path(path))
    return path


def test_pdf_gives_the_same_projects(catalogue_pdf: Path, catalogue) -> None:
    from_pdf = read_catalogue(catalogue_pdf)
    assert from_pdf.ids() == catalogue.ids()
    for ours, theirs in zip(from_pdf.projects, catalogue.projects, strict=True):
        assert ours.title == theirs.title
        assert ours.measures == theirs.measures, ours.id
        assert ours.responsible == theirs.responsible, ours.id
        assert ours.periods == theirs.periods, ours.id
        assert ours.description == theirs.description, ours.id


def test_corrupt_pdf_gives_german_error(tmp_path: Path) -> None:
    bad = tmp_path / "kaputt.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really a pdf")
    with pytest.raises(CorpusError) as info:
        read_catalogue(bad)
    assert "kaputt.pdf" in info.value.message


def test_missing_file_gives_german_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="gibt es nicht"):
        read_catalogue(tmp_path / "fehlt.txt")

"""Extraction in a bounded child process: the same text as in-process, and a child that reaches
its CPU or memory limit ends as a German refusal naming that limit. Real child processes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fixture_documents import FIXTURES

from corpus.documents.extract import extract
from corpus.documents.guard import default_limits
from corpus.documents.sandbox import Bounds, extract_bounded
from katalog.errors import DocumentError
from katalog.settings import Settings

# Many small elements: cheap in bytes (6.6 MB), dear to parse (the tree takes hundreds of MB).
HEAVY_HTML = b"<html><body>" + b"<p>Wort</p>" * 600_000 + b"</body></html>"


def bounds(cpu: int = 60, memory: int = 1024, **limits: int) -> Bounds:
    return Bounds(cpu, memory, replace(default_limits(), **limits))


DOCUMENTS = sorted(p for p in FIXTURES.iterdir() if p.suffix != ".py")


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_the_child_reads_what_the_process_itself_reads(path):
    data = path.read_bytes()
    assert extract_bounded(data, path.name, bounds()) == extract(data, path.name)


def test_the_bounds_come_from_the_settings():
    settings = Settings(_env_file=None, extract_cpu_seconds=7, extract_memory_mb=300)
    got = Bounds.from_settings(settings)
    assert (got.cpu_seconds, got.memory_mb, got.limits.chunks) == (7, 300, 1000)
    assert got.wall_seconds == 24


def test_a_child_out_of_cpu_time_is_a_refusal_naming_the_limit():
    with pytest.raises(DocumentError) as caught:
        extract_bounded(HEAVY_HTML, "schwer.html", bounds(cpu=1))
    assert caught.value.message == (
        "Die Datei 'schwer.html' wird nicht verarbeitet: das Auslesen des Textes brauchte mehr "
        "als 1 s Rechenzeit. So große oder so stark gepackte Dokumente nimmt der Assistent "
        "nicht an; bitte eine kleinere Fassung hochladen."
    )


def test_a_child_out_of_memory_is_a_refusal_naming_the_limit():
    with pytest.raises(DocumentError) as caught:
        extract_bounded(HEAVY_HTML, "schwer.html", bounds(memory=200))
    assert "das Auslesen des Textes brauchte mehr als 200 MB Speicher" in caught.value.message


def test_limits_are_checked_in_the_child_before_anything_comes_back():
    sections = "".join(f"## Teil {n}\n\nText {n}.\n\n" for n in range(30)).encode()
    with pytest.raises(DocumentError, match="mehr als 20 Abschnitte"):
        extract_bounded(sections, "teile.md", bounds(chunks=20))
    with pytest.raises(DocumentError, match="mehr als 100 Zeichen Text"):
        extract_bounded(sections, "teile.md", bounds(chars=100))
    with pytest.raises(DocumentError, match="nicht unterstützten Dateityp"):
        extract_bounded(b"x", "tabelle.xlsx", bounds())  # refused without a child

"""Extraction in a bounded child process: the same text as in-process, and a child that reaches
its CPU or memory limit ends as a German refusal naming that limit. Real child processes."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from dataclasses import replace

import pytest
from fixture_documents import FIXTURES

from corpus.documents.extract import extract
from corpus.documents.guard import default_limits
from corpus.documents.sandbox import Bounds, _cpu_seconds, _ended, extract_bounded
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


def test_a_file_dear_to_parse_is_refused_by_its_elements_before_parsing():
    with pytest.raises(DocumentError) as caught:
        extract_bounded(HEAVY_HTML, "schwer.html", bounds())
    assert caught.value.message == (
        "Die Datei 'schwer.html' wird nicht verarbeitet: mehr als 200.000 HTML-Elemente (Grenze "
        "KATALOG_MAX_DOC_ELEMENTS). So große oder so stark gepackte Dokumente nimmt der "
        "Assistent nicht an; bitte eine kleinere Fassung hochladen."
    )


# Without the element limit, the parser itself runs into the child's limits.
UNCOUNTED = 10**9


def test_a_child_out_of_cpu_time_is_a_refusal_naming_the_limit():
    with pytest.raises(DocumentError) as caught:
        extract_bounded(HEAVY_HTML, "schwer.html", bounds(cpu=1, elements=UNCOUNTED))
    assert caught.value.message == (
        "Die Datei 'schwer.html' wird nicht verarbeitet: das Auslesen des Textes brauchte mehr "
        "als 1 s Rechenzeit (Grenze KATALOG_EXTRACT_CPU_SECONDS). So große oder so stark "
        "gepackte Dokumente nimmt der Assistent nicht an; bitte eine kleinere Fassung hochladen."
    )


def test_a_child_out_of_memory_is_a_refusal_naming_the_limit():
    with pytest.raises(DocumentError) as caught:
        extract_bounded(HEAVY_HTML, "schwer.html", bounds(memory=200, elements=UNCOUNTED))
    assert (
        "das Auslesen des Textes brauchte mehr als 200 MB Speicher "
        "(Grenze KATALOG_EXTRACT_MEMORY_MB)." in caught.value.message
    )
    assert "Rechenzeit" not in caught.value.message


CPU = "mehr als 60 s Rechenzeit (Grenze KATALOG_EXTRACT_CPU_SECONDS)"
MEMORY = "mehr als 1024 MB Speicher (Grenze KATALOG_EXTRACT_MEMORY_MB)"


def usage(cpu: float, peak_mb: int) -> resource.struct_rusage:
    return resource.struct_rusage((cpu, 0.0, peak_mb * 1024) + (0,) * 13)


@pytest.mark.parametrize(
    ("exitcode", "cpu", "peak_mb", "names"),
    [
        (-signal.SIGXCPU, 60.5, 40, CPU),
        (-signal.SIGKILL, 61.0, 40, CPU),
        (-signal.SIGABRT, 3.0, 900, MEMORY),
        (-signal.SIGSEGV, 3.0, 600, MEMORY),
        (-signal.SIGSEGV, 0.2, 30, "brach ab (Code -11)"),
    ],
)
def test_a_child_that_ended_without_an_answer_names_the_one_limit_it_reached(
    exitcode, cpu, peak_mb, names
):
    message = _ended("x.pdf", exitcode, usage(cpu, peak_mb), bounds())
    assert names in message
    assert message.count("Grenze") <= 1 and not ("Speicher" in message and "Rechenzeit" in message)


def test_limits_are_checked_in_the_child_before_anything_comes_back():
    sections = "".join(f"## Teil {n}\n\nText {n}.\n\n" for n in range(30)).encode()
    with pytest.raises(DocumentError, match="mehr als 20 Abschnitte"):
        extract_bounded(sections, "teile.md", bounds(chunks=20))
    with pytest.raises(DocumentError, match="mehr als 100 Zeichen Text"):
        extract_bounded(sections, "teile.md", bounds(chars=100))
    with pytest.raises(DocumentError, match="nicht unterstützten Dateityp"):
        extract_bounded(b"x", "tabelle.xlsx", bounds())  # refused without a child


def test_the_cpu_time_of_a_process_is_read_from_proc():
    spin = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        used = None
        for _ in range(200):  # until it has had a tenth of a second
            used = _cpu_seconds(spin.pid)
            if used is not None and used >= 0.1:
                break
            time.sleep(0.05)
        assert used is not None and used >= 0.1
    finally:
        spin.kill()
        spin.wait()
    assert _cpu_seconds(spin.pid) is None  # reaped: nothing to read
    assert _cpu_seconds(os.getpid()) > 0

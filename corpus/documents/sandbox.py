"""Reading a document's text in a child process with CPU-time and memory limits.

Extraction parses untrusted bytes with pypdf, python-docx, BeautifulSoup and the markdown
parser; a crafted file can make any of them take gigabytes or minutes. So ``extract_bounded``
runs ``extract`` in a fresh interpreter (``python -m corpus.documents.sandbox``, about 0.1 s to
start plus the one parser it needs) that first limits itself:

- ``RLIMIT_AS``: its address space; an allocation beyond it fails (``MemoryError``, or a
  library aborts) and the child ends; whatever it took goes back to the system with it.
- ``RLIMIT_CPU``: CPU seconds; the kernel ends it with ``SIGXCPU``. The parent also gives up
  after a wall-clock bound (a child that waits on nothing still ends).
- ``RLIMIT_CORE`` 0: no core files.

The file goes in on stdin, the blocks come back as JSON on stdout, never as pickles: the parent
trusts nothing the child sends beyond its shape. A child that reached a limit becomes a
``DocumentError`` whose German message names the limit.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import signal
import subprocess
import sys
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from corpus.documents.guard import Limits, check_chunks, too_much
from corpus.documents.models import Block
from katalog.errors import DocumentError

if TYPE_CHECKING:
    from katalog.settings import Settings

log = logging.getLogger(__name__)

READING = "das Auslesen des Textes"
RESERVE = 4 * 1024 * 1024


@dataclass(frozen=True)
class Bounds:
    """The child's limits and what the document may yield."""

    cpu_seconds: int
    memory_mb: int
    limits: Limits

    @classmethod
    def from_settings(cls, settings: Settings) -> Bounds:
        return cls(
            cpu_seconds=settings.extract_cpu_seconds,
            memory_mb=settings.extract_memory_mb,
            limits=Limits.from_settings(settings),
        )

    @property
    def wall_seconds(self) -> float:
        """Twice the CPU time plus start-up: a machine busy with other work is no refusal."""
        return 2.0 * self.cpu_seconds + 10.0


def extract_bounded(data: bytes, filename: str, bounds: Bounds) -> tuple[str, tuple[Block, ...]]:
    """``extract(data, filename)`` in a bounded child process: (media type, blocks)."""
    from corpus.documents.extract import media_type_for

    media_type_for(filename)  # an unsupported type needs no child
    header = {"filename": filename, "bounds": {**asdict(bounds), "limits": asdict(bounds.limits)}}
    child = subprocess.Popen(
        [sys.executable, "-m", "corpus.documents.sandbox"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        out, _ = child.communicate(
            json.dumps(header).encode() + b"\n" + data, timeout=bounds.wall_seconds
        )
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        raise DocumentError(
            too_much(filename, f"{READING} dauerte länger als {bounds.wall_seconds:.0f} s")
        ) from None
    outcome = _parse(out)
    if outcome is None:  # ended without an answer: a limit (or a crash) ended it
        log.info("extraction ended", extra={"exitcode": child.returncode})
        raise DocumentError(too_much(filename, _ended(child.returncode, bounds)))
    if outcome.get("error"):
        raise DocumentError(str(outcome["error"]))
    if outcome.get("memory"):
        raise DocumentError(too_much(filename, _memory(bounds)))
    blocks = tuple(
        Block(str(b["kind"]), str(b["text"]), int(b["level"]), b["page"]) for b in outcome["blocks"]
    )
    return str(outcome["media_type"]), blocks


def _parse(out: bytes) -> dict | None:
    try:
        outcome = json.loads(out)
    except ValueError:
        return None
    return outcome if isinstance(outcome, dict) else None


def _memory(bounds: Bounds) -> str:
    return f"{READING} brauchte mehr als {bounds.memory_mb} MB Speicher"


def _ended(exitcode: int | None, bounds: Bounds) -> str:
    """Why the child ended, naming the limit."""
    if exitcode == -signal.SIGXCPU:
        return f"{READING} brauchte mehr als {bounds.cpu_seconds} s Rechenzeit"
    # A parser that cannot allocate may abort instead of raising: name both limits.
    return (
        f"{READING} wurde abgebrochen (Grenzen: {bounds.memory_mb} MB Speicher, "
        f"{bounds.cpu_seconds} s Rechenzeit)"
    )


def _child() -> None:
    """In the child: limit itself, read the request, extract, answer in JSON."""
    answer = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # whatever a library prints goes to stderr, not into the answer
    header = json.loads(sys.stdin.buffer.readline())
    bounds = header["bounds"]
    memory = int(bounds["memory_mb"]) * 1024 * 1024
    cpu = int(bounds["cpu_seconds"])
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    reserve = bytearray(RESERVE)  # given back to write the answer when memory ran out
    from corpus.documents.chunk import split
    from corpus.documents.extract import extract

    filename = header["filename"]
    try:
        data = sys.stdin.buffer.read()
        limits = Limits(**bounds["limits"])
        media_type, blocks = extract(data, filename, limits)
        del data
        check_chunks(len(split(blocks)), filename, limits)  # before sending them all back
        outcome = {"media_type": media_type, "blocks": [b.to_dict() for b in blocks]}
    except DocumentError as exc:
        outcome = {"error": exc.message}
    except (MemoryError, SystemError):
        # A C parser that cannot allocate may raise SystemError ("error return without
        # exception set") instead of MemoryError; with most of the memory taken, it is that.
        del reserve
        taken = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        if taken < memory // 2:
            raise
        outcome = {"memory": True}
    except RecursionError:
        outcome = {"error": too_much(filename, "zu tief verschachtelter Inhalt")}
    try:
        json.dump(outcome, answer, ensure_ascii=False)
    except MemoryError:
        json.dump({"memory": True}, answer)
    answer.flush()


if __name__ == "__main__":
    _child()

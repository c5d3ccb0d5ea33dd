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
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
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
    request = json.dumps(header).encode() + b"\n" + data
    out, usage, timed_out = _run(child, request, bounds.wall_seconds)
    if timed_out:
        what = f"{READING} dauerte länger als {bounds.wall_seconds:.0f} s"
        raise DocumentError(too_much(filename, what, CPU_SETTING))
    outcome = _parse(out)
    if outcome is None:  # ended without an answer: a limit (or a crash) ended it
        log.info("extraction ended", extra={"exitcode": child.returncode})
        raise DocumentError(_ended(filename, child.returncode, usage, bounds))
    if outcome.get("error"):
        raise DocumentError(str(outcome["error"]))
    if outcome.get("memory"):
        raise DocumentError(too_much(filename, _memory(bounds), MEMORY_SETTING))
    blocks = tuple(
        Block(str(b["kind"]), str(b["text"]), int(b["level"]), b["page"]) for b in outcome["blocks"]
    )
    return str(outcome["media_type"]), blocks


CPU_SETTING = "KATALOG_EXTRACT_CPU_SECONDS"
MEMORY_SETTING = "KATALOG_EXTRACT_MEMORY_MB"


def _run(
    child: subprocess.Popen, request: bytes, wall_seconds: float
) -> tuple[bytes, resource.struct_rusage | None, bool]:
    """Send the request, read the answer, reap the child with ``wait4`` (its own resource use
    tells which limit ended it): (answer, its usage, whether the wall-clock bound ended it)."""
    assert child.stdin is not None and child.stdout is not None
    done, killed = threading.Event(), threading.Event()
    watchdog = threading.Thread(target=_watch, args=(child, wall_seconds, done, killed))
    watchdog.start()

    def send() -> None:
        try:
            child.stdin.write(request)  # type: ignore[union-attr]
            child.stdin.close()  # type: ignore[union-attr]
        except OSError:  # the child ended before reading it all
            pass

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    usage = None
    try:
        out = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    finally:
        done.set()
        watchdog.join()
        if child.returncode is None:
            child.kill()
            child.wait()
        sender.join()
        child.stdout.close()
    return out, usage, killed.is_set() and child.returncode == -signal.SIGKILL


def _watch(
    child: subprocess.Popen, wall_seconds: float, done: threading.Event, killed: threading.Event
) -> None:
    """Kill a child that is still there after ``wall_seconds`` and no longer computing (it
    waits on nothing, or on something that never comes). One that still gets CPU time is left
    to its CPU limit, up to four times the bound: on a busy machine a child may wait long for
    its CPU seconds, and that is no fault of the file."""
    if done.wait(wall_seconds):
        return
    used = _cpu_seconds(child.pid)
    for _ in range(int(3 * wall_seconds / WATCH_SECONDS)):
        if done.wait(WATCH_SECONDS):
            return
        now = _cpu_seconds(child.pid)
        if used is None or now is None or now - used < 0.05 * WATCH_SECONDS:
            break
        used = now
    if not done.is_set():
        killed.set()
        child.kill()


WATCH_SECONDS = 5.0  # how often a child past its wall-clock bound is looked at


def _cpu_seconds(pid: int) -> float | None:
    """CPU seconds a process has used so far (Linux), None when that cannot be read."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
        fields = stat.rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _parse(out: bytes) -> dict | None:
    try:
        outcome = json.loads(out)
    except ValueError:
        return None
    return outcome if isinstance(outcome, dict) else None


def _memory(bounds: Bounds) -> str:
    return f"{READING} brauchte mehr als {bounds.memory_mb} MB Speicher"


def _ended(
    filename: str, exitcode: int | None, usage: resource.struct_rusage | None, bounds: Bounds
) -> str:
    """Why a child ended without an answer, naming the one limit that ended it: CPU time when
    the kernel's SIGXCPU came or its CPU seconds are spent; memory when most of it was taken
    (a C parser that cannot allocate may abort instead of raising); else a crash of the
    parser, which names no limit."""
    cpu = usage.ru_utime + usage.ru_stime if usage is not None else 0.0
    if exitcode == -signal.SIGXCPU or cpu >= bounds.cpu_seconds:
        what = f"{READING} brauchte mehr als {bounds.cpu_seconds} s Rechenzeit"
        return too_much(filename, what, CPU_SETTING)
    peak = usage.ru_maxrss * 1024 if usage is not None else 0
    if peak >= bounds.memory_mb * 1024 * 1024 // 2:
        return too_much(filename, _memory(bounds), MEMORY_SETTING)
    return (
        f"Die Datei '{filename}' konnte nicht gelesen werden: das Programm, das ihren Text "
        f"ausliest, brach ab (Code {exitcode}). Bitte die Datei im Ursprungsprogramm erneut "
        "speichern und noch einmal hochladen."
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
    except MemoryError:  # an allocation beyond RLIMIT_AS, however large or small the rest
        del reserve
        outcome = {"memory": True}
    except SystemError:
        # A C parser that cannot allocate may raise SystemError ("error return without
        # exception set") instead of MemoryError; with most of the memory taken, it is that.
        del reserve
        taken = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        if taken < memory // 2:
            raise
        outcome = {"memory": True}
    except RecursionError:  # Python's own bound on nesting, no setting
        outcome = {"error": too_much(filename, "zu tief verschachtelter Inhalt", None)}
    try:
        json.dump(outcome, answer, ensure_ascii=False)
    except MemoryError:
        json.dump({"memory": True}, answer)
    answer.flush()


if __name__ == "__main__":
    _child()

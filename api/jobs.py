"""Ingest jobs of the service: an upload is spooled to disk and answered at once; a worker
thread runs the ingest (``index.ingest``) in a child process of its own.

Why a child process: extraction, chunking, embedding and indexing are CPU work, and the
service's embedder runs on one thread shared by every question (``index/engines.py``). In the
child, niced and with one OpenMP thread, none of it waits in front of a question, none of its
memory stays with the service, and a child that dies (or is killed) takes nothing with it: its
document stays invisible, and the next start settles its pending marker.

Layout under ``data_dir/jobs/``::

    <job id>.json        the job's record: state, stage, progress, result or German error
    <job id>.upload      the uploaded bytes until the job has run
    owner-<token>.lock   held (flock) by the process that runs the jobs naming it

Records live on disk, so any worker process of the service can report any job. A job whose
owner ended (its lock is free) while the job was queued or running is taken over by the next
process that starts (``JobStore.open``, under ``adopt.lock``, after the start has settled the
document store with ``index.consistency.repair``): queued again with its spooled upload, at most
``MAX_ATTEMPTS`` times, or failed with a German message when its upload is gone. A job read
while no process has taken it over is reported as failed.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import queue
import re
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import IO, Any, BinaryIO

from corpus.documents.pending import locked
from katalog.settings import Settings

log = logging.getLogger(__name__)

JOB_ID = re.compile(r"^job-[0-9a-f]{16}$")
KEEP_SECONDS = 7 * 24 * 3600  # finished job records are kept this long
CHUNK = 1024 * 1024
ADOPT_LOCK = "adopt.lock"
MAX_ATTEMPTS = 3  # starts of a job; one that ended the service each time is not run again
INTERRUPTED = (
    "Die Aufnahme wurde abgebrochen, weil der Dienst beendet wurde. Bitte die Datei erneut "
    "hochladen."
)
QUEUE_FULL = (
    "Die Aufnahme wurde abgebrochen, weil der Dienst beendet wurde, und die Warteschlange ist "
    "beim Neustart voll. Bitte die Datei später erneut hochladen."
)
UPLOAD_GONE = (
    "Die Aufnahme wurde abgebrochen, weil der Dienst beendet wurde, und die hochgeladene Datei "
    "ist nicht mehr vorhanden. Bitte die Datei erneut hochladen."
)
TOO_MANY_ATTEMPTS = (
    f"Die Aufnahme wurde {MAX_ATTEMPTS}-mal durch ein Ende des Dienstes abgebrochen und wird "
    "nicht noch einmal versucht. Bitte die Datei prüfen und erneut hochladen."
)


class QueueFull(Exception):
    pass


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class JobStore:
    """The job records on disk."""

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir) / "jobs"
        self.owner = uuid.uuid4().hex[:12]
        self._owner_lock: IO[bytes] | None = None

    def open(self) -> list[dict[str, Any]]:
        """Hold this process' owner lock (the kernel frees it when the process ends) and take
        over the jobs that ended processes left queued or running: those to run again, oldest
        first (see ``adopt``)."""
        self.root.mkdir(parents=True, exist_ok=True)
        handle = open(self.root / f"owner-{self.owner}.lock", "a+b")  # noqa: SIM115
        fcntl.flock(handle, fcntl.LOCK_EX)
        self._owner_lock = handle
        adopted = self.adopt()
        self.prune()
        return adopted

    def adopt(self) -> list[dict[str, Any]]:
        """The jobs whose owner ended while they were queued or running, now this process'
        and queued again (their upload is still spooled); a job whose upload is gone, or that
        was started ``MAX_ATTEMPTS`` times, is failed instead. One process at a time takes
        over (``adopt.lock``); the others then see a living owner."""
        adopted: list[dict[str, Any]] = []
        with open(self.root / ADOPT_LOCK, "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            for path in sorted(self.root.glob("job-*.json")):
                try:
                    record = json.loads(path.read_text(encoding="utf-8"))
                except (FileNotFoundError, ValueError):
                    continue
                if record.get("status") not in ("queued", "running"):
                    continue
                if self._alive(record.get("owner", "")):
                    continue
                adopted.append(self._take_over(record))
        requeued = [r for r in adopted if r["status"] == "queued"]
        log.info(
            "jobs taken over",
            extra={"fields": {"queued": len(requeued), "failed": len(adopted) - len(requeued)}},
        )
        # In the order they came (created_at has whole seconds).
        return sorted(requeued, key=lambda r: (r["created_at"], r.get("created_ns", 0)))

    def _take_over(self, record: dict[str, Any]) -> dict[str, Any]:
        attempts = int(record.get("attempts", 1 if record["status"] == "running" else 0))
        if not self.upload_path(record["id"]).exists():
            record = fail(record, "interrupted", UPLOAD_GONE)
        elif attempts >= MAX_ATTEMPTS:
            record = fail(record, "interrupted", TOO_MANY_ATTEMPTS)
            self.upload_path(record["id"]).unlink(missing_ok=True)
        else:
            record = {
                **record,
                "status": "queued",
                "stage": "queued",
                "done": 0,
                "total": 0,
                "owner": self.owner,
                "attempts": attempts,
                "requeued_at": now(),
            }
        self.save(record)
        return record

    def close(self) -> None:
        if self._owner_lock is not None:
            self._owner_lock.close()
            (self.root / f"owner-{self.owner}.lock").unlink(missing_ok=True)
            self._owner_lock = None

    def upload_path(self, job_id: str) -> Path:
        return self.root / f"{job_id}.upload"

    def new_id(self) -> str:
        return f"job-{uuid.uuid4().hex[:16]}"

    def save(self, record: dict[str, Any]) -> None:
        tmp = self.root / f".{record['id']}.{uuid.uuid4().hex[:6]}.tmp"
        tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.root / f"{record['id']}.json")

    def get(self, job_id: str) -> dict[str, Any] | None:
        if not JOB_ID.match(job_id or ""):
            return None
        try:
            record = json.loads((self.root / f"{job_id}.json").read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None
        if record["status"] in ("queued", "running") and not self._alive(record["owner"]):
            record = fail(record, "interrupted", INTERRUPTED)
            self.save(record)
            self.upload_path(job_id).unlink(missing_ok=True)
        return record

    def _alive(self, owner: str) -> bool:
        return owner == self.owner or locked(self.root / f"owner-{owner}.lock")

    def prune(self) -> None:
        """Forget finished jobs after a week, and what dead owners left: their locks, and the
        uploads of their jobs (which are reported as failed from then on)."""
        limit = time.time() - KEEP_SECONDS
        for path in list(self.root.iterdir()):
            try:
                if path.name == ADOPT_LOCK:
                    continue
                if path.name.startswith("owner-"):
                    if not locked(path):
                        path.unlink(missing_ok=True)
                elif path.suffix == ".upload":
                    if self.get(path.stem) is None:
                        path.unlink(missing_ok=True)
                elif path.stat().st_mtime < limit:
                    path.unlink(missing_ok=True)
            except FileNotFoundError:
                continue


def fail(record: dict[str, Any], code: str, message: str) -> dict[str, Any]:
    return {
        **record,
        "status": "failed",
        "stage": "failed",
        "finished_at": now(),
        "error": {"code": code, "message": message},
    }


class IngestJobs:
    """A bounded queue and ``settings.ingest_workers`` threads, each running one job at a time
    in a child process; ``on_done()`` runs after every finished job (the service reloads the
    document index there, off the request path)."""

    def __init__(self, settings: Settings, on_done: Any = None) -> None:
        self.settings = settings
        self.records = JobStore(settings.data_dir)
        self.on_done = on_done
        self._queue: queue.Queue[dict[str, Any] | None] = queue.Queue(settings.ingest_queue)
        self._threads: list[threading.Thread] = []
        self._children: set[subprocess.Popen] = set()
        self._lock = threading.Lock()
        self._stopping = False

    def start(self) -> None:
        for record in self.records.open():  # jobs that ended processes left: first in line
            try:
                self._queue.put_nowait(record)
            except queue.Full:
                self.records.save(fail(record, "queue_full", QUEUE_FULL))
                self.records.upload_path(record["id"]).unlink(missing_ok=True)
        for number in range(max(1, self.settings.ingest_workers)):
            thread = threading.Thread(target=self._work, name=f"katalog-ingest-{number}")
            thread.daemon = True
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """End the workers; a job under way is killed. Its record and those of the jobs still
        waiting stay as they are, with their uploads: the next start settles the store and
        queues them again (``JobStore.adopt``)."""
        self._stopping = True
        with self._lock:
            for child in self._children:
                child.kill()
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join(timeout=30)
        self.records.close()

    def spool(self, source: BinaryIO) -> tuple[str, Path, str, int]:
        """Copy an upload to disk in pieces, hashing it: (job id, path, sha256, size)."""
        job_id = self.records.new_id()
        path = self.records.upload_path(job_id)
        digest, size = hashlib.sha256(), 0
        with open(path, "wb") as out:
            while piece := source.read(CHUNK):
                digest.update(piece)
                size += len(piece)
                out.write(piece)
        return job_id, path, digest.hexdigest(), size

    def submit(self, job_id: str, doc_id: str, request: dict[str, Any]) -> dict[str, Any]:
        """Queue a job (``QueueFull`` when the queue is full); its record as saved."""
        record = {
            "id": job_id,
            "status": "queued",
            "stage": "queued",
            "done": 0,
            "total": 0,
            "document_id": doc_id,
            "request": request,
            "owner": self.records.owner,
            "created_at": now(),
            "created_ns": time.time_ns(),  # the order of jobs within one second
            "started_at": None,
            "finished_at": None,
            "result": None,
            "error": None,
        }
        self.records.save(record)
        try:
            self._queue.put_nowait(record)
        except queue.Full:
            (self.records.root / f"{job_id}.json").unlink(missing_ok=True)
            self.records.upload_path(job_id).unlink(missing_ok=True)
            raise QueueFull from None
        return record

    # -- the worker --------------------------------------------------------------------------

    def _work(self) -> None:
        while True:
            record = self._queue.get()
            if record is None or self._stopping:
                return
            try:
                outcome = self._run(record)
            except Exception:  # noqa: BLE001 - a worker thread must not die
                log.exception("ingest job failed", extra={"job": record["id"]})
                outcome = fail(record, "internal_error", "Die Aufnahme ist fehlgeschlagen.")
            if outcome is None:  # cut off by stop(): the next start takes it over
                return
            record = outcome
            # The service loads the job's writes before the job reads as finished: whoever
            # sees "done" gets answers from the new documents.
            if self.on_done is not None:
                try:
                    self.on_done()
                except Exception:  # noqa: BLE001
                    log.exception("after ingest job")
            self.records.save(record)
            self.records.upload_path(record["id"]).unlink(missing_ok=True)

    def _run(self, record: dict[str, Any]) -> dict[str, Any] | None:
        """The job run in its child: the record when done or failed, None when ``stop()``
        cut it off."""
        attempts = int(record.get("attempts", 0)) + 1
        record = {
            **record,
            "status": "running",
            "stage": "extract",
            "started_at": now(),
            "attempts": attempts,
        }
        self.records.save(record)
        request = {
            **record["request"],
            "upload": str(self.records.upload_path(record["id"])),
            "settings": self.settings.model_dump(mode="json"),
            "parent": os.getpid(),
        }
        env = {**os.environ, "OMP_NUM_THREADS": "1"}
        child = subprocess.Popen(
            [sys.executable, "-m", "api.ingest_child"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        with self._lock:
            self._children.add(child)
        try:
            assert child.stdin is not None and child.stdout is not None
            child.stdin.write(json.dumps(request).encode("utf-8"))
            child.stdin.close()
            outcome: dict[str, Any] = {}
            for line in child.stdout:
                event = _event(line)
                if "stage" in event:
                    record = {**record, **event}
                    self.records.save(record)
                else:
                    outcome = event
            code = child.wait()
        finally:
            with self._lock:
                self._children.discard(child)
        if "result" in outcome:
            return {
                **record,
                "status": "done",
                "stage": "done",
                "finished_at": now(),
                "result": outcome["result"],
            }
        if "error" in outcome:
            error = outcome["error"]
            return fail(record, str(error.get("code")), str(error.get("message")))
        if self._stopping:
            return None
        log.warning("ingest child ended", extra={"job": record["id"], "exitcode": code})
        return fail(
            record,
            "ingest_aborted",
            f"Die Aufnahme wurde abgebrochen (der Arbeitsprozess endete mit {code}). Es wurde "
            "nichts aufgenommen; bitte die Datei erneut hochladen.",
        )


def _event(line: bytes) -> dict[str, Any]:
    try:
        event = json.loads(line)
    except ValueError:
        return {}
    if not isinstance(event, dict):
        return {}
    if "stage" in event:
        return {
            "stage": str(event["stage"]),
            "done": int(event.get("done", 0)),
            "total": int(event.get("total", 0)),
        }
    return event

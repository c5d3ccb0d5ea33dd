"""The ingest jobs' queue and records (``api/jobs.py``) without a running service: a bounded
queue, records on disk that any process can read, jobs whose owner died taken over by the next
start (or reported as failed when read before that).
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import textwrap

import pytest

from api.jobs import (
    INTERRUPTED,
    MAX_ATTEMPTS,
    TOO_MANY_ATTEMPTS,
    UPLOAD_GONE,
    IngestJobs,
    JobStore,
    QueueFull,
)
from katalog.settings import Settings

REQUEST = {
    "filename": "b.md",
    "title": None,
    "date": "2024-01-01",
    "kind": "sonstiges",
    "visibility": "public",
}


@pytest.fixture
def jobs(tmp_path):
    jobs = IngestJobs(Settings(_env_file=None, data_dir=tmp_path, ingest_queue=1))
    jobs.records.open()  # no worker threads: nothing takes jobs off the queue
    yield jobs
    jobs.records.close()


def test_an_upload_is_spooled_and_hashed_and_the_queue_is_bounded(jobs):
    job_id, path, sha, size = jobs.spool(io.BytesIO(b"# A\n\nText.\n" * 200_000))
    assert (size, path.read_bytes()[:4]) == (2_200_000, b"# A\n")
    assert sha == hashlib.sha256(path.read_bytes()).hexdigest()
    record = jobs.submit(job_id, "doc-12345678", REQUEST)
    assert (record["status"], record["stage"], record["document_id"]) == (
        "queued",
        "queued",
        "doc-12345678",
    )
    assert jobs.records.get(job_id) == record
    second, path2, _, _ = jobs.spool(io.BytesIO(b"x"))
    with pytest.raises(QueueFull):
        jobs.submit(second, "doc-87654321", REQUEST)
    assert jobs.records.get(second) is None and not path2.exists()
    assert jobs.records.get("../../etc/passwd") is None


OWNER_DIES = textwrap.dedent(
    """
    import io, os, sys
    from pathlib import Path
    from api.jobs import IngestJobs
    from katalog.settings import Settings
    jobs = IngestJobs(Settings(_env_file=None, data_dir=Path(sys.argv[1])))
    jobs.records.open()
    for n in range(int(sys.argv[2])):
        job_id, _, _, _ = jobs.spool(io.BytesIO(b"# A\\n\\nText %d.\\n" % n))
        record = jobs.submit(job_id, "doc-1234567%d" % n, {"filename": "b.md"})
        if n == 0 and sys.argv[3] == "running":  # started once, at work when its owner died
            jobs.records.save({**record, "status": "running", "stage": "embed", "attempts": 1})
        print(job_id, flush=True)
    os._exit(9)
    """
)


def owner_dies(data_dir, jobs: int = 1, first: str = "queued") -> list[str]:
    """The ids of ``jobs`` jobs a process left when it died (the first one ``first``)."""
    died = subprocess.run(
        [sys.executable, "-c", OWNER_DIES, str(data_dir), str(jobs), first],
        capture_output=True,
        text=True,
    )
    assert died.returncode == 9, died.stderr
    return died.stdout.split()


def test_a_job_whose_owner_died_is_reported_failed_and_its_upload_dropped(tmp_path):
    [job_id] = owner_dies(tmp_path)
    store = JobStore(tmp_path)
    assert (tmp_path / "jobs" / f"{job_id}.upload").exists()
    record = store.get(job_id)
    assert (record["status"], record["stage"]) == ("failed", "failed")
    assert record["error"] == {"code": "interrupted", "message": INTERRUPTED}
    assert not (tmp_path / "jobs" / f"{job_id}.upload").exists()
    store.open()  # a new owner clears the dead one's lock
    assert [p.name for p in (tmp_path / "jobs").glob("owner-*")] == [f"owner-{store.owner}.lock"]
    store.close()


def test_jobs_whose_owner_died_are_queued_again_by_the_next_start(tmp_path):
    running, queued, gone = owner_dies(tmp_path, jobs=3, first="running")
    (tmp_path / "jobs" / f"{gone}.upload").unlink()
    store, other = JobStore(tmp_path), JobStore(tmp_path)
    adopted = store.open()
    assert [(r["id"], r["status"], r["stage"], r["attempts"]) for r in adopted] == [
        (running, "queued", "queued", 1),
        (queued, "queued", "queued", 0),
    ]
    assert all(r["owner"] == store.owner and r["requeued_at"] for r in adopted)
    assert [store.get(j)["status"] for j in (running, queued)] == ["queued", "queued"]
    assert (tmp_path / "jobs" / f"{running}.upload").exists()
    failed = store.get(gone)
    assert (failed["status"], failed["error"]) == (
        "failed",
        {"code": "interrupted", "message": UPLOAD_GONE},
    )
    assert other.open() == []  # a second process finds their owner alive
    other.close()
    store.close()


def test_a_job_started_too_often_is_not_queued_again(tmp_path):
    store = JobStore(tmp_path)
    store.root.mkdir(parents=True)
    record = {"id": "job-00000000000000aa", "status": "running", "stage": "extract"}
    store.save({**record, "owner": "verstorben", "attempts": MAX_ATTEMPTS})
    store.upload_path(record["id"]).write_bytes(b"# A\n\nText.\n")
    assert store.open() == []
    failed = store.get(record["id"])
    assert failed["error"] == {"code": "interrupted", "message": TOO_MANY_ATTEMPTS}
    assert not store.upload_path(record["id"]).exists()
    store.close()

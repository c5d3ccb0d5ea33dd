"""The ingest jobs' queue and records (``api/jobs.py``) without a running service: a bounded
queue, records on disk that any process can read, and jobs whose owner died reported as failed.
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import textwrap

import pytest

from api.jobs import INTERRUPTED, IngestJobs, JobStore, QueueFull
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
    job_id, _, _, _ = jobs.spool(io.BytesIO(b"# A\\n\\nText.\\n"))
    jobs.submit(job_id, "doc-12345678", {"filename": "b.md"})
    print(job_id, flush=True)
    os._exit(9)
    """
)


def test_a_job_whose_owner_died_is_reported_failed_and_its_upload_dropped(tmp_path):
    died = subprocess.run(
        [sys.executable, "-c", OWNER_DIES, str(tmp_path)], capture_output=True, text=True
    )
    assert died.returncode == 9, died.stderr
    job_id = died.stdout.strip()
    store = JobStore(tmp_path)
    assert (tmp_path / "jobs" / f"{job_id}.upload").exists()
    record = store.get(job_id)
    assert (record["status"], record["stage"]) == ("failed", "failed")
    assert record["error"] == {"code": "interrupted", "message": INTERRUPTED}
    assert not (tmp_path / "jobs" / f"{job_id}.upload").exists()
    store.open()  # a new owner clears the dead one's lock
    assert [p.name for p in (tmp_path / "jobs").glob("owner-*")] == [f"owner-{store.owner}.lock"]
    store.close()

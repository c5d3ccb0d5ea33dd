"""Ingests killed with SIGKILL at every step, and the service killed during a job: afterwards
the store and the index agree (a document is seen only when it is stored and indexed), a
service started next is consistent when it answers ``/ready``, and it runs the jobs the killed
one left again.

The CLI (`katalog ingest`) is stopped at a named step with ``KATALOG_INGEST_PAUSE`` and then
killed from here; a few more runs are killed after increasing delays, wherever they are.
"""

from __future__ import annotations

import json
import select
import subprocess
import time
from pathlib import Path

import pytest
from faultkit import KATALOG, katalog_env, serving
from fixture_documents import doc_id

from api.jobs import UPLOAD_GONE
from corpus.documents.store import DocumentStore
from index.consistency import check, repair
from index.doc_snapshot import docs_dir, published_documents
from katalog.settings import Settings

# Steps of index.ingest, in order: nothing written yet (store), stored under a marker (embed),
# vectors computed (chroma), in Chroma (snapshot), snapshots written aside (state), committed
# to the index but the marker still there (commit). From "commit" on the index shows it.
STEPS = ["store", "embed", "chroma", "snapshot", "state", "commit"]
INDEXED_FROM = STEPS.index("commit")


def report_text(step: str, sections: int = 3) -> bytes:
    parts = [f"# Sachstandsbericht Test {step} (fiktiv)\n"]
    for n in range(sections):
        parts.append(
            f"## DS 2.5 Handyparken, Teil {n}\n\nDas Handyparken läuft in Kleve ({step}, {n}). "
            "Die Stadt wertet die Nutzung monatlich aus und berichtet im Ausschuss.\n"
        )
    return "\n".join(parts).encode()


def start_ingest(data_dir: Path, path: Path, pause: str | None = None) -> subprocess.Popen:
    extra = {"KATALOG_INGEST_PAUSE": pause} if pause else {}
    command = [str(KATALOG), "ingest", str(path), "-d", "2024-06-01", "-v", "public"]
    return subprocess.Popen(
        command,
        env=katalog_env(data_dir, **extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for_pause(process: subprocess.Popen, step: str, timeout: float = 180.0) -> None:
    assert process.stderr is not None
    deadline = time.monotonic() + timeout
    seen = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stderr], [], [], 0.5)
        if ready:
            line = process.stderr.readline()
            seen += line
            if f"KATALOG_INGEST_PAUSE: {step}".encode() in line:
                return
            if not line and process.poll() is not None:
                break
    raise AssertionError(f"no pause at {step}: {seen.decode(errors='replace')[-2000:]}")


def state(data_dir: Path, catalogue):
    settings = Settings(_env_file=None, data_dir=data_dir)
    store = DocumentStore(data_dir, catalogue)
    shown = sorted(published_documents(docs_dir(settings.index_dir)))
    return settings, store, shown


def test_an_ingest_killed_at_any_step_leaves_a_state_that_repairs_to_consistent(
    data_dir, tmp_path, catalogue
):
    expected_shown: list[str] = []
    for number, step in enumerate(STEPS):
        path = tmp_path / f"bericht-{step}.md"
        path.write_bytes(report_text(step))
        process = start_ingest(data_dir, path, pause=step)
        wait_for_pause(process, step)
        process.kill()
        process.wait()

        settings, store, shown = state(data_dir, catalogue)
        new = doc_id(path.read_bytes())
        indexed = number >= INDEXED_FROM
        assert (new in shown) == indexed, step  # seen only once stored and indexed
        report = check(settings, store)
        stored = number > STEPS.index("store")
        assert report.consistent == (not stored), (step, report.findings)
        fixed = repair(settings, store)
        assert fixed.consistent, (step, fixed.findings)
        if indexed:
            expected_shown.append(new)
        _, store, shown = state(data_dir, catalogue)
        assert shown == sorted(expected_shown), step
        assert sorted(d.id for d in store.list()) == shown, step
        assert store.pending() == []


def test_ingests_killed_after_increasing_delays_repair_to_consistent(data_dir, tmp_path, catalogue):
    outcomes = []
    for delay in (1.0, 2.5, 4.0):
        path = tmp_path / f"bericht-{delay}.md"
        path.write_bytes(report_text(f"nach {delay} s", sections=40))
        process = start_ingest(data_dir, path)
        time.sleep(delay)
        process.kill()
        process.wait()
        settings, store, _ = state(data_dir, catalogue)
        before = check(settings, store)
        fixed = repair(settings, store)
        assert fixed.consistent, (delay, fixed.findings)
        _, store, shown = state(data_dir, catalogue)
        assert sorted(d.id for d in store.list()) == shown
        outcomes.append(
            (delay, [f.kind for f in before.findings], doc_id(path.read_bytes()) in shown)
        )
    print("\nAbgebrochen nach (s), Befunde, danach sichtbar:", outcomes)


def test_the_service_killed_during_jobs_is_consistent_at_the_next_ready_and_runs_them_again(
    data_dir, catalogue
):
    """One job running (held at "embed"), two waiting, one of which loses its upload; the
    service is killed. The next start settles the store before /ready, then queues the running
    and the waiting job again and fails the one without its upload."""
    reports = {name: report_text(f"Dienst {name}", sections=6) for name in JOBS}
    running = doc_id(reports["laeuft"])
    with serving(data_dir, KATALOG_INGEST_PAUSE="embed") as server:
        before = server.documents()
        urls = {
            name: server.upload(f"{name}.md", data).json()["url"] for name, data in reports.items()
        }
        job = server.wait_job(urls["laeuft"], until=("running",))
        deadline = time.monotonic() + 120
        while job["stage"] != "embed" and time.monotonic() < deadline:
            time.sleep(0.05)
            job = server.job(urls["laeuft"])
        assert (job["stage"], job["message"]) == (
            "embed",
            "Abschnitte werden eingebettet (0 von 6).",
        )
        assert [server.job(urls[n])["status"] for n in ("wartet", "verloren")] == ["queued"] * 2
        server.kill()  # SIGKILL: no shutdown, no cleanup
    time.sleep(1.0)  # the job's child dies with the service (PR_SET_PDEATHSIG)
    settings, store, shown = state(data_dir, catalogue)
    assert [(m.doc_id, m.alive) for m in store.pending()] == [(running, False)]
    assert running in [d.id for d in store.list()] and running not in shown
    jobs = data_dir / "jobs"
    (jobs / f"{urls['verloren'].rsplit('/', 1)[1]}.upload").unlink()
    with serving(data_dir) as server:
        # At /ready the start has settled the cut-off ingest already; a job run again may be
        # at work by now (its marker held: under way, no fault).
        _, store, shown = state(data_dir, catalogue)
        report = check(settings, store)
        assert report.consistent, report.findings
        assert {f.kind for f in report.findings} <= {"running"}
        lost = server.job(urls["verloren"])
        assert (lost["status"], lost["error"]) == (
            "failed",
            {"code": "interrupted", "message": UPLOAD_GONE},
        )
        done = {name: server.wait_job(urls[name]) for name in ("laeuft", "wartet")}
        assert {n: (j["status"], j["created"]) for n, j in done.items()} == {
            "laeuft": ("done", True),
            "wartet": ("done", True),
        }
        attempts = {
            name: json.loads((jobs / f"{urls[name].rsplit('/', 1)[1]}.json").read_text())[
                "attempts"
            ]
            for name in ("laeuft", "wartet")
        }
        assert attempts == {"laeuft": 2, "wartet": 1}
        again = {doc_id(reports[n]) for n in ("laeuft", "wartet")}
        assert server.documents() == sorted({*before, *again})
        _, store, shown = state(data_dir, catalogue)
        assert check(settings, store).consistent and store.pending() == []
        print(f"\nBereit nach dem Abbruch in {server.ready_seconds:.1f} s (Start mit Abgleich)")


JOBS = ("laeuft", "wartet", "verloren")


@pytest.fixture(scope="module")
def catalogue():
    from corpus.parser import load_catalogue

    return load_catalogue()

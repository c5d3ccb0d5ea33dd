"""Helpers of the fault tier (tests/faults/): `katalog serve` as a real uvicorn process on a
data dir of its own, its memory, uploads and their jobs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
KATALOG = Path(sys.executable).parent / "katalog"
API_KEY = "fehler-schluessel-5"
AUTH = {"X-API-Key": API_KEY}


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def katalog_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "KATALOG_DATA_DIR": str(data_dir),
        "KATALOG_API_KEYS": API_KEY,
        "KATALOG_RATE_LIMIT": "100000/minute",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    env.pop("KATALOG_INGEST_PAUSE", None)
    env.update(extra)
    return env


@dataclass
class Server:
    """`katalog serve` as a real uvicorn process."""

    data_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    base: str = ""
    ready_seconds: float = 0.0

    def start(self, timeout: float = 300.0) -> Server:
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        log = (self.data_dir / "server.log").open("ab")
        command = [str(KATALOG), "serve", "--no-build", "--host", "127.0.0.1", "--port", str(port)]
        started = time.monotonic()
        self.process = subprocess.Popen(
            command,
            cwd=REPO,
            env=katalog_env(self.data_dir, **self.env),
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError((self.data_dir / "server.log").read_text()[-3000:])
            try:
                if httpx.get(self.base + "/ready", timeout=2).status_code == 200:
                    self.ready_seconds = time.monotonic() - started
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server was not ready after {timeout} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def rss_mb(self) -> float:
        """The server process' resident memory (its job children are not in it)."""
        assert self.process is not None
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kb = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))
        return int(kb) / 1024

    def upload(self, filename: str, data: bytes, **form: str) -> httpx.Response:
        fields = {"date": "2024-06-01", "visibility": "public", "kind": "sachstandsbericht"}
        fields.update(form)
        return httpx.post(
            self.base + "/api/documents",
            files={"file": (filename, data)},
            data=fields,
            headers=AUTH,
            timeout=60,
        )

    def job(self, url: str) -> dict:
        return httpx.get(self.base + url, headers=AUTH, timeout=30).json()

    def wait_job(self, url: str, timeout: float = 300.0, until=("done", "failed")) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job = self.job(url)
            if job["status"] in until:
                return job
            time.sleep(0.05)
        raise AssertionError(f"job {url} not finished after {timeout} s: {job}")

    def documents(self) -> list[str]:
        body = httpx.get(self.base + "/api/documents", headers=AUTH, timeout=30).json()
        return sorted(d["id"] for d in body["documents"])


@contextmanager
def serving(data_dir: Path, **env: str) -> Iterator[Server]:
    server = Server(data_dir, env).start()
    try:
        yield server
    finally:
        server.stop()

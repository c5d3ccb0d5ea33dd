"""Load benchmark of the service (`make bench`): loopback only, a bounded number of requests.

Starts one real uvicorn process on the persisted index and reports
- the time from process start until ``/ready`` answers 200,
- the bare embedding time of one query (the index's embedder, in this process, same run),
- ``POST /api/ask`` latency p50/p95/p99 and throughput at concurrency 1 for distinct
  (uncached) questions, and at concurrency 1, 8 and 32 for repeated questions (served from
  the answer cache after their first answer).

Usage: ``python -m api.bench [--requests 600] [--json PATH]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPEATED = [
    "Wer ist für E-Payment zuständig?",
    "Wann wird das Handyparken umgesetzt?",
    "Welche Maßnahmen gehören zu Open Data?",
    "Was ist das Social Intranet?",
    "Welche Projekte gehören zum Aktionsfeld Smart City?",
    "Wer kümmert sich um das WLAN in der Innenstadt?",
    "Wie werden Bürger an Entscheidungen beteiligt?",
    "Was plant die Stadt für digitale Schulen?",
]
TOPICS = [
    "Wie kann ich Gebühren online bezahlen?",
    "Gibt es freies Internet in der Stadt?",
    "Wie digitalisiert die Verwaltung ihre Akten?",
    "Was tut die Stadt für ältere Menschen und digitale Bildung?",
    "Wie wird der Glasfaserausbau vorangebracht?",
    "Kann ich Anträge von zu Hause stellen?",
    "Wie arbeiten die Mitarbeitenden mobil?",
    "Welche Sensoren werden in der Stadt eingesetzt?",
    "Wie werden Rechnungen in der Verwaltung bearbeitet?",
    "Wo finde ich offene Daten der Stadt?",
    "Wie informiert die Stadt über soziale Medien?",
    "Wie wird die Barrierefreiheit der Webseite verbessert?",
]


def distinct_questions(catalogue) -> list[str]:
    """Questions asked once each: per project by title, plus topics without a title."""
    out = list(TOPICS)
    for p in catalogue.projects:
        out += [f"Wer ist für {p.title} zuständig?", f"Wann wird {p.title} umgesetzt?"]
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, data_dir: Path) -> tuple[subprocess.Popen, float]:
    import httpx

    env = {
        **os.environ,
        "KATALOG_DATA_DIR": str(data_dir),
        "KATALOG_RATE_LIMIT": "1000000/minute",  # the benchmark is one client
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    command = [sys.executable, "-m", "uvicorn", "--factory", "api.main:app_from_env"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--no-access-log"]
    command += ["--log-level", "warning"]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    while time.perf_counter() - started < 120:
        if process.poll() is not None:
            raise SystemExit("Der Server ist beim Start abgebrochen.")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/ready", timeout=1).status_code == 200:
                return process, time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    process.terminate()
    raise SystemExit("Der Server wurde nicht innerhalb von 120 s bereit.")


def embedding_time(spec: str, questions: list[str]) -> dict[str, float]:
    from index.embeddings import make_embedder

    embedder = make_embedder(spec)
    embedder.get_query_embedding("Aufwärmen")
    times = []
    for question in questions:
        started = time.perf_counter()
        embedder.get_query_embedding(question)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 95), 2),
        "n": len(times),
    }


async def load(base: str, questions: list[str], total: int, concurrency: int) -> dict:
    """``total`` requests by ``concurrency`` workers over keep-alive connections (aiohttp:
    httpx's pool itself became the bottleneck at 32 connections)."""
    import aiohttp

    latencies: list[float] = []
    errors = 0
    pending = list(range(total))
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as session:

        async def worker() -> None:
            nonlocal errors
            while pending:
                question = questions[pending.pop() % len(questions)]
                started = time.perf_counter()
                try:
                    async with session.post("/api/ask", json={"question": question}) as response:
                        await response.read()
                        ok = response.status == 200
                except aiohttp.ClientError:
                    ok = False
                latencies.append((time.perf_counter() - started) * 1000)
                errors += 0 if ok else 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    return {
        "concurrency": concurrency,
        "requests": total,
        "errors": errors,
        "p50_ms": round(percentile(latencies, 50), 2),
        "p95_ms": round(percentile(latencies, 95), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "throughput_rps": round(total / seconds, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lasttest des Katalog-Assistenten (Loopback).")
    parser.add_argument("--requests", type=int, default=600, help="Anfragen je Stufe")
    parser.add_argument("--json", type=Path, default=None, help="Ergebnis zusätzlich als JSON")
    args = parser.parse_args(argv)

    from corpus.parser import load_catalogue
    from katalog.cli.serve import ensure_index
    from katalog.settings import Settings

    settings = Settings()
    ensure_index(settings)
    catalogue = load_catalogue(settings.catalogue_path)
    distinct = distinct_questions(catalogue)
    total = max(50, args.requests)

    port = free_port()
    process, ready_s = start_server(port, settings.data_dir.resolve())
    base = f"http://127.0.0.1:{port}"
    try:
        results = {"ready_s": round(ready_s, 2)}
        # The same questions as the distinct run, so both distributions are comparable.
        results["embedding"] = embedding_time(settings.embedding, distinct)
        runs = [asyncio.run(load(base, distinct, len(distinct), 1)) | {"kind": "distinct"}]
        # pending.pop() takes questions from the end; all distinct ones are asked exactly once.
        asyncio.run(load(base, REPEATED, len(REPEATED), 1))  # fill the answer cache once
        for concurrency in (1, 8, 32):
            run = asyncio.run(load(base, REPEATED, total, concurrency))
            runs.append(run | {"kind": "repeated"})
        results["runs"] = runs
    finally:
        process.terminate()
        process.wait(timeout=15)

    emb = results["embedding"]
    print(f"/ready nach Start:          {results['ready_s']:.2f} s")
    print(f"Embedding einer Anfrage:    Median {emb['median_ms']} ms, p95 {emb['p95_ms']} ms")
    print(
        f"{'Fragen':<10}{'parallel':>9}{'Anfr.':>7}{'Fehler':>7}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'Anfr./s':>10}"
    )
    for run in runs:
        print(
            f"{run['kind']:<10}{run['concurrency']:>9}{run['requests']:>7}{run['errors']:>7}"
            f"{run['p50_ms']:>9}{run['p95_ms']:>9}{run['p99_ms']:>9}{run['throughput_rps']:>10}"
        )
    first = runs[0]
    print(
        "p95 verschiedene Fragen (1 parallel) / Embedding: "
        f"{first['p95_ms'] / emb['median_ms']:.2f}× Median, "
        f"{first['p95_ms'] / emb['p95_ms']:.2f}× p95 (Ziel ≤ 2)"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 1 if any(run["errors"] for run in runs) else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Editions benchmark (`make bench`): what loading two editions and diffing them adds to a start.

    python -m corpus.bench [--json OUT] [--runs N]

Each run is a fresh Python process (imports included, as a CLI call or a service worker pays
them): once the bundled catalogue alone, as today; once a folder with the bundled edition and
a second one derived from it in a temporary folder (retitled "3. Fortschreibung …
(Messung)", one period moved, one project renumbered; nothing of it is kept), loaded and
diffed. The median over the runs of each is reported.

Target (issue 12): two editions loaded and diffed ≤ 2 s on top of today's start.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

TARGET_EXTRA_S = 2.0
_SNIPPET = """
import sys, time
started = time.perf_counter()
from corpus.editions import load_editions
editions = load_editions(sys.argv[1])
if len(editions) > 1:
    editions.diff()
print(time.perf_counter() - started)
"""


def _derived(folder: Path) -> Path:
    from corpus.parser import DEFAULT_PATH

    text = DEFAULT_PATH.read_text(encoding="utf-8")
    text = text.replace(" 2. Fortschreibung des", " 3. Fortschreibung (Messung) des", 1)
    text = text.replace("2020 bis 2024.", "2020 bis 2026.", 1)
    text = text.replace("2.10 Digitale Kommunikation", "2.11 Digitale Kommunikation", 1)
    from corpus.knowledge import edition_file_path

    shutil.copy(DEFAULT_PATH, folder / DEFAULT_PATH.name)
    shutil.copy(edition_file_path(DEFAULT_PATH), edition_file_path(folder / DEFAULT_PATH.name))
    (folder / "massnahmenkatalog-3-fortschreibung-messung.txt").write_text(text, "utf-8")
    return folder


def _seconds(path: Path) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _SNIPPET, str(path)], capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip())


def run(runs: int) -> dict:
    from corpus.parser import DEFAULT_PATH

    with tempfile.TemporaryDirectory(prefix="katalog-editions-") as tmp:
        folder = _derived(Path(tmp))
        one = statistics.median(_seconds(DEFAULT_PATH) for _ in range(runs))
        two = statistics.median(_seconds(folder) for _ in range(runs))
    return {
        "runs": runs,
        "one_edition_s": round(one, 3),
        "two_editions_and_diff_s": round(two, 3),
        "extra_s": round(two - one, 3),
        "target_extra_s": TARGET_EXTRA_S,
        "ok": two - one <= TARGET_EXTRA_S,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    result = run(args.runs)
    print(
        f"Ausgaben: eine {result['one_edition_s']:.3f} s, zwei samt Vergleich "
        f"{result['two_editions_and_diff_s']:.3f} s, also +{result['extra_s']:.3f} s "
        f"(Ziel ≤ {TARGET_EXTRA_S:.0f} s: {'ja' if result['ok'] else 'nein'})"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2), "utf-8")


if __name__ == "__main__":
    main()

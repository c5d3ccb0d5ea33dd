"""The fictitious document fixtures (tests/fixtures/documents/) and what the tests expect of them.

Document ids are derived here from the file contents, independently of the store's code.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "documents"
MARCH = FIXTURES / "sachstandsbericht-2024-03.md"
SEPT = FIXTURES / "sachstandsbericht-2023-09.txt"
INTERNAL = FIXTURES / "interner-vermerk-2024-05.md"
OPEN_DATA = FIXTURES / "open-data-2024-06.html"
# A phrase that stands only in the internal fixture; citizens must never see it.
CANARY = "KANARIENVOGEL-7Q4Z"

MARCH_TITLE = "Sachstandsbericht Digitalisierung – März 2024"
SEPT_TITLE = "Sachstandsbericht Digitalisierung – September 2023"
INTERNAL_TITLE = "Interner Vermerk E-Payment – Mai 2024"


def doc_id(data: bytes) -> str:
    """The id the store gives a document with these bytes."""
    return "doc-" + hashlib.sha256(data).hexdigest()[:8]


MARCH_ID, SEPT_ID, INTERNAL_ID = (doc_id(p.read_bytes()) for p in (MARCH, SEPT, INTERNAL))


def wait_for_job(client, response, headers: dict, timeout: float = 180.0) -> dict:
    """The finished job of an upload answered with 202 (polled until done or failed)."""
    import time

    assert response.status_code == 202, response.text
    url = response.json()["url"]
    assert response.headers["location"] == url
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(url, headers=headers).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {url} not finished after {timeout} s: {job}")

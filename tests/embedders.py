"""Small real embedders (implementations of ``index.types.Embedder``) shared by the test tiers."""

from __future__ import annotations

import zlib

import numpy as np


class HashEmbedder:
    """Character-trigram hashing into 64 dimensions; counts the texts it embeds."""

    model_name = "test-trigram-64"

    def __init__(self) -> None:
        self.embedded = 0

    def _vector(self, text: str) -> list[float]:
        vector = np.zeros(64, dtype=np.float32)
        folded = f"  {text.lower()}  "
        for i in range(len(folded) - 2):
            vector[zlib.crc32(folded[i : i + 3].encode()) % 64] += 1.0
        return (vector / max(float(np.linalg.norm(vector)), 1e-9)).tolist()

    def get_query_embedding(self, query: str) -> list[float]:
        return self._vector(query)

    def get_text_embedding_batch(self, texts, show_progress=False, **kwargs):
        self.embedded += len(texts)
        return [self._vector(t) for t in texts]

"""Retrieval evals: `katalog eval --retrieval FILE`.

Scores the hybrid retriever (``index/``) on every question with gold projects — hit@1/3/5,
MRR, latency, by type, misses (see ``evals.metrics.retrieval_scores``) — and, in the same run,
the two peers of ``evals/peers.py`` on the same questions, so the table shows all three.
Latency is the wall time of one ``CatalogueIndex.search`` call after ``warm_up``, with the
query cache cleared first (every question is embedded anew).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evals.metrics import load_questions, retrieval_scores

K = 10
SYSTEM_LABEL = "Hybrid (unser Index)"
SUMMARY = ("n", "hit@1", "hit@3", "hit@5", "mrr", "p50_ms", "p95_ms")


def _score(questions: list, rank: Callable[[str], list[str]]) -> dict[str, Any]:
    ranked, latencies = [], []
    for question in questions:
        started = time.perf_counter()
        ranked.append(rank(question.question))
        latencies.append((time.perf_counter() - started) * 1000)
    return retrieval_scores(questions, ranked, latencies)


def run_retrieval_eval(
    path: str | Path,
    settings: Any = None,
    *,
    index: Any = None,
    catalogue: Any = None,
    peers: bool = True,
) -> dict[str, Any]:
    """Scores of our retriever for the questions in ``path``; the peers under ``"peers"``.

    ``index`` defaults to the persisted index of ``settings`` (``IndexNotBuiltError`` with a
    German message when it is missing).
    """
    from corpus.parser import load_catalogue
    from katalog.settings import get_settings

    settings = settings or get_settings()
    questions = load_questions(path)
    catalogue = catalogue or load_catalogue(settings.catalogue_path)
    if index is None:
        from index.store import open_index

        index = open_index(settings, catalogue)
    index.warm_up()
    clear = getattr(getattr(index, "_cache", None), "clear", lambda: None)
    clear()
    result = _score(questions, lambda q: [hit.id for hit in index.search(q, k=K)])
    result["system"] = SYSTEM_LABEL
    if peers:
        result["peers"] = {}
        for peer in _peers(catalogue, settings):
            scores = _score(questions, lambda q, peer=peer: peer.rank(q, k=K))
            scores["system"] = peer.label
            scores.pop("misses", None)
            result["peers"][peer.name] = scores
    return result


def _peers(catalogue: Any, settings: Any) -> list[Any]:
    from evals.peers import Bm25Peer, LlamaIndexPeer

    text_path = Path(settings.catalogue_path)
    found = [Bm25Peer(catalogue)]
    if text_path.suffix.lower() == ".txt":
        text = text_path.read_text(encoding="utf-8")
        cache = Path(settings.data_dir) / "evals"
        # The same model as ours, as the llama-index embedding the recipe expects.
        from index.embeddings import make_embedder

        embedder = make_embedder(settings.embedding)
        found.append(LlamaIndexPeer(catalogue, text, embedder, cache_dir=cache))
    return found


# `katalog eval --retrieval` looks for this name.
run_retrieval = run_retrieval_eval


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def print_retrieval_report(scores: dict[str, Any], console: Any = None) -> None:
    """The three systems side by side, our scores by type, and our misses (German labels)."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    systems = [scores] + list((scores.get("peers") or {}).values())
    table = Table(title=f"Suche – {scores.get('n', 0)} Fragen mit Gold-Projekten")
    table.add_column("System")
    for key in SUMMARY[1:]:
        table.add_column(key, justify="right")
    for system in systems:
        table.add_row(system.get("system", "?"), *(_fmt(system.get(k)) for k in SUMMARY[1:]))
    console.print(table)

    by_type = Table(title="Unser Index nach Fragetyp")
    by_type.add_column("Typ")
    for key in SUMMARY:
        by_type.add_column(key, justify="right")
    for name, values in (scores.get("by_type") or {}).items():
        by_type.add_row(name, *(_fmt(values.get(k)) for k in SUMMARY))
    console.print(by_type)

    misses = scores.get("misses") or []
    console.print(f"\n[bold]Nicht auf Rang 1 ({len(misses)})[/]")
    for miss in misses:
        console.print(
            f"  {miss['id']} ({miss['type']}): {miss['question']} – erwartet "
            f"{', '.join(miss['gold'] + miss['acceptable'])}, Rang {miss['rank'] or '–'}, "
            f"gefunden {', '.join(miss['ranked'])}",
            highlight=False,
        )

"""`run_retrieval_eval` on a small real index and a small question file."""

from __future__ import annotations

import json

import pytest

from corpus.models import Catalogue
from corpus.parser import load_catalogue
from evals.retrieval import print_retrieval_report, run_retrieval, run_retrieval_eval
from index.store import build_index, open_index
from katalog.settings import Settings

QUESTIONS = [
    ("r1", "Wer ist für die digitale Ratsarbeit zuständig?", ["DS-1.4"], []),
    ("r2", "Gibt es freies WLAN in der Stadt?", ["DS-2.4"], []),
    ("r3", "Wie wird die interne Kommunikation digital?", ["DV-2.10"], []),
    ("r4", "Was kostet ein Parkausweis?", [], []),
]


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    full = load_catalogue()
    catalogue = Catalogue(
        projects=tuple(full[i] for i in ("DV-2.10", "DS-1.4", "DS-2.4")), sections=()
    )
    data_dir = tmp_path_factory.mktemp("retrieval-eval")
    # The llama-index peer chunks the raw text; a short head keeps its embedding quick.
    head = data_dir / "katalog-anfang.txt"
    lines = Settings().catalogue_path.read_text(encoding="utf-8").split("\n")
    head.write_text("\n".join(lines[: full["DV-1.3"].source.line_start - 1]), "utf-8")
    settings = Settings(data_dir=data_dir, catalogue_path=head)
    build_index(settings, catalogue)
    path = settings.data_dir / "fragen.jsonl"
    lines = [
        {
            "id": qid,
            "question": question,
            "audience": "citizen",
            "type": "beschreibung" if gold else "unbeantwortbar",
            "gold_projects": gold,
            "acceptable_projects": acceptable,
            "must_contain": [],
            "should_abstain": not gold,
            "notes": "",
        }
        for qid, question, gold, acceptable in QUESTIONS
    ]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    return settings, catalogue, path


def test_scores_our_index(setup):
    settings, catalogue, path = setup
    scores = run_retrieval_eval(path, settings, catalogue=catalogue, peers=False)
    assert scores["n"] == 3  # the unanswerable question has no gold project
    assert scores["hit@1"] == scores["hit@5"] == scores["mrr"] == 1.0
    assert scores["misses"] == []
    assert scores["by_type"]["beschreibung"]["n"] == 3
    assert scores["p50_ms"] > 0
    assert "peers" not in scores


def test_peers_are_scored_side_by_side(setup):
    settings, catalogue, path = setup
    index = open_index(settings, catalogue)
    scores = run_retrieval_eval(path, settings, index=index, catalogue=catalogue)
    assert set(scores["peers"]) == {"bm25", "llamaindex"}
    for peer in scores["peers"].values():
        assert peer["n"] == 3
        assert {"hit@1", "hit@3", "hit@5", "mrr", "p50_ms", "p95_ms", "by_type"} <= set(peer)


def test_the_eval_command_finds_the_runner():
    assert run_retrieval is run_retrieval_eval


def test_report_names_all_three_systems(setup):
    from rich.console import Console

    settings, catalogue, path = setup
    scores = run_retrieval_eval(path, settings, catalogue=catalogue, peers=False)
    scores["peers"] = {"bm25": {**scores, "system": "BM25 allein", "hit@1": 0.5}}
    console = Console(record=True, width=120)
    print_retrieval_report(scores, console)
    text = console.export_text()
    assert "Hybrid (unser Index)" in text
    assert "BM25 allein" in text
    assert "0.500" in text
    assert "Nicht auf Rang 1 (0)" in text

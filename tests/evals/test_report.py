"""The HTML report: self-contained, escaped, one chart per metric, misses with both sides."""

from __future__ import annotations

import re

from evals.metrics import EvalQuestion, answer_scores, retrieval_scores
from evals.report import write_html_report


def _question(id: str, type: str, audience: str, gold=(), must=(), abstain=False):
    return EvalQuestion(
        id=id,
        question=f"Wer <b>macht</b> {id} & Co?",
        audience=audience,
        type=type,
        gold_projects=tuple(gold),
        acceptable_projects=(),
        must_contain=tuple(must),
        should_abstain=abstain,
    )


QUESTIONS = [
    _question("q1", "zustaendigkeit", "citizen", ["DS-1.8"], ["Fachbereich 20"]),
    _question("q2", "zeitraum", "employee", ["DS-2.5"], ["2021"]),
    _question("q3", "unbeantwortbar", "citizen", abstain=True),
]
ANSWERS = [
    {
        "answer": "Fachbereich 20 ist zuständig.",
        "citations": [{"id": "DS-1.8"}],
        "abstained": False,
    },
    {"answer": "<script>alert(1)</script>", "citations": [{"id": "DV-1.1"}], "abstained": False},
    {
        "answer": "Dazu enthält der Maßnahmenkatalog keine Angaben.",
        "citations": [],
        "abstained": True,
    },
]


def test_answer_report_is_self_contained_and_escaped(tmp_path):
    scores = answer_scores(QUESTIONS, ANSWERS, [3.0, 4.0, 5.0])
    path = write_html_report(scores, tmp_path / "out" / "bericht.html")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="de">' in page
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Wer &lt;b&gt;macht&lt;/b&gt; q2 &amp; Co?" in page
    assert not re.search(r"""(src|href)=|@import|url\(""", page)
    for heading in ("Gesamtwerte", "Nach Fragetyp", "Nach Zielgruppe", "Fehlschläge (1)"):
        assert f"<h2>{heading}</h2>" in page
    # one chart per metric present in by_type: 12 metrics, none empty for every type
    assert page.count("<svg ") == 12
    assert "Zitat fehlt: DS-2.5" in page
    assert "Zitat außerhalb von gold/acceptable: DV-1.1" in page
    assert "Strikte Genauigkeit" in page and "66.7 %" in page


def test_retrieval_report_shows_ranks(tmp_path):
    scores = retrieval_scores(QUESTIONS, [["DS-1.8"], ["DV-2.5", "DS-2.5"], []], [1.0, 2.0, 3.0])
    page = write_html_report(scores, tmp_path / "r.html", title="Retrieval").read_text("utf-8")
    assert "<title>Retrieval</title>" in page
    assert "Nach Zielgruppe" not in page
    assert "Erster Treffer auf Rang: 2" in page
    # hit@1/3/5, mrr, p50, p95
    assert page.count("<svg ") == 6

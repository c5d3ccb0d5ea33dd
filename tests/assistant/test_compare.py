"""Two projects side by side (``answers.answer_compare``)."""

from __future__ import annotations

from assistant.answers import answer_compare
from assistant.evidence import Evidence
from assistant.text import sentences


def test_a_difference_states_what_each_project_is_for(catalogue):
    """Ranked evidence that favours later sentences still leaves each record's lead sentence,
    which says what the project is for, in the answer."""
    a, b = catalogue["DV-3.7"], catalogue["DV-3.8"]
    ranked = [
        Evidence(p.id, "sentence", i, text, dense=1.0, lexical=1.0, score=1.0 - i / 10)
        for p in (a, b)
        for i, text in enumerate(sentences(p.description))
        if i > 0
    ]
    body, cites = answer_compare([a, b], "was ist der unterschied", [], "employee", ranked)
    assert sentences(a.description)[0] in body  # "… nimmt die allgemeine Digitalkompetenz …"
    assert sentences(b.description)[0] in body
    assert [c.id for c in cites] == ["DV-3.7", "DV-3.8"]

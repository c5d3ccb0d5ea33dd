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


def test_a_difference_lists_every_measure_of_both(catalogue):
    """What sets two projects apart is as often what each does: every Einzelmaßnahme is
    quoted ("Schulungspräsentationen und Skripte erstellen" is DV 3.7's fourth), once."""
    a, b = catalogue["DV-3.7"], catalogue["DV-3.8"]
    ranked = [Evidence(a.id, "measure", 0, a.measures[0], dense=1.0, lexical=1.0, score=1.0)]
    body, cites = answer_compare([a, b], "was ist der unterschied", [], "employee", ranked)
    for measure in (*a.measures, *b.measures):
        assert body.count(measure) == 1
    assert "Schulungspräsentationen und Skripte erstellen" in cites[0].quote
    # a question about who alone states the units, not the measures
    who = ["zustaendigkeit"]
    body, _ = answer_compare([a, b], "wer ist jeweils zustandig", who, "employee", [])
    assert "Schulungspräsentationen" not in body


def test_the_lead_sentence_takes_no_place_of_the_best_ranked(catalogue):
    """The lead comes with a difference anyway: the three best-ranked sentences besides it
    are quoted too (DV 1.4's seventh names the Infrastrukturatlas)."""
    a, b = catalogue["DV-1.4"], catalogue["DS-2.2"]
    order = [0, 3, 4, 6, 2]  # the lead ranks among the best
    ranked = [
        Evidence(a.id, "sentence", i, sentences(a.description)[i], 1.0, 1.0, 1.0 - rank / 10)
        for rank, i in enumerate(order)
    ]
    body, _ = answer_compare([a, b], "wo liegt der unterschied", [], "employee", ranked)
    assert "(Infrastrukturatlas)" in body
    assert sentences(a.description)[2] not in body  # the fifth ranked is not quoted

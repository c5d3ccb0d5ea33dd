"""A claim the question takes for granted, which the record confirms or corrects."""

from __future__ import annotations


def test_a_claim_in_a_tag_question_before_the_ask_is_corrected(assistant):
    answer = assistant.ask(
        "die vhs ist doch fuer die barrierefreiheit zustaendig oder? wen muss ich da anrufen"
    )
    assert answer.abstained
    assert answer.answer.startswith(
        "Nein, bei DS 3.5 Barrierefreiheit nennt der Katalog Volkshochschule Kleve nicht. "
        "Für Barrierefreiheit (DS 3.5) ist Fachbereich 10 – Abteilung 10.1 zuständig."
    )
    assert [c.id for c in answer.citations] == ["DS-3.5"]


def test_a_unit_in_a_statement_before_the_ask_says_who_asks(assistant):
    answer = assistant.ask(
        "ich bin in der vhs und wir machen was mit barrierefreiheit – wen muss ich da anrufen?"
    )
    assert not answer.abstained
    assert "Volkshochschule" not in answer.answer
    assert "Fachbereich 10 – Abteilung 10.1" in answer.answer

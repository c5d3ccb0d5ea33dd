"""Ranked evidence: the unit that answers the question, not the first sentences."""

from __future__ import annotations

import pytest

from assistant.compose import description
from assistant.evidence import (
    ASKED_SUPPORT,
    ASKED_WEIGHT,
    DENSE_WEIGHT,
    PART_SHARE,
    Evidence,
    EvidenceRanker,
    leans_on_previous,
    quoted_sentences,
    refers_back,
    top,
)
from assistant.text import content_stems


def test_lexical_ranking_finds_the_later_sentence(assistant, catalogue):
    p = catalogue["DS-2.6"]
    ranker = EvidenceRanker(assistant.index, assistant.scorer)  # keyword double: no units
    question = "Was kann man mit den LoRaWAN Sensoren alles messen, Temperatur?"
    ranked = ranker.rank(question, content_stems(question), [p])
    best = top(ranked, p.id, ("sentence",), 1)[0]
    assert "Temperatur" in best.text
    assert best.dense == 0.0 and best.lexical > 0


def test_dense_ranking_with_the_real_units(real_assistant, catalogue):
    p = catalogue["DS-2.6"]
    question = "What can the sensors measure?"  # no German word in common
    ranked = real_assistant.evidence.rank(question, content_stems(question), [p])
    assert all(e.project_id == "DS-2.6" for e in ranked)
    assert max(e.dense for e in ranked) == 1.0  # min–max spread within the record
    assert min(e.dense for e in ranked) == 0.0
    assert "Sensor" in ranked[0].text
    assert {e.kind for e in ranked} == {"title", "sentence", "measure", "period", "responsible"}


def test_a_leaning_sentence_brings_its_predecessor(catalogue):
    p = catalogue["DS-3.4"]
    sentences = quoted_sentences(p, {3})
    assert len(sentences) >= 1
    assert leans_on_previous("Dabei kann auf den Umsetzungsstand eingegangen werden.")
    assert leans_on_previous("Beispielsweise ist die Bandbreite ausreichend.")
    assert not leans_on_previous("LoRaWAN ist eine sehr stromsparende Technologie.")


def test_a_sentence_leaning_on_a_quoted_one_comes_along(catalogue):
    # "Hierüber …" (a pronominal adverb) and "So …" go on saying what the sentence before says.
    quoted = quoted_sentences(catalogue["DV-2.8"], {2})
    assert quoted == [
        "Eines der Kernelemente ist die Ablösung der aktuellen Organisationsdatenbank, in welcher "
        "derzeit die gesamte Verwaltungsstruktur abgebildet wird.",
        "Hierüber werden unter anderem Berechtigungsstrukturen verwaltet.",
    ]
    assert any(
        s.startswith("So wird es ein Teil der Aufgaben sein, Projekte wie das digitale Bauportal")
        for s in quoted_sentences(catalogue["DS-1.3"], {10})
    )
    assert leans_on_previous("Darin sind alle Leistungen erfasst.")
    assert not leans_on_previous("Datenschutz ist wichtig.")  # "Da…" alone is no adverb


def test_a_chain_of_leaning_sentences_comes_along(catalogue):
    # "Viel mehr kann … eröffnet werden." brings "Sie soll einerseits …", which brings its
    # "Andererseits …": the platform collects ideas from the population too (DS 3.2)
    quoted = quoted_sentences(catalogue["DS-3.2"], {7})
    assert quoted[0].startswith("Viel mehr kann eine moderne, attraktive Internetplattform")
    assert quoted[-1] == "Andererseits auch Ideen und Vorschläge aus der Bevölkerung sammeln."
    assert len(quoted) == 3
    # negative: a sentence leaning on nothing quoted stays out
    assert not any(s.startswith("Andererseits") for s in quoted_sentences(catalogue["DS-3.2"], {0}))


def test_a_pronominal_adverb_with_hier_points_back_wherever_it_stands_early(catalogue):
    assert leans_on_previous("Einerseits werden hierdurch Postlaufzeiten eingespart.")
    assert not leans_on_previous("Die Stadt Kleve hat hier in den letzten Jahren viel getan.")
    assert not leans_on_previous("Die Stadt nutzt damit ein Portal.")  # "da…" only opening
    # DV 2.2: the sentence that says why the Prozessaufnahme is not part of the project.
    quoted = quoted_sentences(catalogue["DV-2.2"], {8})
    assert quoted[-1].startswith("Erstens handelt es sich hierbei nicht vorrangig")
    assert "Organisationsaufgabe" in quoted[-1]


def test_description_answer_quotes_the_matching_sentence(assistant):
    answer = assistant.ask("Welche Werte lassen sich mit den LoRaWAN-Sensoren messen?")
    assert "Luftverschmutzung, Temperatur" in answer.answer
    assert [c.id for c in answer.citations] == ["DS-2.6"]
    assert "Luftverschmutzung" in answer.citations[0].quote


def test_a_sentence_announcing_a_list_brings_its_items(catalogue):
    from assistant.evidence import quoted_sentences

    quoted = quoted_sentences(catalogue["DV-2.7"], {7})
    assert quoted[0].endswith("nachfolgend aufgeführte Vorteile bieten:")
    assert quoted[2].startswith("Schnellere Identifikation von Knowhow:")
    assert quoted[-1].startswith("Schnellere Verbreitung von externem Wissen:")
    # the sentence after the list is no item
    assert not any(q.startswith("Auf diese Weise") for q in quoted)


def test_a_question_for_an_example_ranks_the_unit_that_gives_one(assistant, catalogue):
    p = catalogue["DV-3.7"]
    question = "Welche Funktionen der Standardsoftware lernt man, gibt es ein Beispiel?"
    ranked = assistant.evidence.rank(question, content_stems(question), [p])
    assert "beispielsweise" in top(ranked, p.id, ("sentence",), 1)[0].text
    question = "Welche Funktionen der Standardsoftware lernt man?"
    ranked = assistant.evidence.rank(question, content_stems(question), [p])
    assert "beispielsweise" not in top(ranked, p.id, ("sentence",), 1)[0].text


def test_facets_are_read_from_the_word_file():
    from assistant.evidence import facets

    assert [f.name for f in facets()] == ["beispiel", "zweck", "ausnahme", "bericht", "frist"]
    assert all(0 < f.bonus <= 0.5 for f in facets())


def test_a_question_for_the_purpose_ranks_the_unit_that_states_one(
    assistant, catalogue, monkeypatch
):
    import assistant.evidence as evidence

    p = catalogue["DS-1.8"]
    question = "Was hat die Stadt davon?"
    ranked = assistant.evidence.rank(question, content_stems(question), [p])
    best = top(ranked, p.id, ("sentence",), 1)[0].text
    assert "Vorteil" in best or "vereinfacht" in best or "sparen" in best
    monkeypatch.setattr(evidence, "facets", lambda: ())  # without the facet: no ranking
    assert (
        top(assistant.evidence.rank(question, content_stems(question), [p]), p.id, ("sentence",), 1)
        == []
    )


def test_a_description_quotes_the_unit_whose_known_question_is_repeated(real_assistant):
    # no word of the question is in the measure; one of its known questions says the same
    answer = real_assistant.ask(
        "kommt das projektmanagement-programm erst mal in einen probelauf, bevor es alle kriegen?"
    )
    assert "„Intensive Testphase innerhalb der Abteilung 10.1“" in answer.answer
    assert "Intensive Testphase innerhalb der Abteilung 10.1" in answer.citations[0].quote


def test_a_why_question_is_answered_by_the_problem_the_record_names_too(assistant):
    # the reason for a Wissensmanagement is the loss of knowledge the record foresees
    answer = assistant.ask("warum brauchen wir ueberhaupt ein wissensmanagement")
    assert "zunehmender Wissensverlust" in answer.answer
    assert "Wissensverlust" in answer.citations[0].quote
    from assistant.evidence import facets

    purpose = next(f for f in facets() if f.name == "zweck")
    for problem in ("ein zunehmender wissensverlust", "erhohter rekrutierungsbedarf", "probleme"):
        assert purpose.marks.search(problem)
    # a survey of needs states no problem, nor does a word merely containing one
    for other in ("eine bedarfsabfrage", "die bedarfsgerechte ausstattung"):
        assert not purpose.marks.search(other)


def test_a_demonstrative_early_in_a_sentence_points_back(catalogue):
    assert refers_back("Die Abteilung 10.1 erwirbt diese Kompetenzen in den Projekten.")
    assert refers_back("In diesem Zusammenhang muss auch intern kommuniziert werden.")
    assert not refers_back("Die Stadt Kleve stellt bereits einige Datensätze bereit.")
    # far into the sentence, "diese" refers within it
    assert not refers_back(
        "Ein Intranet lebt vom Austausch zwischen den Nutzerinnen, die diese Plattform nutzen."
    )
    # the skills the 10.1 acquires are the ones the two sentences before it name
    quoted = quoted_sentences(catalogue["DV-3.7"], {3})
    assert quoted[0].startswith("Volldigitale Arbeitsabläufe sind nur effizient umsetzbar")
    assert "Serienbrieffunktionen" in quoted[1]


class _WithoutQuestions:
    """The real index, but without the questions each unit answers."""

    def __init__(self, index):
        self.unit_similarities = index.unit_similarities


def test_known_questions_lift_the_unit_a_paraphrase_asks_for(real_assistant, catalogue):
    p = catalogue["DS-3.2"]
    # Worded unlike the sentence ("adaptiert oder verworfen") and unlike its known questions.
    question = "Bekomme ich eine Rückmeldung, was aus meiner Anregung auf der Plattform wurde?"

    def rank_of_answer(ranker) -> tuple[int, float]:
        ranked = ranker.rank(question, content_stems(question), [p])
        at = next(i for i, e in enumerate(ranked) if "adaptiert oder verworfen" in e.text)
        return at, ranked[at].asked

    with_questions, asked = rank_of_answer(real_assistant.evidence)
    plain = EvidenceRanker(_WithoutQuestions(real_assistant.index), real_assistant.scorer)
    without, no_asked = rank_of_answer(plain)
    assert asked > 0 and no_asked == 0.0
    assert with_questions < without


def _unit(kind: str, position: int, score: float, lexical: float = 0.0, asked: float = 0.0):
    return Evidence("DS-2.3", kind, position, "", 0.0, lexical, score, asked)


def test_a_unit_close_to_a_known_question_supports_without_shared_words():
    ranked = [
        _unit("sentence", 0, 0.9, lexical=0.3),
        _unit("sentence", 4, 0.8, asked=ASKED_SUPPORT),  # no word in common
        _unit("sentence", 5, 0.7, asked=ASKED_SUPPORT - 0.1),
    ]
    kept = top(ranked, "DS-2.3", ("sentence",), 3, 0.5, 0.15, min_asked=ASKED_SUPPORT)
    assert [e.position for e in kept] == [0, 4]
    # Without ``min_asked`` (a question about who or when) shared words are needed.
    assert [e.position for e in top(ranked, "DS-2.3", ("sentence",), 3, 0.5, 0.15)] == [0]


def test_a_description_closest_to_a_measure_quotes_every_measure(catalogue):
    p = catalogue["DS-2.3"]
    first_measure = [_unit("measure", 2, 0.9), _unit("sentence", 3, 0.8)]
    text, quoted = description(p, "citizen", first_measure, lead=False, k=4)
    assert [q for q in quoted if q in p.measures] == list(p.measures)
    assert all(m in text for m in p.measures)
    # A measure ranked after a sentence is quoted alone.
    first_sentence = [_unit("sentence", 3, 0.9), _unit("measure", 2, 0.8)]
    text, quoted = description(p, "citizen", first_sentence, lead=False, k=4)
    assert [q for q in quoted if q in p.measures] == [p.measures[2]]


def test_a_unit_without_known_questions_is_not_outranked_for_it(real_assistant, catalogue):
    """The Zuständigkeit has no known questions; it is judged by its own text in their share,
    so a question about who takes part still ranks it first."""
    p = catalogue["DV-2.1"]
    question = "E-Akte: macht die Abteilung 10.1 das allein oder machen alle mit?"
    ranked = real_assistant.evidence.rank(question, content_stems(question), [p])
    assert ranked[0].kind == "responsible"
    assert ranked[0].asked == 0.0  # none known, and none claimed for the paraphrase check
    lexical_share = 1 - DENSE_WEIGHT - ASKED_WEIGHT
    e = ranked[0]
    assert e.score == pytest.approx(
        (DENSE_WEIGHT + ASKED_WEIGHT) * e.dense + lexical_share * e.lexical
    )


def test_a_unit_answering_one_of_two_asks_counts_as_answering_the_question(assistant, catalogue):
    p = catalogue["DV-2.3"]
    ranker = EvidenceRanker(assistant.index, assistant.scorer)  # lexical only
    question = "Welche Software nutzt das Mobile Office, und was ist die Voraussetzung dafür?"
    stems = content_stems(question)

    def needed(ranked):
        return next(e for e in ranked if e.text.startswith("Voraussetzung dafür"))

    whole = needed(ranker.rank(question, stems, [p]))
    by_ask = needed(ranker.rank(question, stems, [p], by_ask=True))
    assert whole.lexical < PART_SHARE
    assert by_ask.lexical == PART_SHARE  # every word of the second ask that a unit carries
    # One ask alone is no second ask: the scores stay the question's.
    single = "Was ist die Voraussetzung für das Mobile Office?"
    assert needed(ranker.rank(single, content_stems(single), [p], by_ask=True)) == needed(
        ranker.rank(single, content_stems(single), [p])
    )

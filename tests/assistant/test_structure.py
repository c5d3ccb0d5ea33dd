"""Questions about the catalogue as a whole, answered from the records and the sections."""

from __future__ import annotations

import pytest

from assistant.evidence import ASKED_SUPPORT
from assistant.structure import _best_sentences
from assistant.text import content_stems, fold
from assistant.understand import about_structure


def test_outline_of_the_catalogue(assistant):
    answer = assistant.ask("Wie ist der Katalog aufgebaut?", audience="employee")
    assert answer.intent == "struktur" and answer.citations == []
    assert answer.answer.startswith(
        "Der Maßnahmenkatalog gliedert sich in 2 Wirkungsbereiche (Digitale Verwaltung und "
        "Digitale Stadt) mit sechs Aktionsfeldern"
    )
    assert "42 Digitalisierungsprojekte" in answer.answer


def test_an_aktionsfeld_is_defined_by_the_sections_own_sentence(assistant):
    answer = assistant.ask("Was ist ein Aktionsfeld?")
    assert (
        "Bei den Aktionsfeldern handelt es sich um eine grobe Kategorisierung der einzelnen "
        "Digitalisierungsmaßnahmen nach ihrem Zweck." in answer.answer
    )


def test_a_named_aktionsfeld(assistant):
    answer = assistant.ask("Was ist das Aktionsfeld E-Government?")
    assert answer.answer.startswith(
        "Das Aktionsfeld E-Government gehört zum Wirkungsbereich Digitale Stadt und umfasst "
        "8 Digitalisierungsprojekte."
    )
    assert "unter dem Aktionsfeld E-Government geführt" in answer.answer


def test_the_six_smart_city_fields_cite_ds_2_0(assistant):
    answer = assistant.ask("Welche Aktionsfelder hat die Smart City?")
    assert [c.id for c in answer.citations] == ["DS-2.0"]
    for name in (
        "Smart Environment",
        "Smart Governance",
        "Smart People",
        "Smart Business",
        "Smart Living",
        "Smart Mobility",
    ):
        assert name in answer.answer


def test_the_two_wirkungsbereiche_are_defined_by_their_direction(assistant):
    answer = assistant.ask("Was unterscheidet die Digitale Verwaltung von der Digitalen Stadt?")
    assert "nach innen" in answer.answer and "nach außen" in answer.answer


def test_a_structure_answer_cites_the_record_it_quotes(assistant):
    answer = assistant.ask("in welche bereiche wird smart city unterteilt")
    assert answer.intent == "struktur" and "DS-2.0" in [c.id for c in answer.citations]
    assert "Smart Environment" in answer.answer


def test_small_counts_are_written_as_words():
    from assistant.compose import number_word

    assert [number_word(n) for n in (1, 2, 6, 12, 13, 43)] == [
        "1",
        "zwei",
        "sechs",
        "zwölf",
        "13",
        "43",
    ]


def test_a_general_sentence_close_to_a_known_question_is_quoted(real_assistant):
    """ "bindend" is not in "… kein unterjähriges Arbeitsdokument, sondern ein Zielprogramm";
    the sentence's known questions say the same in other words."""
    a = real_assistant
    question = "ist der massnahmenkatalog bindend fuer die stadt?"
    shares = a.evidence.section_asked(question, a.catalogue.sections)
    goal = max(shares, key=shares.__getitem__)
    assert goal.endswith("kein unterjähriges Arbeitsdokument, sondern ein Zielprogramm dar.")
    assert shares[goal] >= ASKED_SUPPORT
    # A question that shares no word with it: the sentence comes along only when close.
    folded = "wie viele wirkungsbereiche gibt es"
    stems = content_stems(folded)
    assert goal not in _best_sentences(a.catalogue, folded, a.scorer, stems)
    close = _best_sentences(a.catalogue, folded, a.scorer, stems, asked={goal: ASKED_SUPPORT})
    assert goal in close
    far = {goal: ASKED_SUPPORT - 0.01}
    assert goal not in _best_sentences(a.catalogue, folded, a.scorer, stems, asked=far)


def test_a_general_sentence_close_under_e5_is_quoted_without_shared_words(real_assistant):
    """The general sections' sentences are units of the index too: "What time period does
    the catalogue cover?" shares no German word with "… der Zeitraum vom Jahr 2020 bis zum
    Jahr 2030 …"."""
    a = real_assistant
    question = "What time period does the digitalisation catalogue cover?"
    dense = a.evidence.section_dense(question, a.catalogue.sections)
    spans = [s for s in dense if "vom Jahr 2020 bis zum Jahr 2030" in s]  # two sentences say it
    covered = max(spans, key=dense.__getitem__)
    assert sorted(dense, key=dense.__getitem__, reverse=True).index(covered) < 3
    assert max(dense.values()) == 1.0 and min(dense.values()) == 0.0
    answer = a.ask(question)
    assert answer.intent == "struktur" and covered in answer.answer


def test_an_inflected_wirkungsbereich_asks_about_the_structure(assistant):
    answer = assistant.ask(
        "was ist der unterschied zwischen digitaler verwaltung und digitaler stadt"
    )
    assert answer.intent == "struktur"
    assert "nach innen" in answer.answer and "nach außen" in answer.answer


def test_two_terms_of_the_structure_set_side_by_side_are_a_structure_question(assistant):
    # "digitaler" is no form the structure cue words know; the filter reads the area
    answer = assistant.ask("was unterscheidet digitaler verwaltung und digitaler stadt")
    assert answer.intent == "struktur" and answer.citations == []
    assert "nach außen wirken" in answer.answer
    # negative: a comparison of two projects stays one
    projects = assistant.ask("Was unterscheidet das Handyparken vom E-Payment?")
    assert projects.intent == "vergleich"


def test_what_belongs_to_a_field_named_with_a_projects_word_is_its_list(assistant):
    # "Bürgerbeteiligung" also names DS 3.2; "alles" and the field make it a list
    answer = assistant.ask(
        "Was gehört denn alles zum Handlungsfeld Bürgerbeteiligung/Partizipation?"
    )
    assert answer.intent == "liste"
    assert [c.id for c in answer.citations] == ["DS-3.1", "DS-3.2", "DS-3.3", "DS-3.4", "DS-3.5"]
    # negative: without "alles", the platform's word asks about the platform
    platform = assistant.ask("Was gehört zur Bürgerbeteiligung?")
    assert [c.id for c in platform.citations] == ["DS-3.2"]


@pytest.mark.parametrize(
    ("question", "about"),
    [
        # the catalogue is what is asked about
        ("für welchen zeitraum plant die stadt mit dem katalog", True),
        ("Wie oft wird der Maßnahmenkatalog fortgeschrieben?", True),
        # the catalogue as the source of a project's fact
        ("Wann kommt die E-Akte laut Katalog?", False),
        ("Wann kommt nach dem Katalog das Handyparken?", False),
        ("Was steht in dem Katalog zum Handyparken?", False),
        ("welche sachen aus dem katalog fangen erst 2026 an", False),
    ],
)
def test_the_catalogue_as_topic_or_as_source(question, about):
    assert about_structure(fold(question)) is about

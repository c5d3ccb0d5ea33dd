"""The clauses that ask (``assistant.clauses``) and what is read from them: the intent of each
clause, the procedure, the reasons an infinitive clause does not give."""

from __future__ import annotations

import pytest

from assistant.clauses import asked_sentences, asks, main_clause, without_preamble
from assistant.unknown import closed_nouns


def test_the_main_clause_is_the_last_question_without_subordinate_clauses():
    assert main_clause(
        "Ich bin Lehrerin. Wer kümmert sich darum, dass unsere Klassen digitale Tafeln kriegen?"
    ) == ("Wer kümmert sich darum?")
    assert main_clause("Wenn ich per App parke, liegt kein Zettel da – woher weiß man das?") == (
        "woher weiß man das?"
    )
    # an ordinal ends no sentence, a year may
    assert main_clause("Was ist neu in der 3. Fortschreibung?") == (
        "Was ist neu in der 3. Fortschreibung?"
    )
    assert main_clause("Das war 2023. Wann kommt die E-Akte?") == "Wann kommt die E-Akte?"


def test_a_subordinate_clause_without_its_comma_is_still_left_out():
    # typed without the comma before "wenn"/"dass"
    assert main_clause("an wen wende ich mich wenn ich sehen will wie weit das ist") == (
        "an wen wende ich mich"
    )
    assert main_clause("was passiert mit den daten wenn notes abgeschaltet wird?") == (
        "was passiert mit den daten?"
    )
    # negative: a question opening on "wenn" or "ob" has no main clause before it to keep
    assert main_clause("ob das noch dieses jahr kommt?") == "ob das noch dieses jahr kommt?"


def test_an_abbreviation_does_not_end_the_asking_clause():
    question = "Wann geht die Stadt das an, also z.B. dass man Anträge online verfolgen kann?"
    assert main_clause(question) == "Wann geht die Stadt das an?"
    assert main_clause("Ich bin Lehrerin. Wer ist zuständig?") == "Wer ist zuständig?"
    # letters each with its dot, in any language: one sentence
    assert asked_sentences("Who runs it, e.g. the status online? Und wann?") == [
        "Who runs it, e.g. the status online?",
        "Und wann?",
    ]


def test_a_sentence_opening_on_a_verb_asks_without_its_question_mark():
    assert asked_sentences(
        "warum ist das so wichtig? hat das auch was mit dem nachwuchs zu tun"
    ) == [
        "warum ist das so wichtig?",
        "hat das auch was mit dem nachwuchs zu tun",
    ]
    # negative: a statement ended by a full stop, or no verb first
    assert asked_sentences("wer macht das? Hat mich gewundert.") == ["wer macht das?"]
    assert asked_sentences("wer macht das? danke") == ["wer macht das?"]


def test_an_example_after_a_comma_asks_nothing():
    assert main_clause("Who is in charge of transparency, e.g. seeing my application status?") == (
        "Who is in charge of transparency?"
    )
    assert main_clause("wer kümmert sich um transparenz, z. B. den bearbeitungsstand?") == (
        "wer kümmert sich um transparenz?"
    )
    # negative: an example the question itself asks for stays ("gibt es ein Beispiel")
    assert main_clause("gibt es zum beispiel schon was für schulen?") == (
        "gibt es zum beispiel schon was für schulen?"
    )


@pytest.mark.parametrize(
    ("question", "procedure"),
    [
        ("Wie melde ich mich für einen Digitalisierungskurs an?", True),
        ("Was muss ich tun, um den Parkausweis online zu bekommen?", True),
        # a why-question asks for a reason, whatever its verb
        ("Wozu braucht man denn Glasfaser in der Verwaltung?", False),
        ("wofür brauch ich als Bürger ein Open-Data-Portal", False),
        # a sentence without a question mark that says why one asks
        ("Welche Schritte hat der Internet-Relaunch? Brauch ich für ein Referat.", False),
    ],
)
def test_a_procedure_is_asked_only_by_a_clause_that_asks_how(reader, question, procedure):
    assert reader.read(question).procedure is procedure


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Welche Firma verlegt in Kleve die Glasfaser?", "anbieter"),
        ("Was kostet es, ein Parkticket per App zu lösen?", "kosten"),
        # an infinitive clause says what the question is about, not what it asks for
        ("was hat die verwaltung davon, mit firmen digital zu kommunizieren?", None),
        ("Warum lohnt es sich, Rechnungen von Firmen elektronisch anzunehmen?", None),
    ],
)
def test_a_trailing_infinitive_clause_gives_no_reason_to_decline(reader, question, reason):
    found = reader.read(question).unanswerable
    assert (found.value if found else None) == reason


def test_every_clause_that_asks_is_read_for_the_intent(reader):
    u = reader.read("wer plant bei uns die Schulungen – ist die 10.1 da mit drin?")
    assert "zustaendigkeit" in u.aspects
    assert reader.read("ist die 10.1 bei den Schulungen mit drin?").aspects == ()


def test_each_ask_of_a_question_is_split_off_at_a_question_word():
    assert asks(
        "Ich bin seit Kurzem im Rat. Mit welchem Programm läuft die papierlose Ratsarbeit, "
        "welche Geräte bekommen wir dafür und wer betreut das?"
    ) == [
        "Mit welchem Programm läuft die papierlose Ratsarbeit",
        "welche Geräte bekommen wir dafür",
        "wer betreut das?",
    ]
    # "und" between two things asked about is no new ask
    assert asks("Wann kommen E-Payment und E-Rechnung?") == [
        "Wann kommen E-Payment und E-Rechnung?"
    ]
    assert asks("Wer ist zuständig? und ab wann?") == ["Wer ist zuständig?", "und ab wann?"]
    # a question word after its preposition opens an ask too; "und" before a noun does not
    assert asks("welche Handlungsfelder gibt es und auf welcher Grundlage basiert das?") == [
        "welche Handlungsfelder gibt es",
        "auf welcher Grundlage basiert das?",
    ]
    assert asks("wie viele Leistungen und nach was ist der sortiert?") == [
        "wie viele Leistungen",
        "nach was ist der sortiert?",
    ]
    assert asks("Wer macht Schulungen und Kurse für alle?") == [
        "Wer macht Schulungen und Kurse für alle?"
    ]


def test_an_indirect_question_asks_in_its_subordinate_clause(reader):
    u = reader.read("ich frage mich, wer bei der stadt plant, dass man nicht mehr ins rathaus muss")
    assert u.aspects[0] == "zustaendigkeit"
    # a relative clause with "der" asks nothing
    assert (
        "zustaendigkeit"
        not in reader.read("Was macht das Projekt, das die Schulen ausstattet?").aspects
    )


def test_who_asks_is_no_part_of_the_ask():
    question = (
        "mein Chef will wissen, welche Stellen an den Schulen mitmachen – ist der Kreis dabei?"
    )
    assert asks(question) == ["welche Stellen an den Schulen mitmachen", "ist der Kreis dabei?"]
    assert "Chef" not in without_preamble(question)
    # a sentence that asks without a question mark stays
    assert without_preamble("wer in der 10.1 macht die E-Akte? brauche Name und Durchwahl") == (
        "wer in der 10.1 macht die E-Akte? brauche Name und Durchwahl"
    )
    # a sentence before the first ask says what the asker heard, not what is asked
    assert without_preamble("mein chef meint, das OZG bringt nix. was ist das problem?") == (
        "was ist das problem?"
    )
    assert without_preamble("Ich bin neu hier. Wer macht die E-Akte?") == "Wer macht die E-Akte?"
    # so is a statement before a dash or colon when what follows asks
    assert without_preamble("lotus notes wird ja abgeschaltet – wann kommt der ersatz?") == (
        "wann kommt der ersatz?"
    )
    assert without_preamble("DMS-Rollout: wer macht mit?") == "wer macht mit?"
    # "wenn" is no "wen": a condition before the dash asks nothing
    assert without_preamble("wenn ich kritik hab – wer ist zuständig?") == "wer ist zuständig?"
    # an ask before the dash stays whole
    assert without_preamble("Ist E-Payment eingestellt – oder läuft es?") == (
        "Ist E-Payment eingestellt – oder läuft es?"
    )


def test_a_persona_lead_in_gives_no_reason_to_decline(reader):
    u = reader.read(
        "mein Chef will wissen, welche Stellen bei der Digitalisierung an den Schulen alles "
        "mitmachen – ist der Kreis auch dabei?"
    )
    assert u.unanswerable is None
    assert reader.read("Wie heißt der Chef der Abteilung 10.1?").unanswerable == "person"
    # who said it, in a sentence before the ask, is no person asked for
    said = (
        "mein chef meint, beim ozg landen die antraege auf dem schreibtisch. was ist das problem?"
    )
    assert reader.read(said).unanswerable is None
    asked = "wie hoch ist das budget fuer die schulen? mein chef braucht die summe"
    assert reader.read(asked).unanswerable == "kosten"
    # Lotus Notes is switched off by the KRZN (DV 2.8): said before the ask, no premise
    said = "lotus notes wird ja abgeschaltet – welche vorhaben haengen da dran?"
    assert reader.read(said).unanswerable is None
    assert reader.read("warum wurde das handyparken eingestellt?").unanswerable == "praemisse"


def test_only_the_closed_sentences_of_a_question_give_closed_nouns():
    assert closed_nouns(
        "Kann ich die Parkzeit per Handy verlängern? Und wie kontrolliert das Ordnungsamt das?"
    ) == ["Parkzeit", "Handy"]
    assert closed_nouns("Bekommen alle Schüler ein iPad?") == ["iPad"]
    assert closed_nouns("Wie kontrolliert das Ordnungsamt das Handyparken?") == []
    # an English yes/no question is closed when the caller says so (``asks_yes_no``)
    assert closed_nouns("Are we getting Jira?") == []
    assert closed_nouns("Are we getting Jira?", closed=True) == ["Jira"]


@pytest.mark.parametrize(
    ("question", "measures"),
    [
        ("nenn mir die einzelschritte beim DMS", True),
        ("Welche Arbeitsschritte sind beim Intranet geplant?", True),
        # progress is no step
        ("Gibt es beim DMS schon Fortschritte?", False),
        ("Wie ist der Fortschritt beim Intranet?", False),
    ],
)
def test_steps_are_asked_also_in_a_compound(reader, question, measures):
    assert ("massnahmen" in reader.read(question).aspects) is measures


def test_a_sentence_opening_on_a_question_word_asks_without_its_question_mark():
    assert asked_sentences("Kurse und Initiativen – ist das nicht dasselbe? wer macht was") == [
        "Kurse und Initiativen – ist das nicht dasselbe?",
        "wer macht was",
    ]
    assert asked_sentences("Ist das verbindlich? und welchen Zeitraum deckt er ab") == [
        "Ist das verbindlich?",
        "und welchen Zeitraum deckt er ab",
    ]
    # a statement after the question does not ask; without any question mark, all sentences do
    assert asked_sentences("Ich bin 74. Ab wann gibt es Kurse? Mein Enkel hilft mir.") == [
        "Ab wann gibt es Kurse?"
    ]
    assert asked_sentences("Ich bin 74. Kurse gibt es wann") == [
        "Ich bin 74.",
        "Kurse gibt es wann",
    ]


def test_two_projects_named_side_by_side_are_both_the_topic(reader):
    both = reader.read("Digitalisierungskurse und Digitalisierungsinitiativen – wer macht was?")
    assert both.coordinated and both.project_ids == ("DS-3.3", "DS-3.4")
    passing = reader.read("Gibt es beim Handyparken auch Digitalisierungskurse?")
    assert not passing.coordinated


def test_a_question_naming_a_general_section_asks_about_the_catalogue(reader):
    # "Zeitstrahl zur Umsetzung" is a section's title: its first word is a structure cue.
    u = reader.read("Sind im Zeitstrahl auch die Supportzeiten eingeplant?")
    assert u.struct_cue and u.intent == "struktur"
    assert not reader.read("Sind beim E-Rechnungsworkflow Supportzeiten eingeplant?").struct_cue
    # negative: a section's word in a subordinate clause is not what is asked about
    who = reader.read(
        "wer sorgt dafür, dass die Chefs hinter den Digitalisierungsprojekten stehen?"
    )
    assert not who.struct_cue and who.intent == "zustaendigkeit"

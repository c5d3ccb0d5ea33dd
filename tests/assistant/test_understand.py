"""Reading questions: references, intents (with and without umlauts), unanswerable facts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.text import fold
from assistant.understand import QuestionReader, name_pattern
from corpus.editions import read_editions
from corpus.models import Knowledge


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Wer ist für DS 1.8 zuständig?", ["DS-1.8"]),
        ("Was ist Projekt 2.5 der Digitalen Verwaltung?", ["DV-2.5"]),
        ("Und was ist mit der 2.10?", ["DV-2.10"]),
        ("Wer macht das ePayment?", ["DS-1.8"]),
        ("Wann kommt das elektronische Bezahlen?", ["DS-1.8"]),
        ("Wer kümmert sich um Handyparkn?", ["DS-2.5"]),
        ("Zeitplan fürs Homeoffice", ["DV-2.3"]),
        (
            "Was kommt eher, das Social Intranet oder die digitale interne Kommunikation?",
            ["DV-2.9", "DV-2.10"],
        ),
        # two titles split by coordination: all words of each title are there
        ("interne und externe digitale kommunikation – wann ist was dran?", ["DV-2.10", "DS-1.5"]),
        ("Wie digital ist unsere interne Kommunikation?", ["DV-2.10"]),
        ("Wie digital ist die Kommunikation?", []),
        # a compound written as two words; two words apart are no compound
        ("Wer betreut die Ideen Plattform?", ["DV-3.3"]),
        ("Wann kommt das Wissens Management?", ["DV-2.7"]),
        ("Welche Ideen kommen auf die Plattform?", []),
    ],
)
def test_named_projects(reader, question, expected):
    assert list(reader.read(question).project_ids) == expected


# The words of the edition's data file (corpus/data/*.edition.toml) name the same projects and
# units as the tables in assistant/lexicon.py did: (ids, only twin topics named them, only
# everyday words did), and the unit a list question names.
@pytest.mark.parametrize(
    ("question", "named", "unit"),
    [
        ("Wer ist für die E-Akte zuständig?", (["DV-2.1"], False, False), None),
        ("Was passiert im Bürgerbüro?", (["DS-1.6"], False, False), None),
        ("Wann kommt das Parkticket per App?", (["DS-2.5"], False, False), None),
        ("Was ist mit den Schulen?", (["DS-2.1"], False, True), None),
        (
            "Was plant die Stadt zu Homepage und Facebook?",
            (["DS-1.1", "DS-1.2"], False, True),
            None,
        ),
        ("Wo gibt es Glasfaser?", (["DS-2.2", "DV-1.4"], True, False), None),
        ("Was passiert mit dem Internet?", ([], False, False), None),  # a generic title
        ("Welche Projekte hat die VHS?", ([], False, False), "Volkshochschule Kleve"),
        ("Wo ist der Kreis beteiligt?", ([], False, False), "Kreis Kleve"),
    ],
)
def test_the_data_files_words_name_projects_and_units(reader, question, named, unit):
    from assistant.text import fold

    assert reader.named_projects(fold(question)) == named
    u = reader.read(question)
    assert (u.filter.unit if u.filter else None) == unit


def test_without_a_data_file_only_the_titles_name_projects(catalogue):
    bare = QuestionReader(replace(catalogue, knowledge=Knowledge()))
    assert bare.read("Wer ist für die E-Akte zuständig?").project_ids == ()
    assert bare.read("Was passiert mit dem Internet?").project_ids == ("DS-1.1",)
    assert bare.read("Welche Projekte hat die VHS?").filter is None


def test_a_number_in_both_wirkungsbereiche_is_ambiguous(reader):
    u = reader.read("Was ist 1.1?")
    assert u.ambiguous and u.numbers == ("1.1",)
    assert u.project_ids == ("DV-1.1", "DS-1.1")


def test_the_session_area_resolves_a_bare_number(reader):
    u = reader.read("und die 2.4?", area_hint="DS")
    assert u.project_ids == ("DS-2.4",) and not u.ambiguous


def test_wlan_names_both_twin_projects(reader):
    u = reader.read("Wer ist für die WLAN-Hotspots in der Innenstadt zuständig?")
    assert u.project_ids == ("DV-1.5", "DS-2.4") and u.twin_topic


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Wer ist zustandig für E-Payment?", "zustaendigkeit"),
        ("Wer ist zustaendig für E-Payment?", "zustaendigkeit"),
        ("Welche Stelle kümmert sich um Förderanträge?", "zustaendigkeit"),
        ("Bis wann läuft das DMS?", "zeitraum"),
        # a cue noun as the head of a compound
        ("Welcher Umsetzungszeitraum ist für das DMS vorgesehen?", "zeitraum"),
        ("Wie sieht der Projektzeitplan beim Handyparken aus?", "zeitraum"),
        ("Wo liegt die Projektzuständigkeit für E-Payment?", "zustaendigkeit"),
        ("Welche Maßnahmen sind für das DMS vorgesehen?", "massnahmen"),  # no time noun
        ("In welchen Jahren ist der Umstieg beim DMS vorgesehen?", "zeitraum"),  # a time noun
        ("Welche Jahrgänge sollen die Kurse der VHS besuchen?", "beschreibung"),
        ("wie lang laeuft das projekt mit dem handyparken", "zeitraum"),  # spoken "lang"
        ("Wie langfristig ist die Digitalisierungsstrategie angelegt?", "beschreibung"),
        ("Welche Einzelmaßnahmen umfasst das Handyparken?", "massnahmen"),
        ("Was ist eigentlich LoRaWAN?", "beschreibung"),
        ("Welche Projekte gehören zum Aktionsfeld Partizipation?", "liste"),
        ("Was startet früher: Handyparken oder LoRaWAN?", "vergleich"),
        ("Welche sechs Aktionsfelder gibt es?", "struktur"),
        # yes or no about all projects at once asks about the catalogue; "welche" lists
        ("Werden bis 2030 alle Projekte fertig sein?", "struktur"),
        ("Welche Projekte werden bis 2030 fertig?", "liste"),
        ("Was kostet das Handyparken pro Stunde?", "unbeantwortbar"),
    ],
)
def test_intents(reader, question, intent):
    assert reader.read(question).intent == intent


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Wie hoch ist das Budget für das DMS?", "kosten"),
        ("Welche Gebühr zahle ich für den Anwohnerparkausweis?", "kosten"),
        ("Welche Telefonnummer hat das Bürgerbüro?", "kontakt"),
        ("Wann hat das Bürgerbüro samstags geöffnet?", "oeffnungszeiten"),
        ("Wie heißt die Leiterin der Abteilung 10.1?", "person"),
        ("Welchen Anbieter nutzt die Stadt fürs Handyparken?", "anbieter"),
        ("Gibt es in Goch auch Handyparken?", "ort"),
        ("Warum wurde das Handyparken abgeschafft?", "praemisse"),
        ("Wie viele LoRaWAN-Sensoren sind schon in Betrieb?", "stand"),
        ("Wie viele LoRaWAN-Sensoren sind in Betrieb?", "zahl"),
        ("Wie viele Ladesäulen plant die Stadt?", "zahl"),
    ],
)
def test_facts_the_catalogue_does_not_hold(reader, question, reason):
    assert reader.read(question).unanswerable == reason


def test_going_live_is_a_period_question(reader):
    u = reader.read("Wann geht LoRaWAN in Betrieb?")
    assert u.unanswerable is None and u.intent == "zeitraum"


def test_free_wifi_is_not_a_cost_question(reader):
    assert reader.read("Wer ist für die kostenlosen WLAN-Hotspots zuständig?").unanswerable is None


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Wer ist zustendig für E-Payment?", "zustaendigkeit"),
        ("Wer ist verantwortlch fürs DMS?", "zustaendigkeit"),
        ("Massnamen beim Handyparken?", "massnahmen"),
        ("Nenne alle Projekte von FB 32", "liste"),
    ],
)
def test_mistyped_cue_words_are_repaired(reader, question, intent):
    assert reader.read(question).intent == intent


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Welche Programmiersprache nutzt die Stadt für die Webseite?", "unbekannt"),
        ("Welche Tablets bekommen die Schulen?", "unbekannt"),
        ("Welche Endgeräte bekommen die Schulen?", None),
        ("Mit welcher Anwendung arbeitet der Rat?", None),
        ("Wann wird geprüft, welche Fördertöpfe es gibt?", None),
        # spelled out, an acronym the catalogue uses ("Implementierung Drupal (CMS)") is known;
        # one it never uses is not
        ("Mit welchem Content-Management-System läuft die Homepage?", None),
        ("Welches Customer-Relationship-Management nutzt das Bürgerbüro?", "unbekannt"),
    ],
)
def test_asking_for_a_kind_of_thing_the_catalogue_never_names(reader, question, reason):
    assert reader.read(question).unanswerable == reason


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        # "welche X" after a clause, and any unknown part of a hyphenated X
        ("Wir schreiben eine Rechnung – welche Leitweg-ID gehört hinein?", "unbekannt"),
        # closed questions about things the catalogue never names
        ("Bekomme ich im Mobile Office einen Dienstlaptop?", "unbekannt"),
        ("Ist die Stadt auch auf TikTok?", "unbekannt"),
        ("Kann ich den Bauantrag online stellen?", "unbekannt"),
        # the options offered are all unknown
        ("Welches Tool nutzt die 10.1, Jira oder Trello?", "unbekannt"),
        # a compound of the common word "Projekte" asks for projects; an unknown head noun not
        ("In welchen Digiprojekten ist der FB 20 dabei?", None),
        ("Welche Programmiersprachen nutzt die 10.1?", "unbekannt"),
        # a place the catalogue does not know; a role asked for by name; a concrete event
        ("Wann kommt Glasfaser nach Materborn?", "ort"),
        ("Wie heißt der Klimaschutzmanager?", "person"),
        ("Wer ist der Digitalisierungsbeauftragte der Stadt?", "person"),
        ("Wie lange werden beim Handyparken die Kennzeichen gespeichert?", "datenschutz"),
        ("Was passiert mit meinen Zahlungsdaten beim E-Payment?", "datenschutz"),
        ("Ist der Datenschutzbeauftragte beim DMS beteiligt?", None),
        ("Wer ist Ansprechpartner für E-Payment?", None),  # units answer that
        ("Wann ist das Bürgerbüro telefonisch erreichbar?", "kontakt"),
        ("Wann ist das Bürgerbüro erreichbar?", "oeffnungszeiten"),
        ("wann hat das buergerbuero offen", "oeffnungszeiten"),
        ("Wie heißt denn der Leiter der Abteilung 10.1?", "person"),
        ("wie heisst die leitung der abteilung 10.1", "person"),
        ("Wie heißt eigentlich die Projektleitung beim DMS?", "person"),  # a role in -leitung
        ("Wie heißt die Abteilung, die beim DMS die Leitung hat?", None),  # a unit
        ("Wie heißt das Projekt mit dem Handyparken?", None),  # a project's name is known
        # funding is DV 1.3's topic, not a cost; how much of it is a count
        ("holt sich die stadt eigentlich foerdergeld fuer die digitalisierung?", None),
        ("Wie viel Fördergeld hat Kleve bekommen?", "kosten"),
        ("wieviele ipads haben die ratsmitglieder gekriegt?", "zahl"),
        ("wieviele projekte hat das aktionsfeld e-government?", None),
        ("Where is the Volkshochschule, what's the address?", "kontakt"),
        ("Wann soll die Beteiligungsplattform für alle offen sein?", None),
        ("Wo finde ich das Bürgerbüro?", "kontakt"),
        ("Welche Adresse hat das Rathaus?", "kontakt"),
        ("Wo gibt es das digitale Bürgerbüro?", None),
        ("Wann ist die nächste Infoveranstaltung zum Intranet?", "termin"),
        # answerable: known words, people in general, infinitives used as nouns, "wer"
        ("Gibt es in Kleve schon offene Daten zum Herunterladen?", None),
        ("Ist die Ideenplattform eine Daueraufgabe?", None),
        ("Bekommen ältere Leute Hilfe mit dem Internet?", None),
        ("Was startet früher: Handyparken oder LoRaWAN?", None),
        ("Wer kümmert sich darum, Fördergelder zu beantragen?", None),
        ("Gibt es freies WLAN in der Innenstadt?", None),
        ("Gibts am Bahnhof schon freies WLAN?", "unbekannt"),
        ("Werden die Digitalkurse auch auf Türkisch angeboten?", "unbekannt"),
        ("Können auch Privatleute beim Sensornetz mitmachen?", None),
        # how well it works: the catalogue plans, it does not judge
        ("Hat sich die E-Akte in den Pilotbereichen bewährt?", "bewertung"),
        ("Wie kommen die Kollegen mit dem Rechnungsworkflow klar?", "bewertung"),
        ("Wie wird das Wissen der Beschäftigten bewahrt?", None),  # "bewahrt" is not "bewährt"
        ("Wie soll das Wissen von Kollegen gesichert werden?", None),  # knowledge, not data
        # later editions, costs in other words, opening hours by weekday, contact channels
        ("Welche Projekte kommen mit der dritten Fortschreibung dazu?", "zukunft"),
        ("Was muss ich zahlen, wenn ich bei einem Digitalkurs mitmache?", "kosten"),
        ("Was hat die Einführung des DMS gekostet?", "kosten"),
        ("Kann ich samstags ins Bürgerbüro?", "oeffnungszeiten"),
        ("Wann öffnet das digitale Bürgerbüro morgens?", "oeffnungszeiten"),
        ("Wie erreiche ich die 10.1 am schnellsten?", "kontakt"),
        ("Wie ist die Nummer der Hotline für die E-Akte?", "kontakt"),
        ("Wer ist Ansprechpartner für E-Payment, mit Namen bitte?", "person"),
        ("Warum ist das freie WLAN in der Innenstadt so langsam?", "technik"),
        ("Warum hat Kleve kein Handyparken?", "praemisse"),
        # which sites: the catalogue names none
        # a thing the catalogue never speaks of, no project named
        ("Wann werden Ladesäulen für E-Autos aufgestellt?", "unbekannt"),
        ("Welche Maßnahmen gibt es zur Digitalisierung der Feuerwehr?", "unbekannt"),
        # … but compounds of known words, misspellings and named projects are answered
        ("Was wird gemacht, damit Lieferantenrechnungen ohne Papier durchlaufen?", None),
        ("Wer kümmert sich um die Digitalsierung der Schulen?", None),
        ("Ist der Fachbereich 61 bei der Online-Beteiligungsplattform mit im Boot?", None),
        ("Wird die Ideenplattform nach dem Start weiter gepflegt?", None),
        ("Welche Arbeitsschritte gehören zur Einführung der E-Akte?", None),  # Schritte
        # paying fees is what E-Payment is for: the fee rules judge "Gebühren", not this one
        ("Kann ich Gebühren online per E-Payment bezahlen?", None),
        # where exactly, about words neither the catalogue nor the lexicon knows
        ("wo gibts in der innenstadt wlan, auch aufm marktplatz?", "ort"),
        ("Wo gibt es freies WLAN?", None),  # "freies": an inflection of a catalogue word
        ("Wo gibt es in Kleve kostenloses Internet?", None),  # a lexicon word
    ],
)
def test_details_the_catalogue_never_names(reader, question, reason):
    assert reader.read(question).unanswerable == reason


def test_a_money_amount_stays_unanswerable_in_a_who_question(reader):
    assert reader.read("Wer weiß, wie viel Fördergeld die Stadt bekommt?").unanswerable == "kosten"


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("An wen kann ich mich bei Fragen zur Bürgerbeteiligung wenden?", "zustaendigkeit"),
        ("Wer bietet die Computerkurse für Senioren an?", "zustaendigkeit"),
        ("Wer wird die Kurse für Senioren anbieten?", "zustaendigkeit"),
        ("Was muss alles passieren, damit Notes abgelöst werden kann?", "massnahmen"),
        ("Was steht auf der To-do-Liste für das Bürgerbüro?", "massnahmen"),
        ("Womit sollen die Schulen ausgestattet werden?", "massnahmen"),
        # a unit as the subject of a topic question is no list of the unit's projects; "wie
        # will …" asks how, i.e. for the measures
        ("Wie will die 10.1 Rückmeldungen von Anwendern einsammeln?", "massnahmen"),
        ("Wie sollen die Führungskräfte mitgenommen werden?", "massnahmen"),
        ("Was macht die Stadt alles im Aktionsfeld Partizipation?", "liste"),
        ("Was macht Fachbereich 20 alles?", "liste"),
        # asked which unit (a word of words.toml [unit_nouns]): who is responsible
        ("welches amt macht die digitalisierung an den schulen?", "zustaendigkeit"),
        ("Handyparken – welche FBs sind beteiligt?", "zustaendigkeit"),
        ("Welche Behörde kümmert sich um das WLAN?", "zustaendigkeit"),
        ("Welche Schritte sind beim DMS geplant?", "massnahmen"),
        ("Welche Daten gibt das Amt als Open Data frei?", "beschreibung"),
        # "Sache/Aufgabe der X": whose duty it is
        ("Krisenmanagement – ist das nur Sache der Projektleitung?", "zustaendigkeit"),
        ("beim DMS: ist das auch aufgabe der FB-leitungen?", "zustaendigkeit"),
        ("Welche Aufgaben hat das Projekt E-Payment?", "massnahmen"),
    ],
)
def test_whom_to_ask_and_units_as_subjects(reader, question, intent):
    assert reader.read(question).intent == intent


def test_which_product_names_the_kind_asked_for(reader):
    assert reader.read("Welche Videokonferenz-Software gibt es?").artefact
    assert reader.read("Mit welcher App parke ich?").artefact
    assert not reader.read("Welche Schritte sind geplant?").artefact
    # a device's make, German and English
    assert reader.read("welche marke haben die tablets in der schule?").artefact == "mark"
    assert reader.read("What brand of laptops do the teachers get?").artefact == "mark"
    assert not reader.read("Welcher Markt wird digital?").artefact


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        # unknown words in context clauses do not make the question unanswerable
        (
            "Ich bin Lehrerin an einer Grundschule. Wer kümmert sich darum, dass unsere "
            "Klassenräume digitale Tafeln bekommen?",
            None,
        ),
        ("Veröffentlicht Kleve Verwaltungsdaten, die man frei weiterverwenden kann?", None),
        # … but in the clause that asks they do
        ("Wann werden Ladesäulen aufgestellt, wenn das Parken digital wird?", "unbekannt"),
    ],
)
def test_unknown_things_count_in_the_clause_that_asks(reader, question, reason):
    assert reader.read(question).unanswerable == reason


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        (
            "Bin neu im FB 20 – in welchen Digitalisierungsprojketen steckt mein Fachbereich?",
            "liste",
        ),
        ("Bei welchen Digital-Vorhaben mischt die WTM mit?", "liste"),
        ("Was plant die Stadt, um die Führungskräfte mitzunehmen?", "massnahmen"),
        ("In wie viele Themenfelder ist der Katalog aufgeteilt?", "struktur"),
        # asked for units; "Vorhaben" later names the project, not a list of them
        (
            "Welche Stellen kümmern sich um das Vorhaben, die Verwaltung transparenter zu machen?",
            "zustaendigkeit",
        ),
        ("welche ämter sorgen dafür, dass großbauvorhaben sichtbar werden", "zustaendigkeit"),
        ("Welche Projekte hat Fachbereich 20?", "liste"),
        ("Bei welchen Projekten ist die WTM dabei?", "liste"),
        # a word before the project noun, written apart
        ("in welchen digi projekten ist die vhs mit drin?", "liste"),
        ("In welchen neuen Projekten steckt FB 32?", "liste"),
    ],
)
def test_more_ways_to_ask_for_lists_measures_and_structure(reader, question, intent):
    assert reader.read(question).intent == intent


def test_procedures_rules_of_use_and_time_in_passing_are_recognised(reader):
    assert reader.read("Wie stell ich im Zeiterfassungssystem einen Urlaubsantrag?").procedure
    assert reader.read("Dürfen die Ratsmitglieder ihre iPads privat nutzen?").procedure
    assert not reader.read("Wie viele Projekte gibt es?").procedure
    assert reader.read("Kann ich den Anwohnerparkausweis bald online beantragen?").soft_time
    u = reader.read("Ich bin im Fachbereich 20. Haben wir mit Fördermöglichkeiten zu tun?")
    assert u.closed and u.filter.unit == "Fachbereich 20"


@pytest.mark.parametrize(
    ("question", "structure"),
    [
        ("Wie ist dieser Maßnahmenkatalog eigentlich aufgebaut?", True),
        ("Was steht im Katalog über die Fortschreibung?", True),
        ("welche massnahmen laufen laut katalog als daueraufgabe", False),
        ("wir im bauamt – steht im katalog irgendwas zum digitalen bauportal?", False),
    ],
)
def test_the_catalogue_as_source_is_no_question_about_its_structure(reader, question, structure):
    assert reader.read(question).struct_cue is structure


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Who is in charge of the e-invoice workflow?", "zustaendigkeit"),
        ("When will the public WiFi be rolled out?", "zeitraum"),
        ("Which projects is Fachbereich 61 involved in?", "liste"),
        # "projects" apart from "which": the German list cue reads "welche … projekte"
        ("Which of the city's projects does Fachbereich 61 take part in?", "liste"),
        ("Can you list every project that Fachbereich 32 is involved in?", "liste"),
        ("What are the six Smart City action fields?", "struktur"),
    ],
)
def test_an_english_question_is_read_with_the_german_cues(reader, question, intent):
    u = reader.read(question)
    assert u.english and u.intent == intent


def test_the_gloss_adds_german_words_and_keeps_the_question():
    from assistant.words import gloss

    assert gloss("Who is responsible for DS 1.8?") == "wer ist zuständig for DS 1.8?"
    assert gloss("Wer ist zuständig?") == "Wer ist zuständig?"


def test_a_phone_is_a_device_and_a_phone_number_a_contact(reader):
    u = reader.read("Who runs the scheme for paying for parking by phone?")
    assert u.english and not u.unanswerable and u.intent == "zustaendigkeit"
    assert reader.read("What is the phone number of the Bürgerbüro?").unanswerable == "kontakt"


def test_an_english_question_for_a_tool_gets_the_slot_check(reader):
    u = reader.read("Which project management tool did the city choose, MS Project or Jira?")
    assert u.english and u.artefact == "tool" and u.project_ids == ("DV-2.4",)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Kurze Frage als Ratsmitglied: wer sucht Förderprogramme raus?", ["DV-1.3"]),
        ("Wie arbeitet ein Ratsmitglied mit den iPads?", ["DS-1.4"]),
    ],
)
def test_who_is_asking_names_no_project(reader, question, expected):
    assert list(reader.read(question).project_ids) == expected


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("plant die stadt einen chatbot für bürgerfragen", "unbekannt"),
        ("Plant die Stadt, dass man den Parkausweis für Anwohner im Netz beantragen kann?", None),
        ("smart city: welche handlungsfelder gibt es da?", None),
    ],
)
def test_plans_asked_for_and_the_catalogues_own_field_words(reader, question, reason):
    assert reader.read(question).unanswerable == reason


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        # a yes/no question about a thing and a year asks when that thing comes
        ("Ist das Online-Bürgerbüro schon für 2024 geplant?", "zeitraum"),
        ("Ist die neue Bürger-App für 2025 geplant?", "zeitraum"),
        # a list of the year's projects
        ("Welche Projekte laufen 2024?", "liste"),
        ("Welche Projekte starten 2025?", "liste"),
        ("Sind 2024 Projekte von Fachbereich 20 geplant?", "liste"),
    ],
)
def test_a_yes_no_question_with_a_year_asks_when_not_for_a_list(reader, question, intent):
    assert reader.read(question).intent == intent


def test_a_later_edition_is_the_future_only_until_it_is_loaded(two_editions, reader):
    question = "Wer ist laut der 3. Fortschreibung für E-Payment zuständig?"
    assert reader.read(question).unanswerable == "zukunft"  # the 2nd is loaded
    newest = read_editions(two_editions).newest.catalogue
    assert newest.edition == 3
    third = QuestionReader(newest)
    assert third.read(question).unanswerable is None
    assert third.read("Was steht in der 4. Fortschreibung zum DMS?").unanswerable == "zukunft"
    # A year after the plan, not one within it.
    assert reader.read("Was passiert nach 2030 mit dem DMS?").unanswerable == "zukunft"
    assert reader.read("Was passiert nach 2025 mit dem DMS?").unanswerable is None


def test_other_towns_come_from_the_edition_data(catalogue, reader):
    assert "goch" in catalogue.knowledge.other_places
    assert reader.read("Wie macht das Goch mit dem WLAN?").unanswerable == "ort"
    bare = QuestionReader(replace(catalogue, knowledge=Knowledge()))
    assert bare.read("Wie macht das Goch mit dem WLAN?").unanswerable != "ort"
    # "andere Kommunen" is German, not data: it declines without the data file too.
    assert bare.read("Wie machen das andere Kommunen mit dem WLAN?").unanswerable == "ort"


@pytest.mark.parametrize(
    ("question", "measures"),
    [
        ("Was gehört zum Projekt DMS?", True),
        ("Welche Aufgaben gehören zur Einführung der E-Akte?", True),
        ("Handyparken gehört zu welchem Smart-City-Bereich?", False),
        ("Gehört das WLAN zu welchem Aktionsfeld?", False),
    ],
)
def test_belonging_to_which_field_asks_no_measures(reader, question, measures):
    assert ("massnahmen" in reader.read(question).aspects) is measures


def test_an_english_topic_is_its_glossed_words_without_function_words(reader):
    topic = reader.read(
        "Which regulation spells out the accessibility requirements for the online services?"
    ).topic
    # glossed: accessibility -> Barrierefreiheit, services -> Leistungen; ranked lexically
    assert {"barrierefrei", "leistung"} <= set(topic)
    assert not {"the", "which", "for"} & set(topic)
    # German keeps every content word
    assert reader.read("Welche Regel gilt für die Barrierefreiheit?").topic == (
        "regel",
        "gilt",
        "barrierefrei",
    )


@pytest.mark.parametrize(
    ("question", "closed"),
    [
        ("Can I pay my parking with the phone?", True),
        ("Is there a newsletter about the digital projects?", True),
        ("Does the city plan free WLAN downtown?", True),
        ("Who is responsible for the school tablets?", False),
        ("When will the online forms be ready?", False),
    ],
)
def test_an_english_question_opening_on_an_auxiliary_is_closed(reader, question, closed):
    assert reader.read(question).closed is closed


def test_a_spelled_out_acronym_joins_the_topic(reader):
    u = reader.read("Mit welchem Content-Management-System läuft die Homepage?")
    assert "cms" in u.topic
    assert "crm" not in reader.read("Welches Customer-Relationship-Management gibt es?").topic


@pytest.mark.parametrize(
    "question",
    [
        "An welchen Plätzen in der Innenstadt gibt es freies WLAN?",
        "welche schulen bekommen als erstes glasfaser?",
        "An welchen Stellen werden die Gateways montiert?",
        # the slot may be asked in any clause, not only the last
        "an welchen plaetzen gibts schon freies wlan? auch am bahnhof?",
    ],
)
def test_which_sites_is_a_slot_the_records_must_fill(reader, question):
    assert reader.read(question).slot == "ort"


def test_a_compound_written_as_two_words_is_read_as_the_catalogue_prints_it(reader):
    def joined(text: str) -> str:
        return reader.details.joined(fold(text))

    assert joined("welche vorhaben laufen als dauer aufgabe?") == fold(
        "welche vorhaben laufen als daueraufgabe?"
    )
    assert reader.read("welche vorhaben laufen als dauer aufgabe?").filter.permanent
    assert joined("wer macht das wissens management") == fold("wer macht das wissensmanagement")
    # the catalogue prints "Smart City" apart too: left as it is
    assert joined("welche smart city projekte gibt es") == "welche smart city projekte gibt es"
    assert joined("ab wann gibt es die e akte") == "ab wann gibt es die e akte"


@pytest.mark.parametrize(
    ("word", "unknown"),
    [
        ("Infos", False),  # the records' Informationen, Informationsveranstaltungen
        ("infos", False),
        ("Demo", False),  # demografische
        # vowel-final but no catalogue word begins with them; or not vowel-final
        ("Kino", True),
        ("Foto", True),
        ("Jira", True),
    ],
)
def test_a_clipped_word_is_known_by_the_word_it_begins(reader, word, unknown):
    assert reader.details._unknown(word) is unknown


@pytest.mark.parametrize(
    ("question", "intent", "unit"),
    [
        # the unit is named only where nothing is asked: who asks
        (
            "Bis wann soll die E-Akte überall eingeführt sein? Wir im FB 61 warten noch.",
            "zeitraum",
            None,
        ),
        ("Wer ist für das Handyparken zuständig? Frage für FB 20.", "zustaendigkeit", None),
        # asked about: the unit stays
        ("Bis wann ist Fachbereich 20 beim E-Payment dabei?", "zeitraum", "Fachbereich 20"),
        # nothing but the unit's projects asked: a list
        ("Ich bin im FB 20. Welche Projekte betreffen uns?", "liste", "Fachbereich 20"),
    ],
)
def test_a_unit_named_only_where_nothing_is_asked_says_who_asks(reader, question, intent, unit):
    u = reader.read(question)
    assert u.intent == intent
    assert (u.filter.unit if u.filter else None) == unit


def test_the_catalogue_is_named_by_its_own_name(reader):
    """The parsed text names the catalogue "kleve.digital 2030": a question naming it asks
    about the catalogue, with the dot written as a space when the year follows."""
    assert reader.catalogue.name == "kleve.digital 2030"
    for question in (
        "welchen zeitraum deckt kleve digital 2030 eigentlich ab",
        "Welchen Zeitraum deckt kleve.digital ab?",
    ):
        assert reader.read(question).struct_cue
    # "in Kleve digital" is no name: the Ratsarbeit is asked about
    assert not reader.read("seit wann läuft die ratsarbeit in kleve digital").struct_cue
    assert name_pattern("") is None and name_pattern("Maßnahmenkatalog 2030") is None

"""Finding projects the question does not name: confidence, twins, phrases, printed counts."""

from __future__ import annotations

import pytest

from assistant.finder import ProjectFinder, compare_parts
from index.types import ProjectHit


class Ranked:
    """A retriever returning a fixed ranking (a real, if trivial, implementation)."""

    def __init__(self, *scored: tuple[str, float]) -> None:
        self.hits = [ProjectHit(pid, score, ()) for pid, score in scored]

    def search(self, query: str, k: int = 10, where: dict | None = None) -> list[ProjectHit]:
        return self.hits[:k]


def finder(catalogue, reader, *scored):
    return ProjectFinder(catalogue, Ranked(*scored), reader)


def ids(projects):
    return [p.id for p in projects]


def test_a_confident_hit_is_used_and_its_twin_joins(catalogue, reader):
    f = finder(catalogue, reader, ("DS-2.4", 0.8), ("DS-2.1", 0.6), ("DV-1.5", 0.7))
    assert ids(f.retrieved(reader.read("Gibt es freies Internet am Marktplatz?"))) == [
        "DS-2.4",
        "DV-1.5",
    ]


def test_a_weak_hit_is_not_used(catalogue, reader):
    f = finder(catalogue, reader, ("DS-2.5", 0.2))
    assert f.retrieved(reader.read("Gibt es bald autonome Busse?")) == []


def test_nearest_needs_a_topic_beyond_the_unanswerable_words(catalogue, reader):
    f = finder(catalogue, reader, ("DS-2.5", 0.9))
    assert f.nearest(reader.read("Was kostet das?")) == []
    assert ids(f.nearest(reader.read("Was kostet das Parken mit dem Handy?"))) == ["DS-2.5"]


def test_a_rare_phrase_lists_every_project_that_prints_it(catalogue, reader):
    f = finder(catalogue, reader)
    phrase, projects = f.term(reader.read("Welche Projekte hängen an Lotus Notes?"))
    assert phrase == "lotus notes"
    assert ids(projects) == ["DV-2.6", "DV-2.8", "DV-2.9"]
    # named first in the question, where every word is capitalised, the name still counts
    # ("Katalog" is capitalised too, and printed in two records)
    said = "Lotus Notes wird abgekündigt – welche Projekte im Katalog hängen da dran?"
    phrase, projects = f.term(reader.read(said))
    assert phrase == "lotus notes" and ids(projects) == ["DV-2.6", "DV-2.8", "DV-2.9"]


def test_a_printed_number_answers_a_how_many_question(catalogue, reader):
    f = finder(catalogue, reader)
    project, sentence = f.counted(reader.read("Wie viele Verwaltungsleistungen gibt es?"))
    assert project.id == "DS-1.3" and "etwa 575 Verwaltungsleistungen" in sentence
    assert f.counted(reader.read("Wie viele Ladesäulen gibt es?")) is None


def test_close_hits_are_told_apart_by_inward_and_outward_words(catalogue, reader):
    f = finder(catalogue, reader, ("DV-2.10", 0.71), ("DS-1.5", 0.65))
    citizens = reader.read("Wann soll die Kommunikation mit Bürgern digital werden?")
    staff = reader.read("Wann soll die Kommunikation mit den Kollegen digital werden?")
    assert ids(f.retrieved(citizens)) == ["DS-1.5"]
    assert ids(f.retrieved(staff)) == ["DV-2.10"]


@pytest.mark.parametrize(
    ("stem", "token", "expected"),
    [
        ("leistung", "verwaltungsleistung", True),  # compound
        ("mess", "gemess", True),  # participle: messen / gemessen
        ("plan", "geplant", True),
        ("mess", "gemeinsam", False),
    ],
)
def test_question_stems_meet_compounds_and_participles(stem, token, expected):
    from assistant.text import matches

    assert matches(stem, token) is expected


@pytest.mark.parametrize(
    ("folded", "parts"),
    [
        # coordination leaves the head out; both modifiers end alike, so the first borrows it
        (
            "interne vs externe digitale kommunikation: was kommt zuerst?",
            [
                "interne digitale kommunikation",
                "externe digitale kommunikation",
                "was kommt zuerst",
            ],
        ),
        # a compare cue and the preposition after it divide the two things
        (
            "was unterscheidet den ausbau der digitalen infrastruktur vom breitbandausbau?",
            ["was", "den ausbau der digitalen infrastruktur", "breitbandausbau"],
        ),
        # English, read through the glossary ("compare" -> "vergleich")
        (
            "how does the digitalisation strategy vergleich with its smart city strategy",
            ["how does the digitalisation strategy", "its smart city strategy"],
        ),
        # "wie" and "from" divide as "als" and "von" do
        (
            "ist die ideenplattform das gleiche wie die online beteiligung",
            ["ist die ideenplattform das gleiche", "die online beteiligung"],
        ),
        (
            "how is the digital infrastructure different from the glasfaser project",
            ["how is the digital infrastructure different", "the glasfaser project"],
        ),
        # negative: a whole noun before "und" borrows nothing from the part after it
        (
            "glasfaserausbau und dem ausbau digitaler infrastruktur",
            ["glasfaserausbau", "dem ausbau digitaler infrastruktur"],
        ),
        # negative: a lone word whose ending differs from the next part's first word
        ("e-payment oder das digitale formularwesen", ["e-payment", "das digitale formularwesen"]),
        # negative: the same ending, but a pronoun opens the next part, no modifier
        (
            "schulkurse und diese digitalisierungsinitiativen",
            ["schulkurse", "diese digitalisierungsinitiativen"],
        ),
    ],
)
def test_compare_parts_split_at_cues_and_fill_in_the_left_out_head(folded, parts):
    assert compare_parts(folded) == parts


def test_the_second_project_is_the_other_hit_of_a_part_that_ties_with_the_named_one(
    catalogue, reader
):
    # "interne digitale kommunikation" finds DS 1.5 (extern) and DV 2.10 (intern) alike
    f = finder(catalogue, reader, ("DS-1.5", 1.0), ("DV-2.10", 1.0), ("DV-3.8", 0.8))
    u = reader.read("interne vs externe digitale kommunikation: was kommt zuerst?")
    assert f.second_project(u, catalogue["DS-1.5"]).id == "DV-2.10"
    # a part whose other hits are much less sure than the named one gives none
    f = finder(catalogue, reader, ("DS-1.5", 1.0), ("DV-2.10", 0.5))
    assert f.second_project(u, catalogue["DS-1.5"]) is None


def test_a_part_naming_the_known_project_still_gives_an_equally_sure_other(catalogue, reader):
    u = reader.read("ist die ideenplattform die online beteiligung fuer buerger?")
    f = finder(catalogue, reader, ("DS-3.2", 1.0), ("DV-3.3", 0.94), ("DV-3.1", 0.34))
    assert f.second_project(u, catalogue["DV-3.3"]).id == "DS-3.2"
    # negative: the other hit far below the named project's is no second project
    f = finder(catalogue, reader, ("DV-3.3", 1.0), ("DS-3.2", 0.5))
    assert f.second_project(u, catalogue["DV-3.3"]) is None


def test_a_compared_part_needs_less_than_a_whole_question(catalogue, reader):
    u = reader.read("digikurse vs digi initiativen – was ist da der unterschied")
    f = finder(catalogue, reader, ("DS-3.3", 0.27), ("DV-3.7", 0.2))
    assert f.second_project(u, catalogue["DS-3.4"]).id == "DS-3.3"
    # negative: below the compared floor there is no second project
    f = finder(catalogue, reader, ("DS-3.3", 0.2), ("DV-3.7", 0.15))
    assert f.second_project(u, catalogue["DS-3.4"]) is None

"""Linking text to catalogue projects by number, title and alias."""

from __future__ import annotations

import pytest

from corpus.documents.link import ProjectLinker


@pytest.fixture(scope="module")
def linker(catalogue):
    return ProjectLinker(catalogue)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DS 1.8: Seit Januar ist die Zahlung freigeschaltet.", ("DS-1.8",)),
        ("Stand bei ds-1.8 und DV2.5.", ("DV-2.5", "DS-1.8")),
        ("Projekt 2.1 (DMS) läuft nach Plan.", ("DV-2.1",)),
        ("Die 2.1 und die E-Akte kommen voran.", ("DV-2.1",)),
        ("Die Einführung des Dokumentenmanagementsystems ist abgeschlossen.", ("DV-2.1",)),
        ("Das Handyparken wird gut angenommen.", ("DS-2.5",)),
        ("Rechnungen kommen als XRechnung an.", ("DV-2.5",)),
        ("Die OZG-Leistungen und das Onlinezugangsgesetz.", ("DS-1.3",)),
        ("Projekt 2.1 der Digitalen Stadt ist verschoben.", ("DS-2.1",)),
        # A bare number in both Wirkungsbereiche with nothing to decide: both.
        ("Beim Vorhaben 1.5 ruhen die Arbeiten.", ("DV-1.5", "DS-1.5")),
        # A number that exists in one Wirkungsbereich only.
        ("Projekt 2.9 startet.", ("DV-2.9",)),
        # Not projects: dates, times, amounts, outline numbers, unknown numbers.
        ("Sitzung am 12.03.2024 um 3.30 Uhr, Kosten 1.500 Euro.", ()),
        ("Siehe Kapitel 2.1 und Anlage 1.3.", ()),
        ("Projekt 3.9 gibt es nicht, DS 3.8 auch nicht.", ()),
        # Words too general to be a mention, and twin topics of both Wirkungsbereiche.
        ("Die Ergebnisse stehen im Internet. Das WLAN im Rathaus.", ()),
        ("Schulungen zur Smart City für alle Beschäftigten.", ()),
    ],
)
def test_link_exact_projects(linker, text, expected):
    assert linker.link(text) == expected


def test_headings_count_and_outline_numbers_do_not(linker):
    assert linker.link("Es geht voran.", headings=["Projekt 2.1 (DMS)"]) == ("DV-2.1",)
    assert linker.link("Es geht voran.", headings=["2.1 Dokumentenmanagementsystem"]) == ("DV-2.1",)
    # "1.2 Ausblick" is the report's own outline, not DV 1.2 / DS 1.2.
    assert linker.link("Der nächste Bericht folgt.", headings=["1.2 Ausblick"]) == ()
    assert linker.link("Text.", headings=["Digitale Verwaltung", "Projekt 2.1"]) == ("DV-2.1",)


def test_document_context_resolves_bare_numbers(linker):
    context = linker.document_ids(["Projekt 2.1 (DMS)", "DS 1.8 E-Payment", "Sonstiges 1.5"])
    assert context == {"DV-2.1", "DS-1.8"}
    assert linker.link("Für Projekt 2.1 wurden Scanner beschafft.", document_ids=context) == (
        "DV-2.1",
    )
    assert linker.link("Die 1.5 ruht.", document_ids=context) == ("DV-1.5", "DS-1.5")

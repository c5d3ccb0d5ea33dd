"""Several editions of the catalogue: a file or a folder, numbered by their own titles."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fictitious_edition import FILE_NAME, fictitious_text

from corpus.editions import file_number, load_editions, read_editions, title_number
from corpus.parser import DEFAULT_PATH, load_catalogue
from katalog.errors import CorpusError, UnknownEditionError


def test_the_bundled_file_is_the_2nd_fortschreibung() -> None:
    editions = load_editions()
    assert [e.to_dict() for e in editions.editions] == [
        {
            "number": 2,
            "name": "2. Fortschreibung",
            "projects": 43,
            "source": "massnahmenkatalog-2-fortschreibung.txt",
        }
    ]
    assert load_catalogue().edition_name == "2. Fortschreibung"


def test_a_folder_gives_every_edition_oldest_first(two_editions: Path) -> None:
    editions = load_editions(two_editions)
    assert [e.to_dict() for e in editions.editions] == [
        {
            "number": 2,
            "name": "2. Fortschreibung",
            "projects": 43,
            "source": "massnahmenkatalog-2-fortschreibung.txt",
        },
        {"number": 3, "name": "3. Fortschreibung", "projects": 43, "source": FILE_NAME},
    ]
    newest = load_catalogue(two_editions)
    assert newest is editions.newest.catalogue
    assert newest.edition == 3
    assert newest["DV-2.9"].title == "Digitale Kommunikation (intern)"
    assert newest["DV-3.9"].title == "Künstliche Intelligenz im Bürgerservice"
    assert newest.get("DV-2.10") is None
    assert [p.text for p in newest["DV-2.1"].periods] == [
        "Zeitraum Umsetzung: 2020 bis 2026. Danach laufender Support."
    ]
    assert newest["DS-1.8"].responsible == (
        "Fachbereich 20",
        "Fachbereich 32",
        "Fachbereich 10 – Abteilung 10.1",
    )


def test_the_title_decides_over_the_file_name(tmp_path: Path) -> None:
    # A file named like the 2nd whose title says 3rd is the 3rd.
    path = tmp_path / "massnahmenkatalog-2-fortschreibung.txt"
    path.write_text(fictitious_text(), encoding="utf-8")
    assert read_editions(path).newest.number == 3


def test_the_file_name_is_the_fallback(tmp_path: Path) -> None:
    text = DEFAULT_PATH.read_text(encoding="utf-8").replace(
        " 2. Fortschreibung des Maßnahmenkatalogs", " Maßnahmenkatalog Digitalisierung", 1
    )
    path = tmp_path / "katalog-4-fortschreibung.txt"
    path.write_text(text, encoding="utf-8")
    edition = read_editions(path).newest
    assert (edition.number, edition.name) == (4, "4. Fortschreibung")


@pytest.mark.parametrize(
    ("first_lines", "number"),
    [
        (" 2. Fortschreibung des Maßnahmenkatalogs \n", 2),
        ("Maßnahmenkatalog Digitalisierung – 3. Fortschreibung\n", 3),
        ("\n\nDritte Fortschreibung des Maßnahmenkatalogs\n", 3),
        (
            "Maßnahmenkatalog\n\nText.\nMehr Text.\nNoch mehr.\nWeiter.\nin der 5. Fortschreibung",
            None,
        ),
    ],
)
def test_title_number(first_lines: str, number: int | None) -> None:
    assert title_number(first_lines) == number


def test_file_number() -> None:
    assert file_number(Path("massnahmenkatalog-3-fortschreibung.pdf")) == 3
    assert file_number(Path("katalog.txt")) is None


def test_two_files_of_one_edition_are_a_german_error(tmp_path: Path) -> None:
    shutil.copy(DEFAULT_PATH, tmp_path / "a.txt")
    shutil.copy(DEFAULT_PATH, tmp_path / "b.txt")
    with pytest.raises(CorpusError, match="'a.txt' und 'b.txt' sind beide die 2. Fortschreibung"):
        read_editions(tmp_path)


def test_an_empty_folder_is_a_german_error(tmp_path: Path) -> None:
    (tmp_path / "LIESMICH.md").write_text("kein Katalog", encoding="utf-8")
    with pytest.raises(CorpusError, match="liegt keine Ausgabe"):
        read_editions(tmp_path)


def test_an_edition_not_loaded_is_named(two_editions: Path) -> None:
    with pytest.raises(UnknownEditionError) as info:
        load_editions(two_editions).diff(1, 3)
    assert info.value.message == (
        "Die 1. Fortschreibung ist nicht geladen. Vorhanden: 2. Fortschreibung, 3. Fortschreibung."
    )

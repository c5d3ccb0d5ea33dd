"""`katalog editions` and `katalog diff` over a folder with two editions."""

from __future__ import annotations

import json

from fictitious_edition import FILE_NAME
from typer.testing import CliRunner

from katalog.cli import app

runner = CliRunner()


def test_editions_json_lists_them_oldest_first(two_editions) -> None:
    result = runner.invoke(app, ["editions", "--json", "-c", str(two_editions)])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {
            "number": 2,
            "name": "2. Fortschreibung",
            "projects": 43,
            "source": "massnahmenkatalog-2-fortschreibung.txt",
        },
        {"number": 3, "name": "3. Fortschreibung", "projects": 43, "source": FILE_NAME},
    ]


def test_projects_of_a_folder_are_the_newest_editions(two_editions) -> None:
    result = runner.invoke(app, ["projects", "--json", "-c", str(two_editions)])
    ids = [r["id"] for r in json.loads(result.stdout)]
    assert "DV-3.9" in ids and "DV-2.10" not in ids and len(ids) == 43


def test_diff_json(two_editions) -> None:
    result = runner.invoke(app, ["diff", "--json", "-c", str(two_editions)])
    assert result.exit_code == 0
    found = json.loads(result.stdout)
    assert (found["from"], found["to"], found["added"], found["removed"]) == (
        2,
        3,
        ["DV-3.9"],
        ["DV-2.9"],
    )
    assert found["renumbered"] == [{"from": "DV-2.10", "to": "DV-2.9"}]
    assert [c["id"] for c in found["changed"]] == ["DV-2.1", "DS-1.8"]
    same = runner.invoke(
        app, ["diff", "--from", "3", "--to", "3", "--json", "-c", str(two_editions)]
    )
    assert json.loads(same.stdout)["changed"] == []


def test_diff_readable(two_editions) -> None:
    result = runner.invoke(app, ["diff", "-c", str(two_editions)], env={"COLUMNS": "300"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "Änderungen von der 2. Fortschreibung zur 3. Fortschreibung",
        "Neu: DV 3.9 Künstliche Intelligenz im Bürgerservice",
        "Entfallen: DV 2.9 Social Intranet",
        "Neu nummeriert: DV 2.10 Digitale Kommunikation (intern) → DV 2.9 Digitale Kommunikation"
        " (intern)",
    ]
    assert (
        "  Zuständigkeit: vorher „Fachbereich 20, Fachbereich 10 – Abteilung 10.1“, jetzt "
        "„Fachbereich 20, Fachbereich 32, Fachbereich 10 – Abteilung 10.1“" in lines
    )


def test_diff_with_one_edition_says_so() -> None:
    result = runner.invoke(app, ["diff"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Geladen ist nur die 2. Fortschreibung: es gibt nichts zu vergleichen." in result.stdout


def test_diff_of_an_edition_not_loaded_is_a_german_error(two_editions) -> None:
    result = runner.invoke(app, ["diff", "--from", "1", "-c", str(two_editions)])
    assert result.exit_code == 2
    assert "Die 1. Fortschreibung ist nicht geladen." in result.stderr

"""The `katalog` commands for the catalogue, run as a user runs them."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from katalog.cli import app

runner = CliRunner()


def test_projects_json_prints_all_43_records() -> None:
    result = runner.invoke(app, ["projects", "--json"])
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert len(records) == 43
    assert records[0]["id"] == "DV-1.1" and records[-1]["id"] == "DS-3.5"
    e_payment = next(r for r in records if r["id"] == "DS-1.8")
    assert e_payment["responsible"] == ["Fachbereich 20", "Fachbereich 10 – Abteilung 10.1"]


def test_projects_table() -> None:
    result = runner.invoke(app, ["projects"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "43 Projekte" in result.stdout
    assert "Handyparken (Smart Mobility)" in result.stdout


def test_show_accepts_lower_case_with_space() -> None:
    result = runner.invoke(app, ["show", "ds 1.8"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "DS 1.8 E-Payment" in result.stdout
    assert "Fachbereich 20, Fachbereich 10 – Abteilung 10.1" in result.stdout


def test_show_ambiguous_number_lists_both() -> None:
    result = runner.invoke(app, ["show", "1.1"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "DV 1.1 Digitalisierungsstrategie" in result.stdout
    assert "DS 1.1 Internet" in result.stdout


def test_show_unknown_number_in_german_with_exit_code_2() -> None:
    result = runner.invoke(app, ["show", "DS 9.9"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "Projekt 'DS 9.9' gibt es nicht" in result.stderr
    assert "DV 1.1 – DV 3.8 und DS 1.1 – DS 3.5" in result.stderr
    assert "Traceback" not in result.output


def test_show_json() -> None:
    result = runner.invoke(app, ["show", "DV 2.8", "--json"])
    assert json.loads(result.stdout)["title"] == "eGov-Basisstruktur"

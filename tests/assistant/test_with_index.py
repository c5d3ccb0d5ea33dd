"""The assistant on the real hybrid index (built once per session with the default embedder):
paraphrases that no alias covers, confidence, and the missing-index error."""

from __future__ import annotations

import pytest

from assistant.service import build_assistant
from katalog.errors import IndexNotBuiltError
from katalog.settings import Settings

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("question", "expected", "fact"),
    [
        (
            "Wer kümmert sich um die Weitergabe von Wissen älterer Kollegen?",
            ["DV-2.7"],
            "Fachbereich 10 – Abteilung 10.1 und 10.2",
        ),
        (
            "Was tut die Stadt, damit die Mitarbeitenden Office und PDF besser beherrschen?",
            ["DV-3.7"],
            "Schulungsinhalte zusammenstellen",
        ),
        ("Wann wird geprüft, welche Fördertöpfe es gibt?", ["DV-1.3"], "2023-2024"),
    ],
)
def test_paraphrases_are_found_by_the_index(real_assistant, question, expected, fact):
    answer = real_assistant.ask(question, audience="employee")
    assert [c.id for c in answer.citations] == expected
    assert not answer.abstained
    assert fact in answer.answer or fact in answer.citations[0].quote


def test_low_confidence_abstains(real_assistant):
    answer = real_assistant.ask("Gibt es in Kleve bald autonome Busse?")
    assert answer.abstained
    assert answer.answer.startswith("Dazu enthält der Maßnahmenkatalog keine Angaben.")


def test_abstention_names_the_nearest_project_from_the_index(real_assistant):
    answer = real_assistant.ask("Welche Firma baut in Kleve das Glasfasernetz?")
    assert answer.abstained
    assert [c.id for c in answer.citations] == ["DS-2.2", "DV-1.4"]
    assert "Fachbereich 20" in answer.answer


def test_build_assistant_without_index_raises_a_german_error(tmp_path):
    with pytest.raises(IndexNotBuiltError) as info:
        build_assistant(Settings(data_dir=tmp_path))
    assert "katalog index" in info.value.message

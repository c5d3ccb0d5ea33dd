"""Indexing stays incremental across editions: building the fictitious 3. Fortschreibung over
the index of the 2. embeds only what changed (tests/fictitious_edition.py)."""

from __future__ import annotations

from corpus.editions import load_editions
from corpus.models import Catalogue
from index.store import build_index, open_index
from index.units import build_units
from katalog.settings import Settings


def test_a_renumbered_project_takes_its_unchanged_units_along(tmp_path, counting, two_editions):
    old, new = (e.catalogue for e in load_editions(two_editions).editions)
    settings = Settings(data_dir=tmp_path / "var")
    build_index(
        settings,
        Catalogue(projects=(old["DV-2.10"], old["DS-1.4"]), sections=()),
        embedder=counting,
    )
    counting.passages = 0
    report = build_index(
        settings, Catalogue(projects=(new["DV-2.9"], new["DS-1.4"]), sections=()), embedder=counting
    )
    units = [u for u in build_units(Catalogue(projects=(new["DV-2.9"],), sections=()))]
    # Its four nodes begin with "DV 2.9 …" and are embedded; of its units only the title
    # ("DV 2.9 Digitale Kommunikation (intern)") is new text, the others are taken over.
    assert (report.embedded, report.reused, report.unchanged) == (4, 0, 4)
    assert (report.units_embedded, report.units_reused) == (1, len(units) - 1)
    assert counting.passages == 5
    assert report.projects_changed == ("DV-2.9",)
    assert report.projects_removed == ("DV-2.10",)
    index = open_index(
        settings, Catalogue(projects=(new["DV-2.9"], new["DS-1.4"]), sections=()), counting
    )
    assert index.search("interne Kommunikationsformen digital", k=1)[0].id == "DV-2.9"


def test_the_next_edition_embeds_only_changed_projects(
    tmp_path, copy_index, counting, two_editions
):
    settings = Settings(data_dir=copy_index(tmp_path))
    newest = load_editions(two_editions).newest.catalogue
    report = build_index(settings, newest, embedder=counting)
    assert report.projects_changed == ("DS-1.8", "DV-2.1", "DV-2.9", "DV-3.9")
    assert report.projects_removed == ("DV-2.10",)  # its text is DV 2.9's now
    # DS 1.8 and DV 2.1 one node each (Zuständigkeit, Zeitraum), DV 2.9 and DV 3.9 four
    # each, and the four chunks of the retitled "Fortschreibung" chapter.
    assert report.embedded == counting.passages - report.units_embedded == 14
    assert report.unchanged == report.nodes_total - 14

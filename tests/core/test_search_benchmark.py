"""The search benchmark run end to end on 40 records, so its probes cannot rot unseen."""

from __future__ import annotations

import re

import pytest

from benchmarks import run_all, search_figures
from benchmarks.common import Workspace


@pytest.mark.slow
def test_the_search_figure_measures_on_tiny_inputs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_figures, "SEARCH_RECORDS", 40)
    assert run_all.FIGURES["search"] is search_figures.search_figures
    space = Workspace()
    try:
        figures = search_figures.search_figures(space, 1)
    finally:
        space.close()
    assert len(figures) == 1 + len(("common", "label", "reference", "none", "filters"))
    assert all("40 records" in f.name for f in figures)
    assert all(re.search(r"\d", f.subject) for f in figures)

"""Issue 11's workbook figure runs end to end on a few records, so its probe cannot rot unseen."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from openpyxl import load_workbook

from benchmarks import run_all, workbook_figures
from benchmarks.common import Workspace


@pytest.fixture
def space() -> Iterator[Workspace]:
    workspace = Workspace()
    try:
        yield workspace
    finally:
        workspace.close()


def test_the_workbook_figure_is_selectable_by_name() -> None:
    assert run_all.FIGURES["workbook"] is workbook_figures.workbook_figure


@pytest.mark.slow
def test_the_workbook_figure_measures_the_same_cells_both_ways(space: Workspace) -> None:
    [figure] = workbook_figures.workbook_figure(space, 1, records=150)
    assert figure.name.startswith("workbook of 150 records (")
    assert re.fullmatch(r"\d+\.\d\dx \(worst round\)", figure.ratio)
    written = space.root / "workbook-out"
    ours = load_workbook(written / "ours.xlsx", read_only=True)
    raw = load_workbook(written / "raw.xlsx", read_only=True)
    assert ours.sheetnames == raw.sheetnames
    assert "recommendations register" in ours.sheetnames
    # Same cells: the row counts of every sheet agree.
    assert [s.max_row for s in ours.worksheets] == [s.max_row for s in raw.worksheets]

"""Suppression laws: no count of one or two is shown, and no printed total gives one away."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ncpi_field.reports.suppression import protect

grids = st.integers(1, 6).flatmap(
    lambda width: st.lists(
        st.lists(st.integers(0, 12), min_size=width, max_size=width), min_size=1, max_size=8
    )
)


@given(grids)
def test_no_small_count_is_shown_and_no_line_has_a_single_hidden_cell(
    grid: list[list[int]],
) -> None:
    table = protect(grid)
    cells = table.cells
    for row_in, row_out in zip(grid, cells, strict=True):
        for count, cell in zip(row_in, row_out, strict=True):
            assert cell.count == count
            if 0 < count < 3:
                assert cell.shown == "<3"
            else:
                assert cell.shown in {str(count), "x"}
    # Every printed total with the cells it adds up: no such line may hide exactly one member.
    columns = [list(col) for col in zip(*cells, strict=True)]
    lines = [
        *([*row, total] for row, total in zip(cells, table.row_totals, strict=True)),
        *([*col, total] for col, total in zip(columns, table.column_totals, strict=True)),
        [*table.row_totals, table.total],
        [*table.column_totals, table.total],
    ]
    for line in lines:
        assert sum(1 for c in line if c.hidden) != 1
        assert sum(c.count for c in line[:-1]) == line[-1].count


@given(grids)
def test_a_cell_is_withheld_only_to_protect_a_suppressed_one(grid: list[list[int]]) -> None:
    table = protect(grid)
    if not any(0 < n < 3 for row in grid for n in row) and not 0 < table.total.count < 3:
        margins = [*table.row_totals, *table.column_totals]
        small_margin = any(0 < c.count < 3 for c in margins)
        withheld = any(c.withheld for row in table.cells for c in row)
        assert small_margin or not withheld

"""Small-number suppression: a count of one or two is never printed in a breakdown.

A table of cases by category and grade is a small-area table: a cell of one could point at a
single child. Every count in a breakdown goes through ``protect``, and the document prints
``Cell.shown``:

- a count of one or two is suppressed, printed ``<3`` (primary suppression);
- when a row or column whose total is printed has exactly one hidden cell, the total minus
  the cells shown would give it away, so the smallest other non-zero count in that line is
  withheld too, printed ``x`` (complementary suppression), until no line has exactly one;
- zero is printed (it identifies no one); totals are printed, themselves suppressed if one or
  two.

Not guarded against: differencing between separate tables of the same cases (say the scope's
sample counts against the snapshot's grades). The debrief's caveat says counts are suppressed;
a statistician's review of the whole document would be the next step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

SUPPRESSED: Final = "<3"
WITHHELD: Final = "x"
SMALLEST_SHOWN: Final = 3


@dataclass(frozen=True)
class Cell:
    """A count and what the document prints for it."""

    count: int
    withheld: bool = False  # hidden so that a suppressed count cannot be worked out

    @property
    def suppressed(self) -> bool:
        return 0 < self.count < SMALLEST_SHOWN

    @property
    def hidden(self) -> bool:
        return self.suppressed or self.withheld

    @property
    def shown(self) -> str:
        if self.suppressed:
            return SUPPRESSED
        return WITHHELD if self.withheld else str(self.count)

    def __str__(self) -> str:
        return self.shown


def cell(count: int) -> Cell:
    """A count on its own (a total): suppressed if one or two."""
    return Cell(count)


def protect(
    grid: Sequence[Sequence[int]], *, row_totals: bool = True, column_totals: bool = True
) -> list[list[Cell]]:
    """The grid's cells with primary and complementary suppression (module docstring).

    ``row_totals`` / ``column_totals``: whether the document prints those totals (only a
    printed total lets a hidden cell be worked out).
    """
    height = len(grid)
    width = len(grid[0]) if height else 0
    withheld = [[False] * width for _ in range(height)]
    lines: list[list[tuple[int, int]]] = []
    if row_totals:
        lines += [[(r, c) for c in range(width)] for r in range(height)]
    if column_totals:
        lines += [[(r, c) for r in range(height)] for c in range(width)]

    def hidden(r: int, c: int) -> bool:
        return 0 < grid[r][c] < SMALLEST_SHOWN or withheld[r][c]

    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for r, c in line if hidden(r, c)) != 1:
                continue
            candidates = [(grid[r][c], r, c) for r, c in line if not hidden(r, c) and grid[r][c]]
            if candidates:
                _, r, c = min(candidates)
                withheld[r][c] = True
                changed = True
    return [[Cell(grid[r][c], withheld[r][c]) for c in range(width)] for r in range(height)]

"""Small-number suppression: a count of one or two is never printed in a breakdown.

A table of cases by category and grade is a small-area table: a cell of one could point at a
single child. Every count in a breakdown goes through ``protect``, and the document prints
``Cell.shown``:

- a count of one or two is suppressed, printed ``<3`` (primary suppression);
- every printed total is a constraint (its cells add up to it; the totals add up to the
  grand total): when one has exactly one hidden member, the others would give it away, so the
  smallest other non-zero member, cell or total, is withheld too, printed ``x``
  (complementary suppression), until no constraint has exactly one;
- zero is printed (it identifies no one).

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


@dataclass(frozen=True)
class Protected:
    """A table of counts as printed: its cells, its row and column totals and grand total."""

    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    total: Cell


def protect(
    grid: Sequence[Sequence[int]], *, row_totals: bool = True, column_totals: bool = True
) -> Protected:
    """The grid's cells and totals with primary and complementary suppression.

    Each printed total is a constraint: its cells add up to it. A constraint with exactly one
    hidden member (cell or total) would give that member away, so the smallest other visible
    non-zero member is withheld too, until no constraint has exactly one. Totals take part:
    the row and column totals add up to the grand total.
    ``row_totals`` / ``column_totals``: whether the document prints those totals.
    """
    height = len(grid)
    width = len(grid[0]) if height else 0
    # The grid with its margins: column ``width`` holds row totals, row ``height`` column totals.
    full = [[*row, sum(row)] for row in grid]
    full.append([sum(row[c] for row in full) for c in range(width + 1)])
    withheld = [[False] * (width + 1) for _ in range(height + 1)]
    lines: list[list[tuple[int, int]]] = []
    if row_totals:
        lines += [[(r, c) for c in range(width + 1)] for r in range(height)]
        lines.append([(r, width) for r in range(height + 1)])
    if column_totals:
        lines += [[(r, c) for r in range(height + 1)] for c in range(width)]
        lines.append([(height, c) for c in range(width + 1)])

    def hidden(r: int, c: int) -> bool:
        return 0 < full[r][c] < SMALLEST_SHOWN or withheld[r][c]

    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for r, c in line if hidden(r, c)) != 1:
                continue
            candidates = [(full[r][c], r, c) for r, c in line if not hidden(r, c) and full[r][c]]
            if candidates:
                _, r, c = min(candidates)
                withheld[r][c] = True
                changed = True
    table = [
        [Cell(full[r][c], withheld[r][c]) for c in range(width + 1)] for r in range(height + 1)
    ]
    return Protected(
        cells=[row[:width] for row in table[:height]],
        row_totals=[row[width] for row in table[:height]],
        column_totals=table[height][:width],
        total=table[height][width],
    )

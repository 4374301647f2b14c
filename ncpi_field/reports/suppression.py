"""Small-number suppression: a count of one or two is never printed in a breakdown.

A table of cases by category and grade is a small-area table: a cell of one could point at a
single child. Every count in a breakdown goes through ``cell``; the document prints ``shown``.
Zero is printed (it identifies no one); three and above are printed as they are. A row or
column total is withheld (printed ``–``) when exactly one of its cells is suppressed, since the
total minus the other cells would give it away. (Differencing across several tables, or from the
grand total, is not guarded against: see the debrief's caveat.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

SUPPRESSED: Final = "<3"
WITHHELD: Final = "–"
SMALLEST_SHOWN: Final = 3


@dataclass(frozen=True)
class Cell:
    """A count and what the document prints for it."""

    count: int
    withheld: bool = False  # a total that would give a suppressed count away by subtraction

    @property
    def suppressed(self) -> bool:
        return 0 < self.count < SMALLEST_SHOWN

    @property
    def shown(self) -> str:
        if self.suppressed:
            return SUPPRESSED
        return WITHHELD if self.withheld else str(self.count)

    @property
    def drawn(self) -> int:
        """The count a chart draws: a suppressed count is always drawn as the largest it
        could be, so a bar's width gives no more away than the table does."""
        return SMALLEST_SHOWN - 1 if self.suppressed else self.count

    def __str__(self) -> str:
        return self.shown


def cell(count: int) -> Cell:
    return Cell(count)


def total(cells: Sequence[Cell]) -> Cell:
    """The total of a row or column, withheld when exactly one of its cells is suppressed
    (total minus the cells shown would give that one away)."""
    count = sum(c.count for c in cells)
    return Cell(count, withheld=sum(1 for c in cells if c.suppressed) == 1)

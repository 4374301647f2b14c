"""A long list of issues or problems cut to what a person reads, with how many were left out.

A hostile answers file with a million unknown keys made ``record put`` print a million lines.
The first ``MAX_SHOWN`` say what is wrong; a count says how much more there is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, TypeVar

MAX_SHOWN: Final = 50
Item = TypeVar("Item")


def capped(items: Sequence[Item], limit: int = MAX_SHOWN) -> tuple[Sequence[Item], int]:
    """The first ``limit`` items, and how many more there are (0 when all are shown)."""
    if limit < 0:
        raise ValueError("limit must not be negative")
    shown = items[:limit]
    return shown, len(items) - len(shown)


def more_line(more: int, noun: str = "problem") -> str:
    """The line that stands for the items left out, e.g. "… and 999,950 more problems."."""
    plural = noun if more == 1 else f"{noun}s"
    return f"… and {more:,} more {plural}."

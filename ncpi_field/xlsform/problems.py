"""Problems found in a form workbook, located by sheet, row and column, in a form author's words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from ncpi_field.errors import UserError
from ncpi_field.xlsform.spec import FormSpec

# pyxform starts many messages with "[row : 5]"; the row belongs in its own field.
_ROW_PREFIX: Final = re.compile(r"^\s*\[row\s*:\s*(\d+)\]\s*")
_SHEET_IN_MESSAGE: Final = re.compile(r"On the '(\w+)' sheet,?\s*", re.IGNORECASE)
_LEARN_MORE: Final = re.compile(r"\s*Learn more: \S+\s*$")
_COLUMN_IN_MESSAGE: Final = re.compile(r"^The '([\w:]+)' value (?:'[^']*' )?is invalid")
_MAX_MESSAGE: Final = 600
# pyxform joins the problems of several rows into one message, each line '[row : N] ...'.
_EACH_ROW: Final = re.compile(r"\n(?=\s*\[row\s*:)")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a form. ``row`` is 1-based on its sheet; 0 when it has no row."""

    sheet: str
    row: int
    column: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = [f"{self.sheet} sheet"] if self.sheet else []
        if self.row:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f'column "{self.column}"')
        text = f"{', '.join(where)}: {self.message}" if where else self.message
        return f"{text} {self.fix}".strip()


@dataclass(frozen=True)
class CheckResult:
    """What checking a workbook found: problems that block it, notes that do not, and the spec."""

    problems: list[Problem]
    spec: FormSpec | None  # present exactly when there are no problems
    notes: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


class FormRejected(UserError):
    """A workbook that is not a usable form; ``problems`` says why, row by row."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        first = str(self.problems[0]) if self.problems else "The form could not be read."
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
        super().__init__(f"The form cannot be used: {first}{suffix}")


def from_pyxform_all(message: str) -> list[Problem]:
    """One Problem per row of a pyxform message that names several rows, one per line."""
    parts = _EACH_ROW.split(str(message))
    found = [from_pyxform(part) for part in parts if part.strip()]
    return found or [from_pyxform(message)]


def from_pyxform(message: str, *, default_sheet: str = "survey") -> Problem:
    """Turn a pyxform message into a Problem, moving '[row : N]' into the row field."""
    text = " ".join(str(message).split())
    row = 0
    match = _ROW_PREFIX.match(text)
    if match:
        row = int(match.group(1))
        text = text[match.end() :]
    sheet = default_sheet if row else ""
    sheet_match = _SHEET_IN_MESSAGE.search(text)
    if sheet_match:
        sheet = sheet_match.group(1).lower()
        text = (text[: sheet_match.start()] + text[sheet_match.end() :]).strip()
        text = text[:1].upper() + text[1:]
    text = _LEARN_MORE.sub("", text)
    column_match = _COLUMN_IN_MESSAGE.match(text)
    column = column_match.group(1) if column_match else ""
    if len(text) > _MAX_MESSAGE:
        text = text[: _MAX_MESSAGE - 1] + "…"
    return Problem(sheet=sheet, row=row, column=column, message=text or "Unknown.")

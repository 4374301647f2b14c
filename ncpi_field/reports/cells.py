"""Cell values for an exported workbook: text a spreadsheet shows as typed and never runs.

A string that starts with = + - @, a tab or a carriage return could be taken for a formula (by
Excel, or by whatever reads a copy saved as CSV). Such a cell is written as a string cell with
Excel's quote prefix set: Excel shows and keeps it as text, and it reads back as the same text.
Characters XML cannot carry become U+FFFD, and line endings become line feeds (XML reads a bare
carriage return back as a line feed anyway), so what reads back is exactly what was written.
"""

from __future__ import annotations

import re
from typing import Any, Final

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
REPLACEMENT: Final = "\ufffd"
# What openpyxl refuses (XML 1.0 cannot hold it), and carriage returns.
_NEEDS_CLEANING: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\r]")
_ILLEGAL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

Value = str | int | float | None


def starts_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def clean_text(text: str) -> str:
    """The text as the workbook will hold it: line feeds for line ends, no XML-illegal chars."""
    if _NEEDS_CLEANING.search(text) is None:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL.sub(REPLACEMENT, text)


def cell(sheet: WriteOnlyWorksheet, value: Value) -> Any:
    """A value ready for ``sheet.append``: plain when safe, a text cell when it could run."""
    if type(value) is not str:
        return value
    risky = value.startswith(FORMULA_STARTS)
    text = clean_text(value)
    if not risky:
        return text
    written = WriteOnlyCell(sheet, value=text)
    written.data_type = "s"  # openpyxl would write a leading = as a formula
    written.quotePrefix = True
    return written


def row(sheet: WriteOnlyWorksheet, values: list[Value]) -> list[Any]:
    return [cell(sheet, value) for value in values]

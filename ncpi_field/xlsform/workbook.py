"""Open a form workbook (.xlsx, .xls or markdown tables) into pyxform's sheets, never raising."""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from pyxform.errors import PyXFormError
from pyxform.xls2json_backends import get_xlsform, is_markdown_table

from ncpi_field.bounded_file import FileRefused, read_limited
from ncpi_field.xlsform import safexml
from ncpi_field.xlsform.problems import Problem, from_pyxform

Source = Path | str | bytes
_XLSX_MAGIC: Final = b"PK\x03\x04"
_XLS_MAGIC: Final = bytes.fromhex("d0cf11e0a1b11ae1")
_NOT_A_FORM: Final = Problem(
    "",
    0,
    "",
    "The file is not an XLSForm: not an .xlsx or .xls workbook, nor markdown tables.",
    "Choose the form's .xlsx workbook.",
)


class Unreadable(Exception):
    """The workbook could not be opened; ``problem`` says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass(frozen=True)
class SurveyRow:
    """One non-empty row of the survey sheet with lower-cased headers and its sheet row number."""

    number: int
    cells: Mapping[str, str]

    @property
    def type(self) -> str:
        return " ".join(self.cells.get("type", "").split())

    @property
    def name(self) -> str:
        return self.cells.get("name", "").strip()


@dataclass(frozen=True)
class Workbook:
    sheets: Any  # pyxform's DefinitionData; its survey rows may be blanked by the type check
    sha256: str
    stem: str | None
    survey: tuple[SurveyRow, ...]


def read_source(source: Source, file_name: str | None = None) -> tuple[bytes, str | None]:
    """The bytes of a path or of bytes given, and the file stem that names the form by default."""
    if isinstance(source, bytes):
        return source, Path(file_name).stem if file_name else None
    path = Path(source)
    try:
        # Type and size first: /dev/zero, a FIFO or a 3 GB file must not be read whole.
        data = read_limited(path, safexml.MAX_WORKBOOK_BYTES)
    except FileRefused as exc:
        raise Unreadable(
            Problem("", 0, "", str(exc), "Choose the form's .xlsx workbook.")
        ) from None
    return data, Path(file_name or path.name).stem


def open_workbook(data: bytes, stem: str | None) -> Workbook:
    """Parse the workbook's sheets; raises Unreadable with a Problem for anything malformed."""
    problem = safexml.size_problem(data)
    if problem:
        raise Unreadable(problem)
    file_type = _file_type(data)
    if file_type == ".xlsx":
        problem = safexml.archive_problem(data)
        if problem:
            raise Unreadable(problem)
    safexml.ensure_defused()
    sheets = _parse(data, file_type)
    if sheets.survey is None:
        raise Unreadable(
            Problem("", 0, "", "The workbook has no 'survey' sheet.", "Add a sheet named survey.")
        )
    rows = tuple(_survey_rows(sheets.survey))
    return Workbook(sheets, hashlib.sha256(data).hexdigest(), stem, rows)


def _file_type(data: bytes) -> str:
    if data.startswith(_XLSX_MAGIC):
        return ".xlsx"
    if data.startswith(_XLS_MAGIC):
        return ".xls"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable(_NOT_A_FORM) from None
    if not is_markdown_table(text):
        raise Unreadable(_NOT_A_FORM)
    return ".md"


def _parse(data: bytes, file_type: str) -> Any:
    try:
        # openpyxl warns about workbook features it drops (extensions, data validation);
        # none of them matter to a form, and warnings must not escape as errors.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return get_xlsform(data, file_type=file_type)
    except PyXFormError as exc:
        raise Unreadable(_read_problem(file_type, exc)) from None
    except Exception:  # any failure of the parsing stack means a damaged file
        raise Unreadable(_damaged(file_type)) from None


def _read_problem(file_type: str, exc: PyXFormError) -> Problem:
    message = str(exc)
    if message.startswith("Duplicate column header"):
        return from_pyxform(message + ". Each column header may appear only once on a sheet.")
    return _damaged(file_type)


def _damaged(file_type: str) -> Problem:
    kind = {".xlsx": "an .xlsx workbook", ".xls": "an .xls workbook"}.get(
        file_type, "a markdown-table form"
    )
    return Problem(
        "",
        0,
        "",
        f"The file could not be read as {kind}: it is damaged, truncated or not a form.",
        "Save it again from the spreadsheet program, or copy a fresh one.",
    )


def _survey_rows(rows: Sequence[Mapping[str, Any]]) -> list[SurveyRow]:
    # pyxform keeps blank rows in the list so that position + 2 is the sheet row (header is 1).
    return [
        SurveyRow(index + 2, {str(k).strip().lower(): str(v) for k, v in row.items()})
        for index, row in enumerate(rows)
        if row
    ]

"""The workbook writer: openpyxl in write-only mode, neutralised cells, written atomically.

The file is written beside its final name (a private temporary file), flushed to disk, then
renamed over the final name and the folder synced: a failure at any point leaves no file under
the final name, and a file already there untouched. The workbook is not encrypted: the faces
say so before writing it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from openpyxl import Workbook
from openpyxl.worksheet._writer import WorksheetWriter

from ncpi_field.atomic import fsync_directory, storage_error
from ncpi_field.errors import ExportRefused
from ncpi_field.reports.cells import Value, row

SUFFIX: Final = ".xlsx"
SHEET_NAME_MAX: Final = 31
PROGRESS_EVERY: Final = 500
PRIVATE: Final = 0o600
_NOT_IN_SHEET_NAMES: Final = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Sheet:
    """One sheet: its title, header and rows (an iterable, so rows can stream)."""

    title: str
    header: Sequence[str]
    rows: Iterable[list[Value]]
    size: int = 0  # rows expected, for progress


@dataclass(frozen=True)
class Written:
    """What an export wrote: where, and each sheet's title and row count."""

    path: Path
    sheets: tuple[tuple[str, int], ...]


def check_destination(out: Path) -> Path:
    """The final path, or ExportRefused saying why it cannot be written there."""
    if out.suffix.lower() != SUFFIX:
        raise ExportRefused("The workbook's file name must end in .xlsx.")
    if out.is_dir():
        raise ExportRefused("That path is a folder; give a file name ending in .xlsx.")
    if not out.parent.is_dir():
        raise ExportRefused("The folder to write the workbook in does not exist.")
    return out


def sheet_titles(bases: Sequence[str]) -> list[str]:
    """Excel-safe, unique sheet titles (31 characters, none of []:*?/\\)."""
    used: set[str] = set()
    titles = []
    for base in bases:
        title = base.translate(_NOT_IN_SHEET_NAMES)[:SHEET_NAME_MAX] or "sheet"
        number = 2
        while title.lower() in used:
            suffix = f"~{number}"
            title = f"{title[: SHEET_NAME_MAX - len(suffix)]}{suffix}"
            number += 1
        used.add(title.lower())
        titles.append(title)
    return titles


def write_workbook(
    out: Path, sheets: Sequence[Sheet], *, progress: Progress | None = None
) -> Written:
    """Write ``sheets`` to ``out`` atomically. Raises ExportRefused or StorageError.

    openpyxl spools each sheet to a file before zipping them; those spool files are kept in a
    private folder beside ``out`` (never the system's temporary folder) and removed after.
    """
    out = check_destination(out)
    work: Path | None = None
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
        built = work / "workbook.xlsx"
        counts = _write(built, work, sheets, progress)
        built.chmod(PRIVATE)  # plaintext case data: readable by its owner only
        _fsync_file(built)
        os.replace(built, out)
        fsync_directory(out.parent)
    except OSError as exc:
        raise storage_error(exc, "the workbook") from exc
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    return Written(out, counts)


class _SpooledSheet(WorksheetWriter):  # type: ignore[misc]
    """openpyxl's sheet writer, spooling to a file we name (and remove) ourselves."""

    def cleanup(self) -> None:
        with contextlib.suppress(OSError):
            os.remove(self.out)


def _write(
    path: Path, work: Path, sheets: Sequence[Sheet], progress: Progress | None
) -> tuple[tuple[str, int], ...]:
    book = Workbook(write_only=True)
    try:
        counts = _fill(book, work, sheets, progress)
    except BaseException:
        _abandon(book)
        raise
    book.save(str(path))
    return counts


def _fill(
    book: Workbook, work: Path, sheets: Sequence[Sheet], progress: Progress | None
) -> tuple[tuple[str, int], ...]:
    total = sum(sheet.size for sheet in sheets) or 1
    done = 0
    counts = []
    titles = sheet_titles([s.title for s in sheets])
    for number, (sheet, title) in enumerate(zip(sheets, titles, strict=True)):
        target = book.create_sheet(title)
        target._writer = _SpooledSheet(target, out=str(work / f"sheet{number}.xml"))
        target._writer.write_top()
        target.append(row(target, list(sheet.header)))
        written = 0
        for values in sheet.rows:
            target.append(row(target, values))
            written += 1
            if progress is not None and written % PROGRESS_EVERY == 0:
                progress(min(done + written, total), total)
        counts.append((title, written))
        done += sheet.size
        if progress is not None:
            progress(min(done, total), total)
    return tuple(counts)


def _abandon(book: Workbook) -> None:
    """Close every sheet's spool so nothing is left open (the folder is removed after)."""
    for sheet in book.worksheets:
        with contextlib.suppress(Exception):
            sheet.close()


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())

"""The workbook writer: openpyxl in write-only mode, neutralised cells, written atomically.

The file is written beside its final name (a private temporary file), flushed to disk, then
renamed over the final name and the folder synced: a failure at any point leaves no file under
the final name, and a file already there untouched. The workbook is not encrypted: the faces
say so before writing it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from openpyxl import Workbook

from ncpi_field.atomic import fsync_directory, storage_error
from ncpi_field.errors import ExportRefused
from ncpi_field.reports.cells import Value, row

SUFFIX: Final = ".xlsx"
SHEET_NAME_MAX: Final = 31
PROGRESS_EVERY: Final = 500
_NOT_IN_SHEET_NAMES: Final = str.maketrans({c: "_" for c in "[]:*?/\\"})

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
    """Write ``sheets`` to ``out`` atomically. Raises ExportRefused or StorageError."""
    out = check_destination(out)
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        os.close(fd)
        counts = _write(Path(tmp_name), sheets, progress)
        _fsync_file(Path(tmp_name))
        os.replace(tmp_name, out)
        tmp_name = None
        fsync_directory(out.parent)
    except OSError as exc:
        raise storage_error(exc, "the workbook") from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return Written(out, counts)


def _write(
    path: Path, sheets: Sequence[Sheet], progress: Progress | None
) -> tuple[tuple[str, int], ...]:
    book = Workbook(write_only=True)
    total = sum(sheet.size for sheet in sheets) or 1
    done = 0
    counts = []
    for sheet, title in zip(sheets, sheet_titles([s.title for s in sheets]), strict=True):
        target = book.create_sheet(title)
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
    book.save(str(path))
    return tuple(counts)


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())

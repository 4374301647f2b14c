"""Write each instrument's XLSForm workbook from its source, byte for byte the same every run.

Run ``python -m forms.source.build`` after editing forms/source/, or ``python -m forms.source.build
--check`` to fail when a shipped workbook differs from what its source produces. Build tooling: it
lives here, in forms.source, so that the wheel (which ships forms/*.xlsx, not forms.source) leaves
it out.
"""

from __future__ import annotations

import argparse
import datetime
import io
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from typing import Final

from openpyxl import Workbook, load_workbook
from openpyxl.writer.excel import ExcelWriter

from forms.source import INSTRUMENTS, Instrument
from forms.source.model import ENGLISH, WELSH, ChoiceList, Row

FORMS_DIR: Final = Path(__file__).resolve().parents[1]
# Fixed so that a rebuild from an unchanged source gives identical bytes.
FIXED_TIME: Final = datetime.datetime(2026, 1, 1, 0, 0, 0)
ZIP_TIME: Final = (2026, 1, 1, 0, 0, 0)

# Survey sheet columns and the Row attribute each one comes from.
SURVEY_COLUMNS: Final[tuple[tuple[str, str], ...]] = (
    ("type", "type"),
    ("name", "name"),
    (f"label::{ENGLISH}", "label"),
    (f"label::{WELSH}", "label_cy"),
    (f"hint::{ENGLISH}", "hint"),
    (f"hint::{WELSH}", "hint_cy"),
    ("required", "required"),
    (f"required_message::{ENGLISH}", "required_message"),
    (f"required_message::{WELSH}", "required_message_cy"),
    ("relevant", "relevant"),
    ("constraint", "constraint"),
    (f"constraint_message::{ENGLISH}", "constraint_message"),
    (f"constraint_message::{WELSH}", "constraint_message_cy"),
    ("calculation", "calculation"),
    ("default", "default"),
    ("choice_filter", "choice_filter"),
    ("appearance", "appearance"),
)
CHOICE_COLUMNS: Final = ("list_name", "name", f"label::{ENGLISH}", f"label::{WELSH}", "framework")
SETTINGS_COLUMNS: Final = (
    "form_id",
    "version",
    "form_title",
    "default_language",
    "title_field",
    "pii_blocks_completion",
)

assert {attr for _col, attr in SURVEY_COLUMNS} == {f.name for f in fields(Row)}


def survey_rows(instrument: Instrument) -> list[list[str]]:
    header = [column for column, _attr in SURVEY_COLUMNS]
    body = [[getattr(row, attr) for _col, attr in SURVEY_COLUMNS] for row in instrument.survey]
    return [header, *body]


def choice_rows(lists: Sequence[ChoiceList]) -> list[list[str]]:
    body = [[cl.name, o.name, o.label, o.label_cy, o.framework] for cl in lists for o in cl.options]
    return [list(CHOICE_COLUMNS), *body]


def settings_rows(instrument: Instrument) -> list[list[str]]:
    values = [
        instrument.form_id,
        instrument.version,
        instrument.title,
        ENGLISH,
        instrument.title_field,
        "yes" if instrument.pii_blocks_completion else "no",
    ]
    return [list(SETTINGS_COLUMNS), values]


def sheets(instrument: Instrument) -> dict[str, list[list[str]]]:
    return {
        "survey": survey_rows(instrument),
        "choices": choice_rows(instrument.used_lists()),
        "settings": settings_rows(instrument),
    }


def workbook(instrument: Instrument) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets(instrument).items():
        sheet = book.create_sheet(title)
        for row in rows:
            # Empty strings become empty cells, as an author would leave them.
            sheet.append([value or None for value in row])
        sheet.freeze_panes = "A2"
    props = book.properties
    props.creator = props.lastModifiedBy = "forms/build.py"
    props.title = instrument.title
    props.created = props.modified = FIXED_TIME
    return book


def workbook_bytes(instrument: Instrument) -> bytes:
    """The .xlsx bytes, with fixed document times and zip entry times."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter directly: save_workbook would stamp the current time as 'modified'.
        ExcelWriter(workbook(instrument), archive).write_data()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def read_sheets(data: bytes) -> dict[str, list[list[str]]]:
    """A workbook's cell values, sheet by sheet, with empty cells as empty strings."""
    book = load_workbook(io.BytesIO(data), read_only=True)
    try:
        return {
            sheet.title: [
                ["" if value is None else str(value) for value in row]
                for row in sheet.iter_rows(values_only=True)
            ]
            for sheet in book.worksheets
        }
    finally:
        book.close()


def path_of(instrument: Instrument, directory: Path = FORMS_DIR) -> Path:
    return directory / f"{instrument.form_id}.xlsx"


def build(directory: Path = FORMS_DIR) -> list[Path]:
    written = []
    for instrument in INSTRUMENTS:
        path = path_of(instrument, directory)
        path.write_bytes(workbook_bytes(instrument))
        written.append(path)
    return written


def stale(directory: Path = FORMS_DIR) -> list[Path]:
    """Shipped workbooks whose content differs from what their source produces."""
    return [
        path_of(instrument, directory)
        for instrument in INSTRUMENTS
        if not path_of(instrument, directory).is_file()
        or read_sheets(path_of(instrument, directory).read_bytes()) != sheets_as_read(instrument)
    ]


def sheets_as_read(instrument: Instrument) -> dict[str, list[list[str]]]:
    """What read_sheets gives for the workbook built from ``instrument``."""
    return read_sheets(workbook_bytes(instrument))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m forms.source.build", description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if a workbook is out of date")
    args = parser.parse_args(argv)
    if args.check:
        out_of_date = stale()
        for path in out_of_date:
            print(f"{path.name} is out of date: run python -m forms.source.build", file=sys.stderr)
        return 1 if out_of_date else 0
    for path in build():
        print(f"wrote {path.relative_to(FORMS_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Real-world-style XLSForms, written for these tests, that once tripped the form checker.

Each workbook has the shape of forms found in public health, household and field-mapping
surveys, cut down to the rows that matter. Cells are Python values, so a TRUE typed into
Excel is the boolean True it is stored as. Run this file to write them into
tests/data/xlsform-field/ (``python tests/xlsform/field_workbooks.py``); the table test reads
them there and checks that they still hold what is written here. Only workbooks whose cells
changed are rewritten: openpyxl stamps each save, so a rewrite always differs byte for byte.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from openpyxl import Workbook, load_workbook

Cell = str | bool | int | None
Sheets = dict[str, list[list[Cell]]]

_SURVEY: Final[list[Cell]] = [
    "type",
    "name",
    "label",
    "relevant",
    "required",
    "calculation",
    "parameters",
]
_CHOICES: Final[list[Cell]] = ["list_name", "name", "label"]
_YES_NO: Final[list[list[Cell]]] = [["yes_no", "yes", "Yes"], ["yes_no", "no", "No"]]


def _form(
    form_id: str, survey: list[list[Cell]], choices: list[list[Cell]] | None = None
) -> Sheets:
    sheets: Sheets = {"survey": [_SURVEY, *survey]}
    if choices:
        sheets["choices"] = [_CHOICES, *choices]
    sheets["settings"] = [["form_id", "version", "form_title"], [form_id, "2024061101", form_id]]
    return sheets


WORKBOOKS: Final[dict[str, Sheets]] = {
    # 'string' is what XLSForm called text before 2013; older household surveys still use it.
    "string_alias.xlsx": _form(
        "household_listing",
        [
            ["string", "village", "Village or settlement"],
            ["integer", "hh_size", "How many people live in this household?"],
            ["string", "remarks", "Remarks", "${hh_size} > 10"],
        ],
    ),
    # pyxform names the list under 'itemset' once a select has parameters.
    "randomized_choices.xlsx": _form(
        "water_point_survey",
        [
            ["select_one source", "main_source", "Main source of drinking water", None, "yes"],
            [
                "select_multiple problems",
                "problems",
                "Problems in the last month",
                None,
                None,
                None,
                "randomize=true",
            ],
            [
                "select_one yes_no",
                "treated",
                "Is the water treated?",
                None,
                None,
                None,
                "randomize=true",
            ],
        ],
        [
            ["source", "piped", "Piped into dwelling"],
            ["source", "borehole", "Borehole"],
            ["source", "surface", "Surface water"],
            ["problems", "taste", "Bad taste"],
            ["problems", "colour", "Colour"],
            ["problems", "dry", "Source ran dry"],
            *_YES_NO,
        ],
    ),
    # TRUE and FALSE typed into Excel cells are boolean cells; null in an if() is a bare name.
    "boolean_cells.xlsx": _form(
        "clinic_visit",
        [
            ["integer", "age_months", "Child's age in months", None, True],
            ["select_one yes_no", "vaccinated", "Vaccination card seen?", True, False],
            ["text", "card_missing_reason", "Why was no card seen?", False],
            ["calculate", "under_five", "", None, None, "if(${age_months} < 60, 1, null)"],
        ],
        _YES_NO,
    ),
    # One name in two groups: pyxform allows it where the paths differ.
    "same_name_in_groups.xlsx": _form(
        "school_visit",
        [
            ["begin group", "classroom_a", "First classroom"],
            ["integer", "pupils", "Pupils present"],
            ["text", "notes", "Notes"],
            ["end group", "", ""],
            ["begin group", "classroom_b", "Second classroom"],
            ["integer", "pupils", "Pupils present"],
            ["text", "notes", "Notes"],
            ["end group", "", ""],
        ],
    ),
    # A refused row that other rows refer to: one problem for it, one per referring row.
    "refused_row_referenced.xlsx": _form(
        "site_mapping",
        [
            ["text", "site_ref", "Site reference"],
            ["geopoint", "location", "Record the site's location"],
            ["note", "location_done", "Location recorded", "${location} != ''"],
            ["calculate", "has_location", "", None, None, "if(${location} = '', 0, 1)"],
            ["note", "location_shown", "The site is at ${location}"],
        ],
    ),
    # pyxform reports both duplicate choices in one message, a line each.
    "duplicate_choices.xlsx": _form(
        "market_prices",
        [["select_one unit", "unit", "Unit of sale"]],
        [
            ["unit", "kg", "Kilogram"],
            ["unit", "kg", "Kilo bag"],
            ["unit", "tin", "Tin"],
            ["unit", "tin", "Small tin"],
        ],
    ),
    # ODK Validate refuses a calculation that reads itself; pyxform alone does not look.
    "self_referring_calculation.xlsx": _form(
        "visit_counter",
        [
            ["integer", "visits", "Visits this month"],
            ["calculate", "running_total", "", None, None, ". + ${visits}"],
        ],
    ),
    # A read-only decimal whose calculation divides by zero when no one was seen.
    "division_by_zero.xlsx": _form(
        "outreach_tally",
        [
            ["integer", "seen", "People seen"],
            ["integer", "referred", "People referred"],
            ["decimal", "referral_rate", "Referral rate", None, None, "${referred} div ${seen}"],
        ],
    ),
    # What an inspection of children's records must not collect, among rows it may.
    "policy_refusals.xlsx": _form(
        "health_facility_assessment",
        [
            ["start", "start", ""],
            ["deviceid", "device", ""],
            ["username", "enumerator", ""],
            ["phonenumber", "phone", ""],
            ["email", "enumerator_email", ""],
            ["audit", "audit", ""],
            ["text", "facility", "Facility name"],
            ["geopoint", "gps", "Facility location"],
            ["image", "entrance_photo", "Photo of the entrance"],
            ["audio", "interview_audio", "Record the interview"],
            ["background-audio", "ambient", ""],
            ["file", "register_scan", "Attach the register"],
        ],
    ),
}

# Fixed so that writing the workbooks twice gives the same cells and properties.
_WHEN: Final = dt.datetime(2024, 6, 11, 9, 0, 0)


def write(name: str, sheets: Sheets, folder: Path) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.properties.created = book.properties.modified = _WHEN
    book.properties.creator = "NCPI Field tests"
    path = folder / name
    book.save(path)
    return path


def cells(rows: Iterable[Sequence[Any]]) -> list[list[Any]]:
    """Rows as a sheet holds them: an empty string is an empty cell; trailing ones dropped."""
    out = []
    for row in rows:
        held = [None if cell == "" else cell for cell in row]
        while held and held[-1] is None:
            held.pop()
        out.append(held)
    return out


def holds(path: Path, sheets: Sheets) -> bool:
    """Whether the workbook at ``path`` holds exactly ``sheets``."""
    book = load_workbook(path)
    held = {sheet.title: cells(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
    return held == {title: cells(rows) for title, rows in sheets.items()}


def main(folder: Path) -> None:
    """Write the workbooks whose cells changed (openpyxl's files differ byte for byte)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, sheets in WORKBOOKS.items():
        path = folder / name
        if not path.exists() or not holds(path, sheets):
            write(name, sheets, folder)


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[1] / "data" / "xlsform-field"
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default)

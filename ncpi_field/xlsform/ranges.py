"""Range rows' start, end and step, checked row by row before pyxform sees the form.

pyxform stops at the first bad range row; a form author fixing a workbook wants every bad row
at once, each with its row. A bad row's parameters are then cleared (pyxform's defaults apply)
so the rest of the form is still checked and rows that refer to it still find it; the form is
refused for the problem reported here.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from ncpi_field.xlsform.attachments import parameters_of
from ncpi_field.xlsform.problems import Problem
from ncpi_field.xlsform.rowtypes import classify
from ncpi_field.xlsform.spec import RANGE_DEFAULTS
from ncpi_field.xlsform.workbook import SurveyRow

_FIX = "Write start, end and step as numbers, e.g. start=0 end=10 step=1 (step not 0)."


def range_problems(rows: tuple[SurveyRow, ...], survey: Any) -> list[Problem]:
    """One problem for each range row whose parameters pyxform would refuse."""
    found = []
    for row in rows:
        if not row.type or classify(row.type).kind != "range":
            continue
        message = _parameters_problem(parameters_of(row.cells.get("parameters", "")))
        if message is None:
            continue
        found.append(Problem("survey", row.number, "parameters", message, _FIX))
        sheet_row = survey[row.number - 2]
        for key in list(sheet_row):
            if str(key).strip().lower() == "parameters":
                sheet_row[key] = ""
    return found


def _parameters_problem(parameters: dict[str, str]) -> str | None:
    values: dict[str, Decimal] = {}
    for name, default in RANGE_DEFAULTS.items():
        text = parameters.get(name, default)
        try:
            value = Decimal(text)
        except InvalidOperation:
            return f'The range parameter {name} is "{text}", which is not a number.'
        if not value.is_finite():
            return f'The range parameter {name} is "{text}", which is not a finite number.'
        values[name] = value
    step, width = values["step"], abs(values["end"] - values["start"])
    if step == 0:
        return "The range step is 0, so the answer could never move from the start."
    if step > width:
        return (
            f"The range step ({text_of(step)}) is wider than the range from "
            f"{text_of(values['start'])} to {text_of(values['end'])}."
        )
    return None


def text_of(number: Decimal) -> str:
    return format(number, "f")

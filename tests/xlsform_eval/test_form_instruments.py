"""The NCPI instruments in forms/ evaluate: no cycles, no failing expressions, undo is exact."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.reader import read_form
from ncpi_field.xlsform.validate import issues

FORMS = Path(__file__).resolve().parents[2] / "forms"
CLOCK = dt.datetime(2024, 5, 14, 9, 30)


@pytest.mark.parametrize("instrument", ["case_audit", "reality_test", "observation", "debrief"])
def test_instrument_evaluates(instrument: str) -> None:
    spec = read_form(FORMS / f"{instrument}.xlsx")
    state = FormState.new(spec, now=CLOCK)
    assert state.expression_errors() == {}
    assert all(issue.kind == "required" for issue in issues(state))
    before = state.snapshot()
    for question in spec.questions():
        if (
            question.takes_input
            and question.kind == "select_one"
            and not spec.repeat_of(question.name)
        ):
            original = state.value(question.name)
            for choice in state.choices(question.name):
                state.set_answer(question.name, choice.name)
            incremental = state.snapshot()
            state.full_evaluate()
            assert state.snapshot() == incremental
            state.set_answer(question.name, original)
    assert state.snapshot() == before

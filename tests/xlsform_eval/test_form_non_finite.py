"""No NaN or infinity reaches an answer: JSON cannot hold them, and records refuse them."""

from __future__ import annotations

import json

import pytest
from eval_forms import form, question
from hypothesis import given
from hypothesis import strategies as st

from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.validate import validate


@pytest.mark.parametrize(
    ("expression", "kind"),
    [
        ("1 div 0", "decimal"),
        ("-1 div 0", "calculate"),
        ("0 div 0", "decimal"),
        ("number('x')", "integer"),
        ("${a} div ${b}", "calculate"),
    ],
)
def test_a_non_finite_calculation_is_blank_and_blocks_nothing(expression: str, kind: str) -> None:
    spec = form(
        question("a", "integer"),
        question("b", "integer"),
        question("c", kind, calculate=expression),  # type: ignore[arg-type]
    )
    state = FormState(spec, {"a": 1, "b": 0})
    assert state.value("c") == ""
    assert json.loads(json.dumps(state.answers(), allow_nan=False)) == {"a": 1, "b": 0, "c": ""}
    assert validate(spec, state.stored_answers()) == []


def test_a_dynamic_default_that_is_not_a_number_is_blank() -> None:
    spec = form(question("rate", "decimal", default="1 div 0"))
    assert FormState.new(spec).value("rate") == ""


@pytest.mark.parametrize("written", ["nan", "inf", "NaN"])
def test_a_static_default_nan_stays_text_for_the_inspector_to_correct(written: str) -> None:
    spec = form(question("rate", "decimal", default=written))
    state = FormState.new(spec)
    assert state.value("rate") == written
    json.dumps(state.answers(), allow_nan=False)
    (issue,) = validate(spec, state.stored_answers())
    assert issue.kind == "type"


@given(st.integers(-1000, 1000), st.integers(-1000, 1000))
def test_a_division_stores_a_finite_number_or_blank(top: int, bottom: int) -> None:
    spec = form(
        question("a", "integer"),
        question("b", "integer"),
        question("q", "decimal", calculate="${a} div ${b}"),
    )
    state = FormState(spec, {"a": top, "b": bottom})
    value = state.value("q")
    if bottom == 0:
        assert value == ""
    else:
        assert float(str(value)) == pytest.approx(top / bottom)
    json.dumps(state.answers(), allow_nan=False)

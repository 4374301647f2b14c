"""Laws of the new question features, end to end through the checker and validation."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ncpi_field import form_cache
from ncpi_field.xlsform.check import check_form
from ncpi_field.xlsform.spec import FormSpec
from ncpi_field.xlsform.validate import validate
from tests.xlsform.xlsform_mdforms import form


def _range_spec(parameters: str) -> FormSpec:
    data = form(
        [("range", "score", "Score", parameters)], header=("type", "name", "label", "parameters")
    )
    spec = check_form(data, file_name="f.md").spec
    assert spec is not None
    return spec


SPECS = {
    parameters: _range_spec(parameters)
    for parameters in ("start=0 end=10 step=2", "start=10 end=-5 step=5", "start=0 end=1 step=0.25")
}


@settings(max_examples=200)
@given(
    parameters=st.sampled_from(sorted(SPECS)),
    quarters=st.integers(-80, 80),
)
def test_validation_accepts_a_range_answer_iff_within_bounds_and_on_a_step(
    parameters: str, quarters: int
) -> None:
    spec = SPECS[parameters]
    bounds = spec.node("score").range
    assert bounds is not None
    value = Decimal(quarters) / 4
    whole = value == value.to_integral_value()
    answer: float | int = int(value) if whole else float(value)
    issues = validate(spec, {"score": answer})
    within = bounds.low <= value <= bounds.high
    on_step = (value - bounds.start) % bounds.step == 0
    typed = bounds.decimal or whole
    assert (issues == []) == (within and on_step and typed)


def test_a_spec_with_ranges_and_choice_files_round_trips_through_the_cache() -> None:
    data = form(
        [
            ("range", "score", "Score", "start=0 end=1 step=0.25"),
            ("select_one_from_file places.csv", "place", "Place", "value=code label=title"),
        ],
        header=("type", "name", "label", "parameters"),
    )
    csv = b"code,title,label::Welsh (cy)\nA,Alpha,Alffa\n"
    spec = check_form(data, file_name="f.md", attachments={"places.csv": csv}).spec
    assert spec is not None
    assert form_cache.from_json(form_cache.to_json(spec)) == spec
    assert (
        spec.node("score").range
        == form_cache.from_json(form_cache.to_json(spec)).node("score").range
    )

"""Hypothesis: incremental evaluation always agrees with a full one, and changes undo cleanly."""

from __future__ import annotations

from typing import Any

from eval_forms import CLOCK, case_audit
from hypothesis import given
from hypothesis import strategies as st

from ncpi_field.xlsform.evaluate import FormState

SPEC = case_audit()
TOP_LEVEL: dict[str, list[Any]] = {
    "framework": ["2019", "2024", "", None],
    "category": ["da", "online", "cce", "nope", None],
    "immediate_risk": ["yes", "no", None],
    "risk_summary": ["left alone", "", None],
    "lead_informed": ["yes", "no", None],
    "grade": ["good", "ri", "inad", "", None],
    "rationale": ["short", "x" * 60, None],
    "children": [0, 1, 5, "two", None],
    "share": ["yes", "no", None],
    "audit_date": ["2024-05-01", "bad", None],
}
IN_VISITS: dict[str, list[Any]] = {
    "visit_date": ["2024-05-01", "2030-01-01", "bad", None],
    "hours": [1, 9, 12.5, "", "many", None],
    "late": ["yes", "no", None],
}
Change = tuple[str, Any, int | None]


def _visit(draw: st.DrawFn) -> dict[str, Any]:
    visit = {name: draw(st.sampled_from(values)) for name, values in IN_VISITS.items()}
    return {name: value for name, value in visit.items() if value is not None}


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    answers = {name: draw(st.sampled_from(values)) for name, values in TOP_LEVEL.items()}
    answers = {name: value for name, value in answers.items() if value is not None}
    answers["visits"] = [_visit(draw) for _ in range(draw(st.integers(0, 3)))]
    return answers


@st.composite
def changes(draw: st.DrawFn, visits: int) -> Change:
    pools = dict(TOP_LEVEL)
    if visits:
        pools.update(IN_VISITS)
    name = draw(st.sampled_from(sorted(pools)))
    index = draw(st.integers(0, visits - 1)) if name in IN_VISITS else None
    return name, draw(st.sampled_from(pools[name])), index


@given(st.data())
def test_incremental_evaluation_equals_full_evaluation(data: st.DataObject) -> None:
    answers = data.draw(records())
    state = FormState(SPEC, answers, now=CLOCK)
    for name, value, index in data.draw(st.lists(changes(len(answers["visits"])), max_size=12)):
        state.set_answer(name, value, index)
    incremental = state.snapshot()
    state.full_evaluate()
    assert state.snapshot() == incremental
    fresh = FormState(SPEC, state.answers(), now=CLOCK)
    assert fresh.snapshot() == incremental


@given(st.data())
def test_changing_an_answer_and_back_restores_the_state(data: st.DataObject) -> None:
    answers = data.draw(records())
    state = FormState(SPEC, answers, now=CLOCK)
    before = state.snapshot()
    name, value, index = data.draw(changes(len(answers["visits"])))
    original = state.value(name, index)
    state.set_answer(name, value, index)
    state.set_answer(name, original, index)
    assert state.snapshot() == before


@given(records())
def test_stored_answers_hold_only_relevant_questions(answers: dict[str, Any]) -> None:
    state = FormState(SPEC, answers, now=CLOCK)
    stored = state.stored_answers()
    for name in stored:
        if name != "visits":
            assert state.relevant(name)
    for index, visit in enumerate(stored["visits"]):
        assert all(state.relevant(name, index) for name in visit)

"""Laws: the compiled form engine gives what the reference engine (before compiling) gave.

On random answers to every installed instrument, the hand-built forms and the corpus forms that
load: the same values, relevance, requirements, read-only flags, constraints, offered choices,
expression errors, and the same issues in the same order.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from eval_forms import CATEGORIES, CLOCK, case_audit, form, group, question
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_engine import ReferenceState

from benchmarks import bench_form_eval
from benchmarks.case_audit import complete_case_audit
from ncpi_field import formstore
from ncpi_field.xlsform.check import check_form
from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.evaluate_answers import FormLayout
from ncpi_field.xlsform.spec import FormSpec, Group, Node, Question
from ncpi_field.xlsform.validate import issues

DATA = Path(__file__).resolve().parents[1] / "data"
INSTRUMENTS = (
    "case_audit",
    "reality_test",
    "observation",
    "debrief",
    "inspection",
    "recommendation_status",
)
CORPUS = (
    "xlsform-corpus/choice_filter_test.xlsx",
    "xlsform-corpus/specify_other.md",
    "xlsform-features/school_visit_from_file.md",
    "xlsform-features/household_roster_indexed.md",
    "xlsform-features/clinic_triage_ranges.md",
    "xlsform-field/boolean_cells.xlsx",
    "xlsform-field/division_by_zero.xlsx",
)
# Values that are right, wrong or odd for each kind of question (None: left unanswered).
NUMBERS: list[Any] = [0, 1, 5, -3, 2.5, 120, "7", "4,5", "x", "", True, None]
DATES: list[Any] = ["2024-05-01", "2030-01-01", "2024-02-30", "bad", "", None]
TEXTS: list[Any] = ["", "short", "x" * 60, "yes", "DA_CHILD_PRESENT", 3, None]
BY_KIND: dict[str, list[Any]] = {
    "integer": NUMBERS,
    "decimal": NUMBERS,
    "range": NUMBERS,
    "date": DATES,
    "dateTime": ["2024-05-01T10:00:00", "2024-05-01", "bad", None],
    "time": ["10:00", "25:00", "", None],
    "acknowledge": ["OK", "", None],
    "calculate": ["stale", None, None],
    "note": [None],
    "hidden": ["kept", None],
}


# Answers chosen to make the rules of failing_rules() fail, pass, or compare oddly.
BY_NAME: dict[str, list[Any]] = {
    "pattern": ["", "need", "ro", "[", "a+", "2019", "2024", "(", "visits", 3, None],
}


def failing_rules() -> FormSpec:
    """Rules that fail on some answers or on all: their errors and issues must agree too."""
    return form(
        question("pattern"),
        question("checked", constraint="regex(., ${pattern})", required="${pattern} = 'need'"),
        question("joined", "calculate", calculate="${pattern} | 1"),
        question("kind", "select_one", "category", choice_filter="framework = nosuch(${pattern})"),
        question("kind2", "select_one", "category", choice_filter="framework != ${pattern}"),
        question("kind3", "select_one", "category", choice_filter="${pattern} <= framework"),
        question(
            "kinds",
            "select_multiple",
            "category",
            choice_filter="${pattern} < framework or label = 'Online abuse' or name = 'da'",
        ),
        question("gated", relevant="substr(${pattern})", readonly="${pattern} = 'ro'"),
        group(
            "visits",
            question("when", "date", constraint="indexed-repeat(${when}, ${pattern}, 1) != ''"),
            question("n", "integer", required="position(..) = 1"),
            question("share", "calculate", calculate="${n} div sum(${n})"),
            question("first_n", "calculate", calculate="indexed-repeat(${n}, ${visits}, 1)"),
            question("seen", "calculate", calculate="once(concat(${pattern}, position(..)))"),
            repeat=True,
        ),
        question("total", "integer", constraint=". = sum(${n})", relevant="count(${visits}) > 0"),
        lists=(CATEGORIES,),
    )


@functools.cache
def form_named(name: str) -> FormSpec:
    if name == "hand-built case audit":
        return case_audit()
    if name == "rules that fail":
        return failing_rules()
    if name == "312-question chained form":
        return bench_form_eval.form()
    if name in INSTRUMENTS:
        return formstore.installed_spec(name)
    spec = check_form(DATA / name).spec
    assert spec is not None, f"{name} no longer loads"
    return spec


FORMS = (
    "hand-built case audit",
    "rules that fail",
    "312-question chained form",
    *INSTRUMENTS,
    *CORPUS,
)


def _choice_values(spec: FormSpec, question: Question) -> st.SearchStrategy[Any]:
    listed = spec.choices.get(question.list_name or "")
    names = [choice.name for choice in listed.choices] if listed else []
    odd: list[Any] = ["", "no_such_choice", None]
    if question.kind == "select_one":
        return st.sampled_from(names + odd) if names else st.sampled_from(odd)
    picked = st.lists(st.sampled_from(names), max_size=3) if names else st.just([])
    return st.one_of(picked, st.sampled_from([*odd, "a b"]))


def _values(spec: FormSpec, question: Question) -> st.SearchStrategy[Any]:
    if question.kind in ("select_one", "select_multiple", "evidence"):
        return _choice_values(spec, question)
    return st.sampled_from(BY_NAME.get(question.name) or BY_KIND.get(question.kind, TEXTS))


def _answered(nodes: Sequence[Node]) -> list[Node]:
    found: list[Node] = []
    for node in nodes:
        if isinstance(node, Group) and not node.repeat:
            found.extend(_answered(node.children))
        else:
            found.append(node)
    return found


def _level(draw: st.DrawFn, spec: FormSpec, nodes: Sequence[Node], depth: int) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for node in _answered(nodes):
        if isinstance(node, Group):
            count = draw(st.integers(0, 3 if depth == 0 else 1))
            entries = [_level(draw, spec, node.children, depth + 1) for _ in range(count)]
            answers[node.name] = entries
        elif (value := draw(_values(spec, node))) is not None:
            answers[node.name] = value
    return answers


@st.composite
def records(draw: st.DrawFn, spec: FormSpec, unknown: bool = True) -> dict[str, Any]:
    answers = _level(draw, spec, spec.children, 0)
    if unknown and draw(st.booleans()):
        answers["not_in_this_form"] = "kept aside"
    return answers


def _compare(spec: FormSpec, answers: dict[str, Any]) -> None:
    state = FormState(spec, answers, now=CLOCK)
    reference = ReferenceState(FormLayout.of(spec), answers, spec.default_language, CLOCK)
    assert state.snapshot() == reference.snapshot()
    assert issues(state) == reference.issues()


@pytest.mark.parametrize("name", FORMS)
@settings(max_examples=40)
@given(data=st.data())
def test_compiled_engine_equals_the_reference_on_random_answers(
    name: str, data: st.DataObject
) -> None:
    spec = form_named(name)
    _compare(spec, data.draw(records(spec)))


# "rules that fail" too: an answer blanked (or a question hidden) after its rule failed to
# evaluate must not keep the failure, as a state computed from scratch has none.
@pytest.mark.parametrize("name", ["case_audit", "312-question chained form", "rules that fail"])
@settings(max_examples=40)
@given(data=st.data())
def test_answers_changed_one_by_one_end_where_the_reference_starts(
    name: str, data: st.DataObject
) -> None:
    """set_answer's recomputing (and the checks it leaves stale until read) ends in the state
    the reference computes from scratch for the same answers."""
    spec = form_named(name)
    # answers() keeps no name the form lacks, so the reference could not see one.
    state = FormState(spec, data.draw(records(spec, unknown=False)), now=CLOCK)
    top_level = [q for q in spec.questions() if q.takes_input and not state.layout.chain[q.name]]
    for changed in data.draw(st.lists(st.sampled_from(top_level), max_size=8)):
        state.set_answer(changed.name, data.draw(_values(spec, changed)))
    reference = ReferenceState(state.layout, state.answers(), spec.default_language, CLOCK)
    assert state.snapshot() == reference.snapshot()
    assert sorted(map(repr, issues(state))) == sorted(map(repr, reference.issues()))


def _benchmarked(name: str) -> tuple[FormSpec, dict[str, Any]]:
    if name == "case_audit":
        return complete_case_audit()
    return bench_form_eval.form(), bench_form_eval.answers()


@pytest.mark.parametrize("name", ["case_audit", "312-question chained form"])
def test_the_benchmarked_records_are_judged_alike(name: str) -> None:
    spec, answers = _benchmarked(name)
    _compare(spec, answers)


def test_the_law_sees_a_difference() -> None:
    """The comparison is not vacuous: a record whose answers differ is judged differently."""
    spec = form_named("hand-built case audit")
    answers = {"framework": "2019", "immediate_risk": "yes", "children": 0}
    state = FormState(spec, answers, now=CLOCK)
    other = ReferenceState(
        FormLayout.of(spec), {**answers, "children": 3}, spec.default_language, CLOCK
    )
    assert state.snapshot() != other.snapshot()
    assert issues(state) != other.issues()

"""FormState: relevance, repeats, calculations, choice filters, defaults and incremental updates."""

from __future__ import annotations

import pytest
from eval_forms import CLOCK, CY, YES_NO, case_audit, form, group, question

from ncpi_field.errors import InvalidRecord
from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.evaluate_graph import FormCycleError


@pytest.fixture
def state() -> FormState:
    return FormState.new(case_audit(), now=CLOCK)


def test_relevance_chain() -> None:
    spec = form(
        question("a"),
        question("b", relevant="${a} = 'x'"),
        question("c", relevant="${b} != ''"),
    )
    state = FormState(spec, {"a": "x", "b": "y"})
    assert state.relevant("c")
    state.set_answer("a", "z")
    assert not state.relevant("b")
    # b still holds its answer, but a non-relevant answer reads as blank.
    assert state.value("b") == "y"
    assert not state.relevant("c")


def test_group_relevance_hides_children(state: FormState) -> None:
    assert not state.relevant("return_to_force")
    assert not state.relevant("risk_summary")
    assert not state.required("risk_summary")
    state.set_answer("immediate_risk", "yes")
    assert state.relevant("risk_summary")
    assert state.required("risk_summary")


def test_nested_group_relevance() -> None:
    spec = form(
        question("show"),
        group("outer", group("inner", question("deep")), relevant="${show} = 'yes'"),
    )
    state = FormState(spec, {"show": "no"})
    assert not state.relevant("deep")
    state.set_answer("show", "yes")
    assert state.relevant("deep")


def test_repeats_position_count_and_sum(state: FormState) -> None:
    for hours in (3, 9.5, 10):
        index = state.add_instance("visits")
        state.set_answer("hours", hours, index)
    assert [state.value("visit_no", i) for i in range(3)] == ["1", "2", "3"]
    assert state.value("of_total", 1) == "2/3"
    assert state.value("visit_count") == "3"
    assert state.value("total_hours") == "22.5"
    assert state.value("long_case") == "yes"
    assert [state.relevant("late", i) for i in range(3)] == [False, True, True]
    state.set_answer("hours", 1, 2)
    assert state.value("total_hours") == "13.5"
    assert state.value("long_case") == "no"
    assert not state.relevant("late", 2)


def test_removing_a_repeat_instance_renumbers(state: FormState) -> None:
    for hours in (1, 2, 3):
        state.set_answer("hours", hours, state.add_instance("visits"))
    state.remove_instance("visits", 0)
    assert [state.value("hours", i) for i in range(2)] == [2, 3]
    assert [state.value("visit_no", i) for i in range(2)] == ["1", "2"]
    assert state.value("total_hours") == "5"


def test_repeat_fields_from_inside_see_only_their_instance() -> None:
    spec = form(
        group(
            "people",
            question("role"),
            question("is_lead", "calculate", calculate="if(${role} = 'lead', 'y', 'n')"),
            repeat=True,
        ),
        question("any_lead", "calculate", calculate="if(${role} = 'lead', 'y', 'n')"),
    )
    state = FormState(spec, {"people": [{"role": "analyst"}, {"role": "lead"}]})
    assert [state.value("is_lead", i) for i in (0, 1)] == ["n", "y"]
    assert state.value("any_lead") == "y"


def test_nested_repeats() -> None:
    spec = form(
        group(
            "sites",
            group("rooms", question("size", "integer"), repeat=True),
            question("site_total", "calculate", calculate="sum(${size})"),
            repeat=True,
        ),
        question("all_total", "calculate", calculate="sum(${size})"),
    )
    answers = {"sites": [{"rooms": [{"size": 2}, {"size": 3}]}, {"rooms": [{"size": 10}]}]}
    state = FormState(spec, answers)
    assert [state.value("site_total", i) for i in (0, 1)] == ["5", "10"]
    assert state.value("all_total") == "15"
    state.set_answer("size", 4, (1, 0))
    assert state.value("site_total", 1) == "4"
    assert state.value("all_total") == "9"
    index = state.add_instance("rooms", 0)
    assert index == 2
    state.set_answer("size", 1, (0, 2))
    assert state.value("site_total", 0) == "6"


def test_choice_filter_uses_row_columns_and_answers(state: FormState) -> None:
    assert state.choices("category") == ()
    state.set_answer("framework", "2024")
    assert [choice.name for choice in state.choices("category")] == ["online", "cce"]
    state.set_answer("framework", "2019")
    assert [choice.name for choice in state.choices("category")] == ["da", "missing"]


def test_defaults_fill_new_records(state: FormState) -> None:
    assert state.value("share") == "no"
    assert state.value("audit_date") == "2024-05-14"


def test_defaults_do_not_overwrite_answers() -> None:
    state = FormState(case_audit(), {"share": "yes"}, now=CLOCK)
    assert state.value("share") == "yes"
    assert state.value("audit_date") is None


def test_defaults_in_new_repeat_instances() -> None:
    spec = form(
        group(
            "items",
            question("shared", "select_one", "yes_no", default="no"),
            question("count", "integer", default="3"),
            repeat=True,
        ),
        lists=(YES_NO,),
    )
    state = FormState(spec, {})
    index = state.add_instance("items")
    assert state.value("shared", index) == "no"
    assert state.value("count", index) == 3


def test_once_keeps_the_first_value() -> None:
    times = iter([CLOCK.replace(hour=9), CLOCK.replace(hour=10), CLOCK.replace(hour=11)])
    state = FormState(case_audit(), {}, now=lambda: next(times))
    first = state.value("started")
    state.full_evaluate()
    assert state.value("started") == first == "2024-05-14T09:30:00.000"


def test_choice_name_follows_the_language() -> None:
    state = FormState(case_audit(), {"grade": "ri"}, language=CY)
    assert state.value("grade_label") == "Requires improvement (cy)"
    english = FormState(case_audit(), {"grade": "ri"})
    assert english.value("grade_label") == "Requires improvement"


def test_stored_answers_drop_non_relevant(state: FormState) -> None:
    state.set_answer("immediate_risk", "yes")
    state.set_answer("risk_summary", "Child left alone")
    state.set_answer("immediate_risk", "no")
    assert "risk_summary" in state.answers()
    assert "risk_summary" not in state.stored_answers()
    state.set_answer("hours", 2, state.add_instance("visits"))
    assert state.stored_answers()["visits"] == [{"hours": 2, "visit_no": "1", "of_total": "1/1"}]


def test_non_relevant_groups_in_repeats_are_dropped_from_stored_answers() -> None:
    spec = form(
        question("has_rows"),
        group(
            "rows",
            question("keep"),
            group("detail", question("more"), relevant="${keep} = 'yes'"),
            repeat=True,
            relevant="${has_rows} = 'yes'",
        ),
    )
    rows = [{"keep": "yes", "more": "a"}, {"keep": "no", "more": "b"}]
    state = FormState(spec, {"has_rows": "yes", "rows": rows})
    assert state.stored_answers()["rows"] == [{"keep": "yes", "more": "a"}, {"keep": "no"}]
    state.set_answer("has_rows", "no")
    assert state.stored_answers() == {"has_rows": "no", "rows": []}


def test_a_repeat_whose_relevance_reads_its_own_child_is_a_cycle() -> None:
    spec = form(group("rows", question("keep"), repeat=True, relevant="${keep} != 'no'"))
    with pytest.raises(FormCycleError, match="rows → keep → rows"):
        FormState(spec, {})


def test_relevance_cycles_are_refused_with_the_names() -> None:
    spec = form(
        question("a", relevant="${b} = 'x'"),
        question("b", calculate="${c}"),
        question("c", relevant="${a} != ''"),
    )
    with pytest.raises(FormCycleError, match="depend on each other in a circle") as raised:
        FormState(spec, {})
    assert {"a", "b", "c"} <= set(str(raised.value).replace(".", " ").split())


def test_constraints_that_refer_to_each_other_are_not_a_cycle() -> None:
    spec = form(
        question("start", "date", constraint=". <= ${end}"),
        question("end", "date", constraint=". >= ${start}"),
    )
    state = FormState(spec, {"start": "2024-05-02", "end": "2024-05-01"})
    assert not state.constraint_ok("start")
    assert not state.constraint_ok("end")
    state.set_answer("end", "2024-05-03")
    assert state.constraint_ok("start")
    assert state.constraint_ok("end")


def test_readonly_expression() -> None:
    spec = form(question("locked"), question("note_text", readonly="${locked} = 'yes'"))
    state = FormState(spec, {"locked": "no"})
    assert not state.readonly("note_text")
    state.set_answer("locked", "yes")
    assert state.readonly("note_text")


def test_expression_errors_are_kept_without_values() -> None:
    spec = form(question("when"), question("later", "calculate", calculate="date(${when}) + 1"))
    state = FormState(spec, {"when": "SECRET-REF-4411"})
    errors = state.expression_errors()
    assert list(errors) == [(("later", ()), "calculate")]
    assert "4411" not in next(iter(errors.values()))
    state.set_answer("when", "2024-01-01")
    assert state.expression_errors() == {}
    assert state.value("later") == "19724"


def test_set_answer_refuses_unknown_or_computed_fields(state: FormState) -> None:
    with pytest.raises(InvalidRecord, match="not a question of this form"):
        state.set_answer("nope", "x")
    with pytest.raises(InvalidRecord, match="not a question of this form"):
        state.set_answer("total_hours", "3")
    with pytest.raises(InvalidRecord, match="needs 1 repeat index"):
        state.set_answer("hours", 3)
    with pytest.raises(InvalidRecord, match="no repeat entry"):
        state.set_answer("hours", 3, 5)


def test_repeat_answers_must_be_lists() -> None:
    with pytest.raises(InvalidRecord, match="not a list of entries"):
        FormState(case_audit(), {"visits": "lots"})


def test_incremental_update_only_touches_dependents(state: FormState) -> None:
    assert state.set_answer("children", 2) == ["children"]
    touched = state.set_answer("immediate_risk", "yes")
    assert set(touched) == {"immediate_risk", "return_to_force", "risk_summary", "lead_informed"}
    assert touched[0] == "immediate_risk"
    assert set(state.set_answer("hours", 3, state.add_instance("visits"))) == {
        "hours",
        "late",
        "total_hours",
        "long_case",
        "long_note",
    }

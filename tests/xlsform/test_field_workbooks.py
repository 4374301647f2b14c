"""Field-style workbooks (tests/data/xlsform-field): our verdict beside pyxform's, and why.

Refusing is for declared policy (forms/README.md) or for what ODK itself refuses; anything
else pyxform accepts must open. pyxform's verdict is checked live, not only recorded.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import NamedTuple

import pytest
from field_workbooks import WORKBOOKS, holds
from pyxform.builder import create_survey_element_from_dict
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from ncpi_field.xlsform.check import check_form
from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.spec import FormSpec
from ncpi_field.xlsform.validate import validate


class Verdict(NamedTuple):
    pyxform_accepts: bool
    we_accept: bool
    reason: str  # a fragment of our first problem, or of our first note when we accept


TABLE: dict[str, Verdict] = {
    "string_alias.xlsx": Verdict(True, True, ""),
    "randomized_choices.xlsx": Verdict(True, True, ""),
    "boolean_cells.xlsx": Verdict(True, True, 'names "null" as a path'),
    "same_name_in_groups.xlsx": Verdict(True, True, ""),
    # pyxform accepts a geopoint; our policy refuses it, and the rows that read it.
    "refused_row_referenced.xlsx": Verdict(True, False, '"geopoint" is not supported'),
    "duplicate_choices.xlsx": Verdict(False, False, "Choice names must be unique"),
    # pyxform does not look; ODK Validate (JavaRosa's DAG) refuses the cycle.
    "self_referring_calculation.xlsx": Verdict(True, False, "refers to its own value"),
    "division_by_zero.xlsx": Verdict(True, True, ""),
    "policy_refusals.xlsx": Verdict(True, False, '"username" is not supported'),
}


def folder(data_dir: Path) -> Path:
    return data_dir / "xlsform-field"


def spec_of(data_dir: Path, name: str) -> FormSpec:
    spec = check_form(folder(data_dir) / name).spec
    assert spec is not None
    return spec


def pyxform_accepts(path: Path) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            form = workbook_to_json(workbook_dict=get_xlsform(path), warnings=[])
            create_survey_element_from_dict(form).xml()
    except Exception:  # any failure is pyxform refusing the form
        return False
    return True


def test_the_table_names_every_workbook_and_the_generator_wrote_them(data_dir: Path) -> None:
    on_disk = {path.name for path in folder(data_dir).glob("*.xlsx")}
    assert on_disk == set(TABLE) == set(WORKBOOKS)


@pytest.mark.parametrize("name", sorted(TABLE))
def test_workbook_holds_what_the_generator_writes(data_dir: Path, name: str) -> None:
    assert holds(folder(data_dir) / name, WORKBOOKS[name])


@pytest.mark.parametrize("name", sorted(TABLE))
def test_pyxform_verdict_is_as_recorded(data_dir: Path, name: str) -> None:
    assert pyxform_accepts(folder(data_dir) / name) == TABLE[name].pyxform_accepts


@pytest.mark.parametrize("name", sorted(TABLE))
def test_our_verdict_is_as_recorded(data_dir: Path, name: str) -> None:
    verdict = TABLE[name]
    result = check_form(folder(data_dir) / name)
    assert result.ok == verdict.we_accept
    said = result.problems if result.problems else result.notes
    if verdict.reason:
        assert verdict.reason in str(said[0])
    elif verdict.we_accept:
        assert result.notes == []
    # Refusing what pyxform accepts is only ever by policy or for what ODK Validate refuses.
    if verdict.pyxform_accepts and not verdict.we_accept:
        assert "by policy" in str(said[0]) or "ODK Validate refuses" in str(said[0])


def test_every_problem_is_one_line_with_its_sheet_and_row(data_dir: Path) -> None:
    for name in TABLE:
        for problem in check_form(folder(data_dir) / name).problems:
            assert problem.sheet
            assert problem.row > 0
            assert "\n" not in str(problem)
            assert "[row" not in problem.message


def test_pyxform_problems_of_two_rows_come_out_as_two(data_dir: Path) -> None:
    problems = check_form(folder(data_dir) / "duplicate_choices.xlsx").problems
    assert [(p.sheet, p.row, p.column) for p in problems] == [
        ("choices", 3, "name"),
        ("choices", 5, "name"),
    ]


def test_a_refused_row_gives_one_problem_and_each_row_reading_it_one(data_dir: Path) -> None:
    problems = check_form(folder(data_dir) / "refused_row_referenced.xlsx").problems
    assert [(p.row, p.column) for p in problems] == [
        (3, "type"),
        (4, "relevant"),
        (5, "calculation"),
        (6, "label"),
    ]
    for follow_on in problems[1:]:
        assert "refers to ${location}, which is a row that cannot be used (row 3" in str(follow_on)
        assert "Could not find" not in follow_on.message


def test_policy_refuses_each_row_once_saying_why(data_dir: Path) -> None:
    problems = check_form(folder(data_dir) / "policy_refusals.xlsx").problems
    # start (row 2) and deviceid (row 3) collect nothing here: they are left out, not refused.
    assert [p.row for p in problems] == [4, 5, 6, 7, 9, 10, 11, 12, 13]
    assert all("by policy" in p.message and p.column == "type" for p in problems)


def test_string_is_text(data_dir: Path) -> None:
    spec = spec_of(data_dir, "string_alias.xlsx")
    assert spec.node("village").kind == "text"  # type: ignore[union-attr]
    assert spec.node("remarks").kind == "text"  # type: ignore[union-attr]


def test_randomized_selects_keep_their_lists_and_all_their_choices(data_dir: Path) -> None:
    spec = spec_of(data_dir, "randomized_choices.xlsx")
    lists = {q.name: q.list_name for q in spec.questions()}
    assert lists == {"main_source": "source", "problems": "problems", "treated": "yes_no"}
    state = FormState(spec, {})
    assert [c.name for c in state.choices("problems")] == ["taste", "colour", "dry"]
    assert state.spec.node("problems").parameters == {"randomize": "true"}  # type: ignore[union-attr]


def test_boolean_cells_read_as_pyxform_writes_them(data_dir: Path) -> None:
    spec = spec_of(data_dir, "boolean_cells.xlsx")
    assert spec.node("age_months").bind.required == "true()"
    assert spec.node("vaccinated").bind.relevant == "true()"
    assert spec.node("vaccinated").bind.required is None
    assert spec.node("card_missing_reason").bind.relevant == "false()"
    state = FormState(spec, {"age_months": 70})
    assert state.relevant("vaccinated")
    assert not state.relevant("card_missing_reason")
    # null is an empty node-set: the if() gives blank, not an error.
    assert state.value("under_five") == ""
    assert state.expression_errors() == {}
    state.set_answer("age_months", 30)
    assert state.value("under_five") == "1"


def test_one_name_in_two_groups_keeps_two_answers(data_dir: Path) -> None:
    spec = spec_of(data_dir, "same_name_in_groups.xlsx")
    keys = [q.name for q in spec.questions()]
    assert keys == [
        "classroom_a/pupils",
        "classroom_a/notes",
        "classroom_b/pupils",
        "classroom_b/notes",
    ]
    answers = {"classroom_a/pupils": 31, "classroom_b/pupils": "many"}
    state = FormState(spec, answers)
    assert state.value("classroom_a/pupils") == 31
    assert state.stored_answers() == answers
    (issue,) = validate(spec, answers)
    assert (issue.field, issue.kind) == ("classroom_b/pupils", "type")


@pytest.mark.parametrize(
    ("seen", "referred", "rate"),
    [(0, 0, ""), (0, 3, ""), (4, 1, "0.25"), (3, 0, "0")],
)
def test_a_division_by_zero_leaves_the_calculated_field_blank(
    data_dir: Path, seen: int, referred: int, rate: str
) -> None:
    spec = spec_of(data_dir, "division_by_zero.xlsx")
    state = FormState(spec, {"seen": seen, "referred": referred})
    assert state.value("referral_rate") == rate
    # JSON without NaN or Infinity, and nothing for the person filling the form to correct.
    json.dumps(state.answers(), allow_nan=False)
    assert "Infinity" not in json.dumps(state.answers())
    assert validate(spec, state.stored_answers()) == []


def test_a_calculated_field_of_the_wrong_type_is_not_the_user_s_to_fix(data_dir: Path) -> None:
    spec = spec_of(data_dir, "division_by_zero.xlsx")
    # A stale value from an older draft: the calculation replaces it, no type issue remains.
    assert validate(spec, {"seen": 2, "referred": 1, "referral_rate": "Infinity"}) == []

"""Range bounds (a law: accepted iff within bounds and on a step) and choice-file checks."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ncpi_field.xlsform.attachments import (
    AttachmentError,
    bundle,
    choices_from_file,
    parameters_of,
    unbundle,
)
from ncpi_field.xlsform.check import check_form
from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.spec import EVIDENCE_ITEMSET, RangeBounds
from tests.xlsform.xlsform_mdforms import form

_TENTHS = st.integers(-1000, 1000).map(lambda n: Decimal(n) / 10)


@given(
    start=_TENTHS,
    end=_TENTHS,
    step=st.integers(1, 50).map(lambda n: Decimal(n) / 10),
    value=_TENTHS,
)
def test_a_range_value_is_accepted_iff_within_bounds_and_on_a_step(
    start: Decimal, end: Decimal, step: Decimal, value: Decimal
) -> None:
    bounds = RangeBounds(start, end, step)
    within = min(start, end) <= value <= max(start, end)
    steps = (value - start) / step
    assert bounds.accepts(value) == (within and steps == steps.to_integral_value())


@given(start=st.integers(-50, 50), count=st.integers(0, 20), step=st.integers(1, 9))
def test_every_step_from_start_to_end_is_accepted(start: int, count: int, step: int) -> None:
    bounds = RangeBounds(Decimal(start), Decimal(start + count * step), Decimal(step))
    for k in range(count + 1):
        assert bounds.accepts(Decimal(start + k * step))
    assert not bounds.accepts(Decimal(start - step))
    assert not bounds.accepts(Decimal(start + (count + 1) * step))


def test_range_is_decimal_only_when_a_parameter_has_a_fraction() -> None:
    assert not RangeBounds(Decimal(0), Decimal(10), Decimal(2)).decimal
    assert RangeBounds(Decimal(0), Decimal("10.5"), Decimal(1)).decimal
    assert not RangeBounds(Decimal(1), Decimal(5), Decimal(1)).accepts(Decimal("NaN"))


def _range_form(parameters: str) -> bytes:
    return form(
        [("range", "score", "Score", parameters)], header=("type", "name", "label", "parameters")
    )


def test_range_defaults_follow_pyxform() -> None:
    spec = check_form(_range_form(""), file_name="f.md").spec
    assert spec is not None
    assert spec.node("score").range == RangeBounds(Decimal(1), Decimal(10), Decimal(1))


def test_bad_range_parameters_give_one_problem_with_the_row() -> None:
    for parameters, words in (
        ("start=1 end=10 step=0", "The range step is 0"),
        ("start=a end=10", 'The range parameter start is "a", which is not a number.'),
        ("end=Infinity", 'end is "Infinity", which is not a finite number'),
        ("start=1 end=3 step=5", "The range step (5) is wider than the range from 1 to 3."),
        ("start=1 end=3 stpe=1", "parameters"),  # an unknown name: pyxform's own words
    ):
        result = check_form(_range_form(parameters), file_name="f.md")
        assert result.spec is None
        (problem,) = result.problems
        assert (problem.sheet, problem.row) == ("survey", 2)
        assert words in problem.message


def test_two_bad_range_rows_give_one_problem_each_and_nothing_else() -> None:
    data = form(
        [
            ("range", "a", "A", "start=0 end=5 step=0", ""),
            ("range", "b", "B", "start=x", ""),
            ("integer", "c", "C", "", "${a} + ${b}"),
        ],
        header=("type", "name", "label", "parameters", "constraint"),
    )
    result = check_form(data, file_name="f.md")
    assert result.spec is None
    assert [(p.row, p.column) for p in result.problems] == [(2, "parameters"), (3, "parameters")]


def _file_form(type_: str, parameters: str = "") -> bytes:
    return form(
        [(type_, "place", "Place", parameters)], header=("type", "name", "label", "parameters")
    )


def test_parameters_name_the_value_and_label_columns() -> None:
    data = _file_form("select_one_from_file places.csv", "value=code, label=title")
    csv = b"code,title\nA1,Alpha\nB2,Beta\n"
    spec = check_form(data, file_name="f.md", attachments={"places.csv": csv}).spec
    assert spec is not None
    listed = spec.choices[spec.node("place").list_name or ""]
    assert listed.name == "places.csv#code/title"
    assert [(c.name, c.label.get()) for c in listed.choices] == [("A1", "Alpha"), ("B2", "Beta")]
    assert parameters_of("value=code label=title") == {"value": "code", "label": "title"}


def test_a_choice_file_without_its_value_column_is_one_problem() -> None:
    data = _file_form("select_multiple_from_file places.csv")
    result = check_form(data, file_name="f.md", attachments={"places.csv": b"code,title\nA,B\n"})
    assert result.spec is None
    (problem,) = result.problems
    assert (problem.row, problem.column) == (2, "type")
    assert 'has no "name" column' in problem.message


@pytest.mark.parametrize(
    ("file_name", "data", "words"),
    [
        ("p.csv", b"\xff\xfe", "not UTF-8"),
        ("p.csv", b"", "empty"),
        ("p.csv", b"name,label\n,Nameless\n", "row 2 has no value"),
        ("p.xml", b"<root><item>", "not well-formed XML"),
        ("p.xml", b'<!DOCTYPE r [<!ENTITY e "x">]><root/>', "not well-formed XML"),
    ],
)
def test_bad_choice_files_say_why(file_name: str, data: bytes, words: str) -> None:
    with pytest.raises(AttachmentError, match=words):
        choices_from_file(file_name, data)


def test_choice_files_must_be_csv_or_xml() -> None:
    result = check_form(_file_form("select_one_from_file places.geojson"), file_name="f.md")
    (problem,) = result.problems
    assert "must be a .csv or .xml file" in problem.message


def test_the_evidence_itemset_is_still_the_vaults_records() -> None:
    data = _file_form(f"select_multiple_from_file {EVIDENCE_ITEMSET}")
    spec = check_form(data, file_name="f.md").spec
    assert spec is not None
    assert spec.node("place").kind == "evidence"
    assert EVIDENCE_ITEMSET not in spec.choices


def test_a_bundle_round_trips_and_is_deterministic() -> None:
    files = {"b.csv": b"name,label\nx,X\n", "a.xml": b"<root/>"}
    data = bundle(b"workbook", "f.xlsx", files)
    assert data == bundle(b"workbook", "f.xlsx", dict(reversed(list(files.items()))))
    assert unbundle(data) == (b"workbook", "f.xlsx", files)


def test_a_damaged_bundle_is_refused_in_words() -> None:
    data = bundle(b"workbook", "f.xlsx", {"a.csv": b"name\nx\n"})
    damaged = data.replace(b"attachments/a.csv", b"attachments/b.csv")
    result = check_form(damaged, file_name="f.xlsx")
    assert result.spec is None
    assert "damaged" in result.problems[0].message


def test_a_lookup_naming_a_missing_column_is_one_problem_on_its_row() -> None:
    data = form(
        [
            ("select_one colours", "c", "Colour", ""),
            ("calculate", "shade", "", "instance('colours')/root/item[hue = ${c}]/label"),
        ],
        header=("type", "name", "label", "calculation"),
        choices=[("colours", "r", "Red")],
    )
    result = check_form(data, file_name="f.md")
    assert result.spec is None
    (problem,) = result.problems
    assert (problem.row, problem.column) == (3, "calculation")
    assert 'names "hue", which is not a column of that list' in problem.message


def test_a_lookup_into_a_choice_file_by_its_stem_checks() -> None:
    data = form(
        [
            ("select_one_from_file places.csv", "p", "Place", ""),
            ("calculate", "region", "", "instance('places')/root/item[name = ${p}]/region"),
        ],
        header=("type", "name", "label", "calculation"),
    )
    csv = b"name,label,region\nx,X,north\n"
    result = check_form(data, file_name="f.md", attachments={"places.csv": csv})
    assert result.problems == []


def test_a_choice_file_may_carry_labels_in_several_languages() -> None:
    listed = choices_from_file("p.csv", b"name,label,label::Welsh (cy)\nx,Bridge,Pont\n")
    (choice,) = listed.choices
    assert (choice.label.get(), choice.label.get("Welsh (cy)")) == ("Bridge", "Pont")


def test_a_bundle_that_unpacks_to_too_much_is_not_opened() -> None:
    huge = bundle(b"workbook", "f.xlsx", {"a.csv": b"name\n" + b"x" * (6 * 1024 * 1024)})
    result = check_form(huge, file_name="f.xlsx")
    assert result.spec is None
    (problem,) = result.problems
    assert "larger than any form needs" in problem.message


def _calc_form(calculation: str) -> bytes:
    return form(
        [
            ("select_one colours", "c", "Colour", ""),
            ("text", "note_text", "Note", ""),
            ("begin_repeat", "visits", "Visits", ""),
            ("integer", "minutes", "Minutes", ""),
            ("end_repeat", "", "", ""),
            ("begin_repeat", "calls", "Calls", ""),
            ("integer", "rings", "Rings", ""),
            ("end_repeat", "", "", ""),
            ("calculate", "x", "", calculation),
        ],
        header=("type", "name", "label", "calculation"),
        choices=[("colours", "r", "Red")],
    )


@pytest.mark.parametrize(
    ("calculation", "words"),
    [
        ("jr:choice-name(${c}, '${colour}')", "Could not find the name 'colour'"),  # pyxform's
        ("jr:choice-name(${c}, '/data/colour')", 'names "colour", but no question has that'),
        ("jr:choice-name(${c}, '${note_text}')", 'names "note_text", which is not a select'),
        ("indexed-repeat(${minutes}, ${calls}, 1)", "${calls}, which is not a repeat that holds"),
        ("indexed-repeat(${minutes}, ${note_text}, 1)", "not a repeat that holds ${minutes}"),
        ("indexed-repeat(${minutes}, ${visits}, 1, 2)", "pairs of a repeat and a position"),
        ("indexed-repeat('minutes', ${visits}, 1)", "written as ${name}"),
    ],
)
def test_bad_uses_of_choice_name_and_indexed_repeat_are_one_problem(
    calculation: str, words: str
) -> None:
    result = check_form(_calc_form(calculation), file_name="f.md")
    assert result.spec is None
    (problem,) = result.problems
    assert (problem.row, problem.column) == (10, "calculation")
    assert words in problem.message


@pytest.mark.parametrize(
    "calculation",
    [
        "jr:choice-name(${c}, '${c}')",
        "jr:choice-name(${c}, '/data/c')",
        "indexed-repeat(${minutes}, ${visits}, 2) + indexed-repeat(${rings}, ${calls}, 1)",
    ],
)
def test_good_uses_of_choice_name_and_indexed_repeat_check(calculation: str) -> None:
    assert check_form(_calc_form(calculation), file_name="f.md").problems == []


def test_a_choice_file_too_big_to_need_is_refused_with_its_size(tmp_path: Path) -> None:
    workbook = tmp_path / "f.md"
    workbook.write_bytes(_file_form("select_one_from_file big.csv"))
    (tmp_path / "big.csv").write_bytes(b"name,label\n" + b"x,y\n" * (2 * 1024 * 1024))
    (problem,) = check_form(workbook).problems
    assert (problem.row, problem.column) == (2, "type")
    assert "larger than 5 MiB" in problem.message


def test_only_plain_file_names_are_read_beside_the_workbook(tmp_path: Path) -> None:
    (tmp_path / "inner").mkdir()
    workbook = tmp_path / "inner" / "f.md"
    workbook.write_bytes(_file_form("select_one_from_file ../secret.csv"))
    (tmp_path / "secret.csv").write_bytes(b"name,label\nx,X\n")
    (problem,) = check_form(workbook).problems
    assert 'The choice file "../secret.csv" is not attached' in problem.message


def test_two_questions_may_read_one_file_with_different_columns() -> None:
    data = form(
        [
            ("select_one_from_file staff.csv", "by_code", "By code", "value=code label=title"),
            ("select_one_from_file staff.csv", "by_role", "By role", "value=role label=role"),
            ("select_one_from_file staff.csv", "plain", "Plain", ""),
            ("calculate", "role_of", "", "", "instance('staff')/root/item[code = ${by_code}]/role"),
        ],
        header=("type", "name", "label", "parameters", "calculation"),
    )
    csv = b"name,label,code,title,role\nn1,Ann,C1,Inspector,lead\nn2,Bob,C2,Analyst,support\n"
    spec = check_form(data, file_name="f.md", attachments={"staff.csv": csv}).spec
    assert spec is not None
    by_code = spec.choices[spec.node("by_code").list_name or ""]
    by_role = spec.choices[spec.node("by_role").list_name or ""]
    plain = spec.choices[spec.node("plain").list_name or ""]
    assert [(c.name, c.label.get()) for c in by_code.choices] == [
        ("C1", "Inspector"),
        ("C2", "Analyst"),
    ]
    assert [c.name for c in by_role.choices] == ["lead", "support"]
    assert [(c.name, c.label.get()) for c in plain.choices] == [("n1", "Ann"), ("n2", "Bob")]
    state = FormState(spec, {"by_code": "C2"})
    assert state.value("role_of") == "support"

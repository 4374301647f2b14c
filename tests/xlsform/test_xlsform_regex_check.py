"""forms check refuses a regex() pattern the bounded engine cannot run (issue 7.5)."""

from __future__ import annotations

from xlsform_mdforms import form

from ncpi_field.xlsform.check import check_form

HEADER = ("type", "name", "label", "constraint")


def check(constraint: str) -> list[str]:
    data = form(
        [["text", "ref", "Reference", constraint]],
        header=HEADER,
        settings=[["regex_form", "1"]],
    )
    return [str(problem) for problem in check_form(data, file_name="regex_form.md").problems]


def test_a_backreference_is_refused_naming_sheet_row_and_column() -> None:
    problems = check(r"regex(., '(ab)\1')")
    assert len(problems) == 1
    assert problems[0].startswith('survey sheet, row 2, column "constraint": ')
    assert "regex() pattern" in problems[0]
    assert "backreferences" in problems[0]


def test_lookahead_is_refused() -> None:
    problems = check("regex(., '(?=.*[0-9])[a-z0-9]+')")
    assert len(problems) == 1
    assert "lookahead" in problems[0]


def test_a_linear_pattern_passes() -> None:
    assert check("regex(., '^CA-[0-9]{3}$')") == []

"""validate(): required, constraint, type and choice issues, in English and Welsh."""

from __future__ import annotations

from typing import Any

import pytest
from eval_forms import CLOCK, CY, EN, case_audit, form, question, text

from ncpi_field.xlsform.validate import (
    CHOICE_MESSAGE,
    CONSTRAINT_MESSAGE,
    REQUIRED_MESSAGE,
    Issue,
    validate,
)

COMPLETE: dict[str, Any] = {
    "framework": "2024",
    "category": "online",
    "immediate_risk": "no",
    "grade": "good",
    "rationale": "Fine.",
    "children": 2,
    "visits": [{"visit_date": "2024-05-01", "hours": 2}],
}


def kinds(issues: list[Issue]) -> list[tuple[str, str, int | None]]:
    return [(issue.field, issue.kind, issue.repeat_index) for issue in issues]


def test_a_complete_record_has_no_issues() -> None:
    assert validate(case_audit(), COMPLETE, now=CLOCK) == []


def test_required_with_default_message() -> None:
    issues = validate(case_audit(), {**COMPLETE, "framework": ""}, now=CLOCK)
    # With no framework the category's filtered list is empty, so its answer is refused too.
    assert issues == [
        Issue("framework", "required", REQUIRED_MESSAGE),
        Issue("category", "choice", CHOICE_MESSAGE),
    ]


@pytest.mark.parametrize(
    ("language", "message"), [(EN, "Describe the risk."), (CY, "Disgrifiwch y risg.")]
)
def test_required_message_in_the_form_language(language: str, message: str) -> None:
    answers = {**COMPLETE, "immediate_risk": "yes", "lead_informed": "yes"}
    issues = validate(case_audit(), answers, language=language, now=CLOCK)
    assert issues == [Issue("risk_summary", "required", message)]


@pytest.mark.parametrize(
    ("language", "message"),
    [(EN, "Give at least 50 characters."), (CY, "Rhowch o leiaf 50 nod.")],
)
def test_constraint_message_in_the_form_language(language: str, message: str) -> None:
    answers = {**COMPLETE, "grade": "ri", "rationale": "Too short"}
    issues = validate(case_audit(), answers, language=language, now=CLOCK)
    assert issues == [Issue("rationale", "constraint", message)]


def test_default_constraint_message_and_dot() -> None:
    issues = validate(case_audit(), {**COMPLETE, "children": 0}, now=CLOCK)
    assert issues == [Issue("children", "constraint", CONSTRAINT_MESSAGE)]


def test_a_message_missing_in_welsh_falls_back_to_english() -> None:
    spec = form(question("a", required="true()", required_message=text("Answer a.")))
    assert validate(spec, {}, language=CY) == [Issue("a", "required", "Answer a.")]


def test_non_relevant_answers_are_not_validated() -> None:
    answers = {**COMPLETE, "immediate_risk": "no", "lead_informed": "no", "risk_summary": ""}
    assert validate(case_audit(), answers, now=CLOCK) == []
    answers["immediate_risk"] = "yes"
    assert kinds(validate(case_audit(), answers, now=CLOCK)) == [
        ("risk_summary", "required", None),
        ("lead_informed", "constraint", None),
    ]


def test_issues_in_repeats_carry_the_index() -> None:
    visits = [{"visit_date": "2024-05-01"}, {"visit_date": "2030-01-01"}]
    issues = validate(case_audit(), {**COMPLETE, "visits": visits}, now=CLOCK)
    assert kinds(issues) == [("visit_date", "constraint", 1)]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("children", "two"),
        ("children", 2.5),
        ("children", True),
        ("hours", "1,5"),
        ("visit_date", "14/05/2024"),
        ("visit_date", "2024-02-30"),
        ("visit_date", "2024-05-01T10:00:00"),
        ("immediate_risk", ["yes", "no"]),
        ("rationale", 12),
    ],
)
def test_type_issues(field: str, value: Any) -> None:
    answers: dict[str, Any] = {**COMPLETE, "visits": [{"visit_date": "2024-05-01"}]}
    if field in ("hours", "visit_date"):
        answers["visits"] = [{field: value}]
    else:
        answers[field] = value
    issues = validate(case_audit(), answers, now=CLOCK)
    assert [(issue.field, issue.kind) for issue in issues] == [(field, "type")]


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        ("integer", "-12", "1.0"),
        ("decimal", "-.5", "1e3"),
        ("time", "09:30:15.5+01:00", "9.30"),
        ("dateTime", "2024-05-01T09:30:00.000+01:00", "2024-05-01 09:30"),
        ("select_multiple", "a b", 7),
    ],
)
def test_type_formats(kind: Any, good: Any, bad: Any) -> None:
    spec = form(question("q", kind))
    assert validate(spec, {"q": good}) == []
    assert [issue.kind for issue in validate(spec, {"q": bad})] == ["type"]


def test_select_values_must_be_in_the_filtered_list() -> None:
    issues = validate(case_audit(), {**COMPLETE, "category": "da"}, now=CLOCK)
    assert kinds(issues) == [("category", "choice", None)]
    issues = validate(case_audit(), {**COMPLETE, "grade": "excellent"}, now=CLOCK)
    assert kinds(issues) == [("grade", "choice", None), ("rationale", "constraint", None)]


def test_unknown_answers_are_reported() -> None:
    issues = validate(case_audit(), {**COMPLETE, "typo_field": "x"}, now=CLOCK)
    assert kinds(issues) == [("typo_field", "unknown", None)]


def test_expression_failures_become_issues() -> None:
    spec = form(question("when"), question("check", constraint="date(${when}) < today()"))
    issues = validate(spec, {"when": "not a date", "check": "x"}, now=CLOCK)
    assert kinds(issues) == [("check", "expression", None)]


def test_messages_never_include_the_answer() -> None:
    secret = "CASEREF-99812"
    answers = {
        **COMPLETE,
        "children": secret,
        "grade": secret,
        "visits": [{"visit_date": secret, "hours": secret}],
    }
    issues = validate(case_audit(), answers, now=CLOCK)
    assert len(issues) == 5
    assert not any("99812" in issue.message for issue in issues)

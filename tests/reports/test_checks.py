"""The last check: a force reference or a PII-lint pattern in a quoted answer stops the issue."""

from __future__ import annotations

import pytest

from ncpi_field.reports.checks import problems
from ncpi_field.reports.debrief_model import Quoted

CLEAN = Quoted("Supervision of investigations is inconsistent.", "DB-001", "items[1].headline")


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("Call the duty officer on 07700 900123 today.", "a phone number"),
        ("The family lives near SW1A 1AA.", "a postcode"),
        ("Write to someone@example.org for the log.", "an e-mail address"),
    ],
)
def test_personal_data_in_an_answer_names_the_field_not_the_value(text: str, what: str) -> None:
    found = problems([CLEAN, Quoted(text, "DB-001", "items[2].rec_how")], "", [])
    assert [str(p) for p in found] == [f"DB-001 items[2].rec_how looks like it holds {what}"]


def test_a_held_force_reference_is_found_in_any_case_and_in_the_rendered_text() -> None:
    quoted = Quoted("See case ab/123/26 for the pattern.", "DB-001", "items[3].headline")
    found = problems([CLEAN, quoted], "", ["AB/123/26"])
    assert [p.where for p in found] == ["DB-001 items[3].headline"]
    found = problems([CLEAN], "<td>AB/123/26</td>", ["AB/123/26"])
    assert [p.where for p in found] == ["The document"]


def test_the_reference_the_lead_chose_to_print_is_allowed_on_that_copy_only() -> None:
    rendered = "<td>AB/123/26</td>"
    assert problems([CLEAN], rendered, ["AB/123/26"], allowed_reference="AB/123/26") == []
    others = problems([CLEAN], rendered + "CD/9/26", ["AB/123/26", "CD/9/26"],
                      allowed_reference="AB/123/26")  # fmt: skip
    assert [p.where for p in others] == ["The document"]


def test_clean_answers_pass() -> None:
    assert problems([CLEAN], "<p>clean</p>", ["AB/123/26"]) == []

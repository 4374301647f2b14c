"""The import figure's audits (``benchmarks/case_audit.varied_case_audit``): each its own
reference and free text, and every one a complete case audit as a checked save stores it, so
``probes/sync_build.py`` may save them without checking each and the import must accept them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.case_audit import complete_case_audit, varied_case_audit, words_for
from ncpi_field import pii
from ncpi_field.completion import prepare
from ncpi_field.completion_check import CompletionCheck

NUMBERS = st.integers(0, 2**20 - 1)


@settings(max_examples=40, deadline=None)
@given(number=NUMBERS)
def test_every_varied_audit_passes_its_form_as_stored(number: int) -> None:
    spec, answers = complete_case_audit()
    varied = varied_case_audit(answers, number)
    prepared = prepare(spec, varied, status="complete")
    assert prepared.ok, "a varied audit fails its form's checks"
    assert prepared.answers == varied, "a checked save would store other answers"
    assert prepared.pii_warnings == ()
    assert CompletionCheck().passes(spec, varied)


@settings(max_examples=200)
@given(one=NUMBERS, other=NUMBERS)
def test_two_audits_share_no_varied_text(one: int, other: int) -> None:
    _spec, answers = complete_case_audit()
    a, b = varied_case_audit(answers, one), varied_case_audit(answers, other)
    same = one == other
    assert (a["case_summary"] == b["case_summary"]) == same
    assert (a["grade_rationale"] == b["grade_rationale"]) == same
    assert (a["audit_ref"] == b["audit_ref"]) == (one % 1000 == other % 1000)


@settings(max_examples=200)
@given(number=NUMBERS)
def test_the_words_hold_no_digits_and_nothing_the_pii_rules_flag(number: int) -> None:
    words = words_for(number)
    assert not any(ch.isdigit() for ch in words)
    assert pii.lint_text(f"Seen in the {words} records.") == []

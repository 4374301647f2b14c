"""The import's completion check gives the same verdict as a save's ``prepare(...).ok``."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.case_audit import complete_case_audit
from ncpi_field.completion import FREE_TEXT_KINDS, PII_OVERRIDES, prepare
from ncpi_field.completion_check import CompletionCheck
from ncpi_field.xlsform.spec import FormSpec

# Free text an inspector might type: clean words, and shapes the PII lint flags.
TEXTS = (
    "the referral was late",
    "Seen by SW1A 1AA officers",
    "call 07700 900123 later",
    "wrote to someone@example.org",
    "born 12/03/2011",
    "",
    "   ",
)
# One checker for every example: its lint memo must never change a verdict.
CHECK = CompletionCheck()


def _free_text(spec: FormSpec) -> list[str]:
    return [q.name for q in spec.questions() if q.kind in FREE_TEXT_KINDS]


def _narrative(spec: FormSpec, answers: dict[str, Any]) -> str:
    """A free-text question the answers hold where any clean text is accepted."""
    for name in _free_text(spec):
        clean = {**answers, name: "the referral was late"}
        if name in answers and prepare(spec, clean, status="complete").ok:
            return name
    raise AssertionError("the case audit has no free-text narrative")


def test_a_complete_case_audit_passes_and_a_flagged_text_blocks_it() -> None:
    spec, answers = complete_case_audit()
    field = _narrative(spec, answers)
    flagged = {**answers, field: "ring 07700 900123"}
    overridden = {**flagged, PII_OVERRIDES: {field: "a public switchboard"}}
    lenient = dataclasses.replace(spec, pii_blocks_completion=False)
    # Verdicts only in the assertions: no answer may show in a failure's message.
    verdicts = (
        CompletionCheck().passes(spec, answers),
        prepare(spec, flagged, status="complete").ok,
        CompletionCheck().passes(spec, flagged),
        CompletionCheck().passes(spec, overridden),
        CompletionCheck().passes(lenient, flagged),
    )
    assert verdicts == (True, False, False, True, True)


def test_a_missing_required_answer_fails() -> None:
    spec, answers = complete_case_audit()
    broken = {k: v for k, v in answers.items() if k != "audit_ref"}
    verdicts = (prepare(spec, broken, status="complete").ok, CompletionCheck().passes(spec, broken))
    assert verdicts == (False, False)


@st.composite
def changed_answers(draw: st.DrawFn) -> tuple[FormSpec, dict[str, Any]]:
    spec, answers = complete_case_audit()
    if draw(st.booleans()):
        spec = dataclasses.replace(spec, pii_blocks_completion=False)
    changed = dict(answers)
    keys = sorted(answers)
    for key in draw(st.lists(st.sampled_from(keys), max_size=3, unique=True)):
        del changed[key]
    texts = _free_text(spec)
    for key in draw(st.lists(st.sampled_from(texts), max_size=4, unique=True)):
        changed[key] = draw(st.sampled_from(TEXTS))
    overridden = draw(st.lists(st.sampled_from(texts), max_size=2, unique=True))
    if overridden:
        changed[PII_OVERRIDES] = {k: draw(st.sampled_from(("a reason", " "))) for k in overridden}
    return spec, changed


@settings(max_examples=60, deadline=None)
@given(changed_answers())
def test_the_verdict_is_the_saves_verdict(case: tuple[FormSpec, dict[str, Any]]) -> None:
    spec, answers = case
    ours, saves = CHECK.passes(spec, answers), prepare(spec, answers, status="complete").ok
    assert ours is saves

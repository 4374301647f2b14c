"""A complete, valid case audit (from the demo generator) and its live form state."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from ncpi_field import formstore
from ncpi_field.demo.inspection import generate_inspection
from ncpi_field.demo.model import FORM_IDS
from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.spec import FormSpec

NOW = dt.datetime(2026, 3, 6, 17)


@functools.cache
def complete_case_audit() -> tuple[FormSpec, dict[str, Any]]:
    """The case-audit spec and the answers of the demo's first complete case audit."""
    forms = {form_id: formstore.installed_spec(form_id) for form_id in FORM_IDS}
    for record in generate_inspection(1, forms=forms, now=NOW):
        if record.form_id == "case_audit" and record.status == "complete":
            return forms["case_audit"], dict(record.answers)
    raise RuntimeError("the demo made no complete case audit")


def live_state() -> FormState:
    """The form state as the open form holds it when the inspector presses Save."""
    spec, answers = complete_case_audit()
    return FormState(spec, answers, now=NOW)


# Plain lowercase words (never a name, a date or a number): each version's own sentence.
_WORDS = (
    "referral", "review", "strategy", "meeting", "school", "health", "visit", "plan",
    "record", "note", "log", "action", "risk", "safety", "support", "contact",
    "follow", "check", "summary", "entry", "update", "welfare", "concern", "outcome",
    "decision", "timescale", "oversight", "placement", "carer", "worker", "panel", "report",
)  # fmt: skip


def words_for(number: int) -> str:
    """Four words naming ``number`` (base 32): a different sentence for each of a million."""
    picked = [_WORDS[(number >> shift) & 31] for shift in (15, 10, 5, 0)]
    return ", ".join(picked[:3]) + " and " + picked[3]


def varied_case_audit(answers: dict[str, Any], number: int) -> dict[str, Any]:
    """``answers`` with their own reference and free text for audit ``number``.

    The audit reference cycles through CA-000..CA-999 (the form's pattern); the case summary
    and the grade rationale each gain a sentence of words no other audit below a million has,
    so no check can be flattered by seeing the same text twice.
    """
    own = words_for(number)
    return {
        **answers,
        "audit_ref": f"CA-{number % 1000:03d}",
        "case_summary": f"{answers['case_summary']} The file also showed the {own} entries.",
        "grade_rationale": f"{answers['grade_rationale']} Seen in the {own} records.",
    }

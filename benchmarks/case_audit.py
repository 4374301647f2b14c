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

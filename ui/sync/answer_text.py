"""An answer as a person reads it beside another head's: question labels, choices as labels.

Shown on screen only; never logged or put in a message.
"""

from __future__ import annotations

import json
from typing import Any, Final

from ncpi_field.xlsform.spec import FormSpec, Question
from sync.conflicts import MISSING, STATUS_FIELD

NO_ANSWER: Final = "(no answer)"
STATUS_LABEL: Final = "Record status"


def question_label(spec: FormSpec | None, name: str) -> str:
    """The question's label in the form's language, or its name if the form does not hold it."""
    if name == STATUS_FIELD:
        return STATUS_LABEL
    question = _question(spec, name)
    label = question.label.get() if question is not None else ""
    return label or name


def shown(spec: FormSpec | None, name: str, value: Any) -> str:
    """One head's answer to ``name`` as text: choice labels for choice questions."""
    if value is MISSING or value is None or value == "":
        return NO_ANSWER
    question = _question(spec, name)
    list_name = question.list_name if question is not None else None
    if spec is not None and list_name is not None and list_name in spec.choices:
        choices = spec.choices[list_name]
        picked = value if isinstance(value, list) else [value]
        if all(isinstance(v, str) for v in picked):
            return "; ".join(choices.label_of(v) or v for v in picked)
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return f"{len(value)} entr{'y' if len(value) == 1 else 'ies'}"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _question(spec: FormSpec | None, name: str) -> Question | None:
    if spec is None:
        return None
    try:
        node = spec.node(name)
    except KeyError:
        return None
    return node if isinstance(node, Question) else None

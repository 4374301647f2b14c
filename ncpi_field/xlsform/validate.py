"""Validation of a record's answers against its form: required, constraints, types, choices."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final, Literal

from ncpi_field.xlsform.evaluate import Clock, FormState
from ncpi_field.xlsform.evaluate_answers import Slot
from ncpi_field.xlsform.spec import FormSpec, Question, RangeBounds, Text
from ncpi_field.xpath import RawValue
from ncpi_field.xpath.fn_dates import parse_date_time

IssueKind = Literal["required", "constraint", "type", "choice", "unknown", "expression"]

REQUIRED_MESSAGE: Final = "This question is required."
CONSTRAINT_MESSAGE: Final = "This answer is not allowed."
UNKNOWN_MESSAGE: Final = "This form has no question with this name."
EXPRESSION_MESSAGE: Final = "A rule of this question could not be checked: {reason}."
_TYPE_MESSAGES: Final[dict[str, str]] = {
    "integer": "Enter a whole number.",
    "decimal": "Enter a number.",
    "range": "Enter a number.",
    "date": "Enter a date as YYYY-MM-DD.",
    "time": "Enter a time as HH:MM.",
    "dateTime": "Enter a date and time as YYYY-MM-DDTHH:MM.",
    "text": "Enter text.",
    "select_one": "Choose one of the options.",
    "select_multiple": "Choose from the options.",
    "evidence": "Choose records to cite.",
    "acknowledge": "Acknowledge this question or leave it blank.",
}
CHOICE_MESSAGE: Final = "Choose one of the options offered."
_INTEGER: Final = re.compile(r"-?[0-9]+")
_DECIMAL: Final = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_TIME: Final = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?(Z|[+-][0-9:]+)?")


@dataclass(frozen=True)
class Issue:
    """One problem with one answer. ``repeat_index`` is the innermost 0-based repeat index."""

    field: str
    kind: IssueKind
    message: str
    repeat_index: int | None = None


def validate(
    spec: FormSpec,
    answers: Mapping[str, Any],
    *,
    language: str | None = None,
    now: Clock | dt.datetime | None = None,
) -> list[Issue]:
    """Every issue that stops ``answers`` being a complete record of ``spec``."""
    return issues(FormState(spec, answers, language=language, now=now))


def issues(state: FormState) -> list[Issue]:
    """Issues of the relevant answers of ``state``, in form order."""
    found = [Issue(name, "unknown", UNKNOWN_MESSAGE) for name in state.unknown_answers()]
    # Every stale check is recomputed here, before any answer is read, as the first question's
    # expression issues always did; nothing read below changes after it.
    reasons = state.expression_reasons()
    for question in state.questions:
        for instance in state.instances(question.name):
            slot = (question.name, instance)
            if state.relevant_at(slot):
                found.extend(_question_issues(state, question, slot, reasons.get(slot, ())))
    return found


def _question_issues(
    state: FormState, question: Question, slot: Slot, reasons: Sequence[str]
) -> list[Issue]:
    index = slot[1][-1] if slot[1] else None
    found = [
        Issue(question.name, "expression", EXPRESSION_MESSAGE.format(reason=reason), index)
        for reason in reasons
    ]
    if not question.takes_input:
        return found
    problem = _answer_problem(state, question, slot)
    if problem is not None:
        kind, message = problem
        found.append(Issue(question.name, kind, message, index))
    return found


def _answer_problem(
    state: FormState, question: Question, slot: Slot
) -> tuple[IssueKind, str] | None:
    value = state.value_at(slot)
    if _blank(value):
        if state.required_at(slot):
            return "required", _message(question.bind.required_message, state, REQUIRED_MESSAGE)
        return None
    # A calculated field takes what its calculation gives, as in JavaRosa, and the calculation
    # overwrites any typing: a wrong type there is the form's doing, which no one filling it in
    # could correct (a failing calculation is an 'expression' issue).
    problem = None if question.bind.calculate else _type_problem(question, value)
    if problem is not None:
        return problem
    offered = state.choice_names(slot)
    if offered is not None and not set(_tokens(value)) <= set(offered):
        return "choice", CHOICE_MESSAGE
    if not state.constraint_ok_at(slot):
        return "constraint", _message(question.bind.constraint_message, state, CONSTRAINT_MESSAGE)
    return None


def _message(text: Text, state: FormState, fallback: str) -> str:
    if not text:
        return fallback
    return text.get(state.language) or fallback


def _blank(value: RawValue) -> bool:
    return value is None or value == "" or (isinstance(value, list) and not value)


def _tokens(value: RawValue) -> list[str]:
    if isinstance(value, list):
        return [str(token) for token in value]
    return str(value).split()


def _is_number(value: RawValue, pattern: re.Pattern[str]) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        # JSON has no NaN or infinities; a decimal takes any finite float, an integer whole ones.
        return math.isfinite(value) and (pattern is _DECIMAL or value.is_integer())
    return isinstance(value, str) and pattern.fullmatch(value.strip()) is not None


def _is_date(value: RawValue) -> bool:
    return isinstance(value, str) and type(parse_date_time(value)) is dt.date


def _is_date_time(value: RawValue) -> bool:
    return isinstance(value, str) and parse_date_time(value) is not None


def _is_choice_list(value: RawValue) -> bool:
    if isinstance(value, str):
        return True
    return isinstance(value, list) and all(isinstance(token, str) for token in value)


_TYPE_CHECKS: Final[dict[str, Callable[[RawValue], bool]]] = {
    "integer": lambda value: _is_number(value, _INTEGER),
    "decimal": lambda value: _is_number(value, _DECIMAL),
    "date": _is_date,
    "dateTime": _is_date_time,
    "time": lambda value: isinstance(value, str) and _TIME.fullmatch(value) is not None,
    "select_one": lambda value: isinstance(value, str) and len(value.split()) == 1,
    "select_multiple": _is_choice_list,
    "evidence": _is_choice_list,
}


def _type_problem(question: Question, value: RawValue) -> tuple[IssueKind, str] | None:
    if not _well_typed(question, value):
        return "type", _TYPE_MESSAGES.get(question.kind, "This answer has the wrong type.")
    bounds = question.range
    if bounds is not None and not _in_range(bounds, value):
        return "constraint", range_message(bounds)
    return None


def range_message(bounds: RangeBounds) -> str:
    low, high, step = (_plain(number) for number in (bounds.low, bounds.high, abs(bounds.step)))
    steps = "" if abs(bounds.step) == 1 and not bounds.decimal else f" in steps of {step}"
    return f"Choose a number from {low} to {high}{steps}."


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _in_range(bounds: RangeBounds, value: RawValue) -> bool:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return False
    return bounds.accepts(number)


def _well_typed(question: Question, value: RawValue) -> bool:
    if question.kind == "range":
        bounds = question.range
        decimal = bounds is None or bounds.decimal
        return _is_number(value, _DECIMAL if decimal else _INTEGER)
    check = _TYPE_CHECKS.get(question.kind)
    if check is not None:
        return check(value)
    return isinstance(value, str)

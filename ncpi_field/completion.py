"""What it takes to save a record as complete: valid answers and a cleared PII check.

Drafts are never refused. A complete record stores only its relevant answers. Free text is
linted for personal data; a hit blocks completion until the text is cleared or the hit is
overridden with a reason, which is kept with the record. A form can say otherwise on its
settings sheet (``pii_blocks_completion`` no: the hits are then warnings only).
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from ncpi_field import pii
from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.evaluate_answers import Instance
from ncpi_field.xlsform.spec import FormSpec
from ncpi_field.xlsform.validate import Issue, issues

# Kept beside the answers, never inside a form's namespace: XLSForm names cannot start "__".
PII_OVERRIDES: Final = "__pii_overrides"
_FREE_TEXT_KINDS: Final = frozenset({"text"})
Linted = tuple[str, tuple[str, ...]]
_PII_WORDS: Final[dict[str, str]] = {
    "email": "an e-mail address",
    "force_reference": "something shaped like a force reference number",
    "postcode": "a postcode",
    "phone": "a phone number",
    "date": "a full date",
    "name": "what looks like a person's name",
}


@dataclass(frozen=True)
class PiiWarning:
    """A free-text answer that seems to hold personal data (kinds only, never the text)."""

    field: str
    kinds: tuple[str, ...]
    repeat_index: int | None = None
    overridden: bool = False

    @property
    def message(self) -> str:
        found = ", ".join(_PII_WORDS.get(k, k) for k in self.kinds)
        return f"This text seems to contain {found}. Use roles and month-level dates only."


@dataclass(frozen=True)
class Completion:
    """The outcome of preparing answers to be saved with a status."""

    answers: Mapping[str, Any]
    issues: tuple[Issue, ...]
    pii_warnings: tuple[PiiWarning, ...]

    @property
    def ok(self) -> bool:
        return not self.issues


def prepare(
    spec: FormSpec,
    answers: Mapping[str, Any],
    *,
    status: str,
    language: str | None = None,
    now: dt.datetime | None = None,
) -> Completion:
    """Answers as they should be stored, and what (if anything) stops them being complete."""
    overrides = _overrides(answers)
    form_answers = {k: v for k, v in answers.items() if k != PII_OVERRIDES}
    state = FormState(spec, form_answers, language=language, now=now)
    return _prepared(state, overrides, status, dict(answers))


def prepare_state(
    state: FormState, *, status: str, pii_overrides: Mapping[str, str] | None = None
) -> Completion:
    """As ``prepare``, for a form state already live in the app: nothing is evaluated twice."""
    overrides = {k: v.strip() for k, v in (pii_overrides or {}).items() if v.strip()}
    as_given: dict[str, Any] = dict(state.answers())
    if overrides:
        as_given[PII_OVERRIDES] = overrides
    return _prepared(state, overrides, status, as_given)


def _prepared(
    state: FormState, overrides: Mapping[str, str], status: str, as_given: dict[str, Any]
) -> Completion:
    warnings = tuple(_pii_warnings(state, overrides))
    if status != "complete":
        return Completion(as_given, (), warnings)
    found = issues(state)
    if state.spec.pii_blocks_completion:
        found += [
            Issue(w.field, "constraint", w.message + _OVERRIDE_HINT, w.repeat_index)
            for w in warnings
            if not w.overridden
        ]
    stored: dict[str, Any] = dict(state.stored_answers())
    if overrides:
        stored[PII_OVERRIDES] = dict(overrides)
    return Completion(stored, tuple(found), warnings)


_OVERRIDE_HINT: Final = " Clear it, or override the warning with a reason."


def _overrides(answers: Mapping[str, Any]) -> dict[str, str]:
    raw = answers.get(PII_OVERRIDES)
    if not isinstance(raw, Mapping):
        return {}
    return {str(k): str(v).strip() for k, v in raw.items() if str(v).strip()}


def _pii_warnings(state: FormState, overrides: Mapping[str, str]) -> Iterator[PiiWarning]:
    for question in state.spec.questions():
        if question.kind not in _FREE_TEXT_KINDS:
            continue
        for instance in state.instances(question.name):
            value = state.value(question.name, instance)
            if not isinstance(value, str) or not state.relevant(question.name, instance):
                continue
            kinds = _kinds_found(state, question.name, instance, value)
            if kinds:
                index = instance[-1] if instance else None
                yield PiiWarning(question.name, kinds, index, question.name in overrides)


# Per live form state: (question, instance) -> (the text last linted there, what was found).
# An autosave lints every free-text answer, and between two saves usually one has changed. Kept
# on the state (weakly), so it goes when the state does: at lock, with the form.
_LINTED: Final[weakref.WeakKeyDictionary[FormState, dict[tuple[str, Instance], Linted]]] = (
    weakref.WeakKeyDictionary()
)


def _kinds_found(state: FormState, name: str, instance: Instance, text: str) -> tuple[str, ...]:
    seen = _LINTED.setdefault(state, {})
    known = seen.get((name, instance))
    if known is not None and known[0] == text:
        return known[1]
    kinds = tuple(sorted({hit.kind for hit in pii.lint_text(text)}))
    seen[(name, instance)] = (text, kinds)
    return kinds


# For checks that need only the verdict (ncpi_field.completion_check): the same rules' parts.
FREE_TEXT_KINDS: Final = _FREE_TEXT_KINDS


def overrides_of(answers: Mapping[str, Any]) -> dict[str, str]:
    """The PII overrides kept beside ``answers``: field name to its reason, blank ones dropped."""
    return _overrides(answers)

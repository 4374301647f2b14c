"""Whether answers may stand as a complete record: ``completion.prepare(...).ok``, cheaper.

An imported version marked complete must pass its form's checks, as a save would. The import
needs only the verdict, not the answers to store or the warnings to show, so this skips what
only those need: the stored answers are not rebuilt, the PII lint is not run when the form does
not block on it (its hits would be warnings only) or when the checks already fail, an
overridden question is not linted (an overridden hit never blocks), and the lint's verdict is
kept per text (the lint reads the text alone). The rules applied are the same; the law
``passes(spec, answers) == prepare(spec, answers, status="complete").ok`` is tested.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ncpi_field import pii
from ncpi_field.completion import FREE_TEXT_KINDS, PII_OVERRIDES, overrides_of
from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.spec import FormSpec
from ncpi_field.xlsform.validate import issues

# Texts whose lint verdict is kept; past this the memo starts again (memory stays bounded).
_MEMO_LIMIT: Final = 4096


class CompletionCheck:
    """Checks answers against forms; one per batch (a bundle), so the lint memo is shared."""

    def __init__(self) -> None:
        self._flagged: dict[str, bool] = {}
        self._free_text: dict[str, tuple[str, ...]] = {}  # by form sha256: its free-text questions

    def passes(self, spec: FormSpec, answers: Mapping[str, Any]) -> bool:
        """True when ``answers`` would be accepted as a complete record of ``spec``."""
        overrides = overrides_of(answers)
        form_answers = {k: v for k, v in answers.items() if k != PII_OVERRIDES}
        state = FormState(spec, form_answers)
        if issues(state):
            return False
        if not spec.pii_blocks_completion:
            return True
        linted = (name for name in self._questions(spec) if name not in overrides)
        return not any(self._blocks(state, name) for name in linted)

    def _questions(self, spec: FormSpec) -> tuple[str, ...]:
        known = self._free_text.get(spec.sha256)
        if known is None:
            known = tuple(q.name for q in spec.questions() if q.kind in FREE_TEXT_KINDS)
            self._free_text[spec.sha256] = known
        return known

    def _blocks(self, state: FormState, name: str) -> bool:
        for instance in state.instances(name):
            value = state.value(name, instance)
            if isinstance(value, str) and state.relevant(name, instance) and self._flags(value):
                return True
        return False

    def _flags(self, text: str) -> bool:
        known = self._flagged.get(text)
        if known is None:
            if len(self._flagged) >= _MEMO_LIMIT:
                self._flagged.clear()
            known = self._flagged[text] = bool(pii.lint_text(text))
        return known

"""A rule that failed to evaluate forgets its failure once it is no longer run.

Before, ``set_answer`` dropped an expression error only when it ran the rule again: an answer
blanked after its constraint failed (or a question hidden after its rule failed) kept the error,
and ``issues()`` then refused to complete the record until it was reopened.
"""

from __future__ import annotations

from eval_forms import CLOCK, YES_NO, form, question

from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.validate import issues


def _rules() -> FormState:
    spec = form(
        question("pattern"),
        question("checked", constraint="regex(., ${pattern})"),
        question("shown", "select_one", "yes_no"),
        question("gated", relevant="${shown} = 'yes'", required="substr(${pattern})"),
        lists=(YES_NO,),
    )
    return FormState(spec, {"pattern": "[", "checked": "short", "shown": "yes"}, now=CLOCK)


def _unchecked(state: FormState) -> list[str]:
    return [i.field for i in issues(state) if "could not be checked" in i.message]


def test_a_blanked_answer_drops_its_constraints_failure() -> None:
    state = _rules()
    assert "checked" in _unchecked(state)
    state.set_answer("checked", "")
    assert not any(slot[0] == "checked" for slot, _ in state.expression_errors())
    assert "checked" not in _unchecked(state)


def test_a_hidden_question_drops_its_rules_failure() -> None:
    state = _rules()
    assert any(slot[0] == "gated" for slot, _ in state.expression_errors())
    state.set_answer("shown", "no")
    assert not any(slot[0] == "gated" for slot, _ in state.expression_errors())
    # and the failure comes back when the question is shown again
    state.set_answer("shown", "yes")
    assert any(slot[0] == "gated" for slot, _ in state.expression_errors())

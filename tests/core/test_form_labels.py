"""Answers as the form shows them: choices by label, and the search's quick path agrees."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ncpi_field.form_labels import FormLabels, installed_labels

LABELS = FormLabels(
    questions={"grade": "Grade", "flags": "Flags", "note": "Note"},
    choices={"grade": {"good": "Good"}, "flags": {"a": "Alpha"}},
    computed=frozenset({"rank"}),
)
values = st.one_of(
    st.sampled_from(["good", "a", "", "other"]),
    st.text(max_size=8),
    st.integers(),
    st.none(),
    st.lists(st.sampled_from(["a", "b"]), max_size=2),
)
answers = st.dictionaries(st.sampled_from(["grade", "flags", "note", "rank", "x"]), values)


def shown_texts(labels: FormLabels, given_answers: dict[str, Any]) -> list[str]:
    """The definition: every answer not computed and not empty, as ``shown`` gives it."""
    return [
        labels.shown(name, value)
        for name, value in given_answers.items()
        if name not in labels.computed and value is not None and value != ""
    ]


@given(answers)
def test_texts_are_the_answers_as_shown(given_answers: dict[str, Any]) -> None:
    assert list(LABELS.texts(given_answers)) == shown_texts(LABELS, given_answers)


def test_repeats_are_searched_entry_by_entry_and_installed_labels_hold_choices() -> None:
    texts = list(LABELS.texts({"actions": [{"grade": "good"}, {"note": "late"}], "rank": "2"}))
    assert texts == ["Good", "late"]
    case_audit = installed_labels("case_audit")
    assert case_audit.shown("hmicfrs_grade", "requires_improvement") == "Requires improvement"
    assert "hmicfrs_grade_rank" in case_audit.computed
    assert installed_labels("no_such_form").label("q1") == "q1"

"""Answers side by side read as a person reads them: question labels and choice labels."""

from __future__ import annotations

from ncpi_field.formstore import installed_spec
from sync.conflicts import MISSING, STATUS_FIELD
from ui.sync.answer_text import NO_ANSWER, STATUS_LABEL, question_label, shown


def test_choices_show_their_labels_and_other_answers_their_text() -> None:
    spec = installed_spec("observation")
    assert question_label(spec, "significance") == "Significance"
    assert question_label(spec, STATUS_FIELD) == STATUS_LABEL
    assert question_label(spec, "not_in_the_form") == "not_in_the_form"
    assert question_label(None, "significance") == "significance"
    assert shown(spec, "significance", "high") == "High"
    assert shown(spec, "obs_type", "focus_group") == "Focus group"
    themes = spec.choices["theme"].choices[:2]
    picked = [c.name for c in themes]
    assert shown(spec, "theme_tags", picked) == "; ".join(c.label.get() for c in themes)
    assert shown(spec, "obs_ref", "OBS-7") == "OBS-7"
    assert shown(spec, "participant_count", 3) == "3"
    assert shown(spec, "anything", [{"a": 1}, {"a": 2}]) == "2 entries"
    for empty in (MISSING, None, ""):
        assert shown(spec, "obs_ref", empty) == NO_ANSWER
    assert shown(spec, "significance", "unknown_code") == "unknown_code"

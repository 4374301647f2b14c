"""Helpers for the form view tests: typing into a question's editor as a person would."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ui.form_view.questions import QuestionField
from ui.form_view.view import FormView

TYPED: Final = {
    "text": "Words typed here",
    "integer": "42",
    "decimal": "4.5",
    "date": "2025-03-01",
    "time": "09:30",
    "dateTime": "2025-03-01T09:30",
}


def typed_for(field: QuestionField) -> str:
    """A valid answer to type: a range takes a number on its steps, here its start."""
    bounds = field.question.range
    if bounds is not None:
        return str(bounds.start)
    return TYPED[field.question.kind]


def edit(qtbot: QtBot, field: QuestionField, text: str | None = None) -> None:
    """Answer ``field`` through its editor: keys typed, a choice picked, a box ticked."""
    editor = field.editor
    kind = field.question.kind
    if isinstance(editor, QLineEdit | QPlainTextEdit):
        editor.clear() if isinstance(editor, QPlainTextEdit) else editor.setText("")
        qtbot.keyClicks(editor, text if text is not None else typed_for(field))
    elif isinstance(editor, QComboBox):
        assert editor.count() > 1, f"{field.question.name} offers no choice"
        editor.setCurrentIndex(1)
    elif isinstance(editor, QCheckBox):
        editor.click()
    elif isinstance(editor, QListWidget):
        assert editor.count() > 0, f"{field.question.name} offers no choice"
        editor.item(0).setCheckState(Qt.CheckState.Checked)
    elif kind == "evidence":
        assert field.evidence_list.count() > 0, "no records offered to cite"
        field.evidence_list.item(0).setCheckState(Qt.CheckState.Checked)
    else:
        raise AssertionError(f"no way to edit {field.question.name} ({kind})")


def add_every_repeat(view: FormView) -> None:
    """Press 'Add an entry' until every repeat, nested ones too, holds one entry."""
    # One press a round: an entry may bring nested repeats with their own buttons.
    for _round in range(100):
        assert view.body is not None
        pending = [
            buttons[0]
            for name, buttons in view.body.add_buttons.items()
            if not view.body.groups.get(name)
        ]
        if not pending:
            return
        pending[0].click()
    raise AssertionError("some repeat never got an entry")


class WindowsShown(QObject):
    """Counts widgets shown as windows of their own (a flash, and the keyboard taken)."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self.shown.append(f"{type(watched).__name__}#{watched.objectName()}")
        return False

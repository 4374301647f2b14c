"""Pieces the dialogs share: secret fields, the inline message, the busy bar, buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)


def secret_field(accessible_name: str, placeholder: str = "") -> QLineEdit:
    """A masked line edit that never offers its text to the clipboard or input history."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible_name)
    field.setPlaceholderText(placeholder)
    field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    return field


def message_label(accessible_name: str) -> QLabel:
    """An inline message (errors, waits); hidden while empty."""
    label = QLabel()
    label.setObjectName("inlineMessage")
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name)
    label.setVisible(False)
    return label


def show_message(label: QLabel, text: str) -> None:
    """Show or hide an inline message, growing the dialog so wrapped lines are never clipped."""
    label.setText(text)
    label.setVisible(bool(text))
    window = label.window()
    layout = window.layout()
    if window.isVisible() and layout is not None:
        layout.activate()
        window.resize(window.width(), max(window.height(), window.sizeHint().height()))


def busy_bar(accessible_name: str) -> QProgressBar:
    """An indeterminate bar shown while the key is derived (Argon2id takes a moment)."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumHeight(6)
    bar.setAccessibleName(accessible_name)
    bar.setVisible(False)
    return bar


def field_label(text: str, buddy: QWidget) -> QLabel:
    """A visible label with a mnemonic that moves focus to its field (Alt+letter)."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def plain_button(text: str, accessible_name: str, slot: Callable[[], object]) -> QPushButton:
    """A button that Enter in a field never presses by surprise (no auto-default)."""
    button = QPushButton(text)
    button.setAccessibleName(accessible_name)
    button.setAutoDefault(False)
    button.clicked.connect(slot)
    return button


def close_buttons(dialog: QDialog) -> QDialogButtonBox:
    """The dialog's Close button (Escape too), named for screen readers."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
    buttons.rejected.connect(dialog.reject)
    return buttons


def action_and_close(
    dialog: QDialog, text: str, accessible_name: str, slot: Callable[[], object]
) -> tuple[QDialogButtonBox, QPushButton]:
    """Close plus the dialog's one action (the accept role: Enter presses it)."""
    buttons = close_buttons(dialog)
    action = buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
    action.setAccessibleName(accessible_name)
    action.clicked.connect(slot)
    return buttons, action

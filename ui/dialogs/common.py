"""Pieces the dialogs share: labelled secret fields, the inline message and the busy bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QProgressBar, QWidget


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

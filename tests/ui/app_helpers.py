"""Helpers for the desktop app tests: unlocking through the dialog and reading widget text."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
)
from pytestqt.qtbot import QtBot

from ui.app import AppShell
from ui.dialogs.unlock import UnlockDialog

WAIT_MS = 15_000


def unlock_dialog(shell: AppShell) -> UnlockDialog:
    assert isinstance(shell.dialog, UnlockDialog)
    return shell.dialog


def unlock(qtbot: QtBot, shell: AppShell, passphrase: str) -> None:
    dialog = unlock_dialog(shell)
    dialog.passphrase.setText(passphrase)
    with qtbot.waitSignal(shell.unlocked, timeout=WAIT_MS):
        dialog.unlock_button.click()


def all_widget_text() -> str:
    """Every piece of text any live widget holds or shows, model cells included."""
    parts: list[str] = []
    for widget in QApplication.allWidgets():
        parts += [widget.windowTitle(), widget.toolTip(), widget.statusTip()]
        parts += [widget.accessibleName(), widget.accessibleDescription()]
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            parts.append(widget.text())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            try:
                columns = model.columnCount()
            except TypeError:  # a list model keeps columnCount private: one column
                columns = 1
            for row in range(model.rowCount()):
                for column in range(columns):
                    parts.append(str(model.index(row, column).data()))
    return "\n".join(parts)

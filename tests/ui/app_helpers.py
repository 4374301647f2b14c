"""Helpers for the desktop app tests: unlocking through the dialog and reading widget text."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
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


def texts_held(obj: QObject) -> list[str]:
    """What one Qt object holds as text: shown, edited, listed or stored as a property."""
    parts = [obj.objectName()]
    for name in obj.dynamicPropertyNames():
        try:
            parts.append(str(obj.property(bytes(name).decode())))
        except RuntimeError:  # a C++ value PySide cannot convert (Qt's own, never our text)
            continue
    if isinstance(obj, QWidget):
        parts += [obj.windowTitle(), obj.toolTip(), obj.statusTip(), obj.whatsThis()]
        parts += [obj.accessibleName(), obj.accessibleDescription()]
    if isinstance(obj, QLabel | QAbstractButton):
        parts.append(obj.text())
    if isinstance(obj, QLineEdit):
        parts += [obj.text(), obj.placeholderText()]
    if isinstance(obj, QPlainTextEdit | QTextEdit):
        parts += [obj.toPlainText(), obj.placeholderText()]
    if isinstance(obj, QComboBox):
        parts += [obj.currentText(), *(obj.itemText(i) for i in range(obj.count()))]
        parts += [str(obj.itemData(i)) for i in range(obj.count())]
    if isinstance(obj, QAbstractItemModel):
        parts += model_texts(obj)
    return parts


def model_texts(model: QAbstractItemModel) -> list[str]:
    """Every cell's display, edit, tooltip and user data, top-level rows and their children."""
    roles = (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.UserRole,
        Qt.ItemDataRole.UserRole + 1,
    )
    parts: list[str] = []
    pending = [QModelIndex()]
    while pending:
        parent = pending.pop()
        try:
            columns = model.columnCount(parent)
        except TypeError:  # a list model keeps columnCount private: one column
            columns = 1
        for row in range(model.rowCount(parent)):
            for column in range(columns):
                index = model.index(row, column, parent)
                parts += [str(model.data(index, role)) for role in roles]
                if column == 0 and has_children(model, index):
                    pending.append(index)
    return parts


def has_children(model: QAbstractItemModel, index: QModelIndex) -> bool:
    try:
        return model.hasChildren(index)
    except TypeError:  # a list or table model keeps hasChildren private: flat
        return False


def every_qt_text() -> str:
    """The text held by every widget of the app and every object under it, models included."""
    seen: set[int] = set()
    parts: list[str] = []
    app = QApplication.instance()
    roots: list[QObject] = [*QApplication.topLevelWidgets(), *([app] if app else [])]
    for root in roots:
        for obj in [root, *root.findChildren(QObject)]:
            if id(obj) not in seen:
                seen.add(id(obj))
                parts += texts_held(obj)
    if app is not None:
        parts.append(QApplication.clipboard().text())
    return "\n".join(parts)

"""What a person could not see whole: widgets cut by their parent, or smaller than their text."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

TEXT_WIDGETS = (QLabel, QAbstractButton, QLineEdit, QComboBox)


def scrolled(widget: QWidget) -> bool:
    """Inside an item view, or the content a scroll area moves: cut by design, reached by
    scrolling."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractItemView):
            return True
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
            return widget is not None and widget.parentWidget() is parent
        parent = grand
    return False


def clipped_widgets(root: QWidget) -> list[str]:
    """Every visible widget under ``root`` that sticks out of its parent, or is smaller than it
    needs to show its text; by class and object name (never its text)."""
    found: list[str] = []
    for widget in root.findChildren(QWidget):
        parent = widget.parentWidget()
        if parent is None or not widget.isVisibleTo(root) or widget.isWindow() or scrolled(widget):
            continue
        name = f"{type(widget).__name__}#{widget.objectName() or '?'}"
        if not parent.rect().contains(widget.geometry()):
            found.append(f"{name} out of its parent")
        if isinstance(widget, TEXT_WIDGETS):
            need = widget.minimumSizeHint()
            if widget.width() < need.width() or widget.height() < need.height():
                found.append(f"{name} smaller than its text")
    return found

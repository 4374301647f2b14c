"""Tell when a widget has first been painted: the moment a person can see it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget


class FirstPaint(QObject):
    """Emits ``painted`` once, after the watched widget's first paint event, then stops watching."""

    painted = Signal()

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        widget.installEventFilter(self)

    # Nothing is kept on the Python side: once the widget's own wrapper is let go (a dialog
    # the shell no longer holds), Qt may call this filter through a new wrapper of it.
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint:  # only ever installed on the one widget
            watched.removeEventFilter(self)
            self.painted.emit()
        return False

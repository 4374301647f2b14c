"""FirstPaint tells once, at the first paint, and holds nothing a new wrapper would lack."""

from __future__ import annotations

import gc

from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from ui.first_paint import FirstPaint


def test_it_tells_once_at_the_first_paint(qtbot: QtBot) -> None:
    label = QLabel("shown")
    qtbot.addWidget(label)
    seen: list[str] = []
    FirstPaint(label).painted.connect(lambda: seen.append("painted"))
    label.show()
    qtbot.waitUntil(lambda: seen == ["painted"], timeout=5000)
    label.repaint()
    qtbot.wait(20)
    assert seen == ["painted"]


def test_it_tells_after_the_python_wrappers_were_let_go(qtbot: QtBot) -> None:
    """As with a dialog the shell lets go of while its parent window keeps it."""
    window = QWidget()
    qtbot.addWidget(window)
    seen: list[str] = []
    FirstPaint(QLabel("shown", window)).painted.connect(lambda: seen.append("painted"))
    gc.collect()  # the label's and the watcher's wrappers go; Qt's objects stay
    window.show()
    qtbot.waitUntil(lambda: seen == ["painted"], timeout=5000)

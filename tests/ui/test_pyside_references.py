"""The Qt binding keeps Python's reference counts whole (PySide6 6.12.0 on Python 3.11 did not).

That release took a reference from ``None`` on every call of a method returning nothing and
from ``True`` on every signal emitted from Python; a working day of typing aborted the app
with "deallocating None". pyproject.toml keeps it out; this test catches any release like it.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

CALLS = 2_000


class Pinger(QObject):
    ping = Signal(object)


def counts() -> tuple[int, int, int]:
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def test_void_methods_and_emits_keep_reference_counts(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    label = QLabel(holder)
    pinger = Pinger()
    pinger.ping.connect(lambda _value: None)
    before = counts()
    for n in range(CALLS):
        label.setText("x")
        label.setVisible(n % 2 == 0)
        pinger.ping.emit(None)
    drift = [after - was for after, was in zip(counts(), before, strict=True)]
    # A few references come and go with the interpreter's own work; a leak loses thousands.
    assert all(abs(change) < CALLS // 10 for change in drift), drift

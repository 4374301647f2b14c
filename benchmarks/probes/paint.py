"""Exit at the first paint of a window: ``bare`` (a plain QWidget) or ``app VAULT`` (ncpi-field).

The app runs exactly as ``ncpi-field --vault VAULT`` does; only an application-wide event filter
is added, which prints nothing and ends the process when the unlock dialog is first painted.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget


class ExitOnPaint(QObject):
    def __init__(self, class_name: str) -> None:
        super().__init__()
        self.class_name = class_name

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and type(watched).__name__ == self.class_name:
            sys.stdout.flush()
            os._exit(0)
        return False


def main() -> None:
    mode = sys.argv[1]
    app = QApplication(sys.argv[:1])
    if mode == "bare":
        watcher = ExitOnPaint("QWidget")
        app.installEventFilter(watcher)
        window = QWidget()
        window.resize(640, 480)
        window.show()
        app.exec()
        return
    watcher = ExitOnPaint("UnlockDialog")
    app.installEventFilter(watcher)
    if mode == "app":
        from ui.cli import main as cli_main  # noqa: PLC0415 - the path ncpi-field takes

        cli_main(["--vault", sys.argv[2]])
    else:  # "app-only": the desktop app without the command-line module in front of it
        from pathlib import Path  # noqa: PLC0415

        from ui.app import run_app  # noqa: PLC0415

        run_app(Path(sys.argv[2]))


if __name__ == "__main__":
    main()

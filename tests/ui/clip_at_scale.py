"""Child process for the high-DPI test: the main window and each form at 1366x768 (logical),
run under QT_SCALE_FACTOR, then what is clipped; prints JSON (class names, no text)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from layout_checks import clipped_widgets
from PySide6.QtWidgets import QApplication

from ui import style
from ui.app import AppShell
from ui.operations import unlock_vault
from ui.settings import Settings


def settle(app: QApplication) -> None:
    for _turn in range(5):
        app.processEvents()


def main() -> None:
    app = QApplication(sys.argv[:1])
    style.apply(app)
    vault = unlock_vault(Path(sys.argv[1]), os.environ["NCPI_PASSPHRASE"])
    clipped: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        shell = AppShell(vault.directory, Settings.at(Path(scratch) / "settings.ini"))
        shell.window.resize(1366, 768)
        shell.window.show()
        shell.enter(vault)
        settle(app)
        clipped["main window"] = clipped_widgets(shell.window)
        for form_id in ("case_audit", "reality_test", "observation", "debrief"):
            shell.new_record(form_id)
            shell.window.form_view.finish_building()
            settle(app)
            clipped[form_id] = clipped_widgets(shell.window)
        ratio = shell.window.devicePixelRatio()
        size = [shell.window.width(), shell.window.height()]
        shell.quit()
    vault.lock()
    print(json.dumps({"ratio": ratio, "size": size, "clipped": clipped}))


if __name__ == "__main__":
    main()

"""Child process for the autosave crash test: types into a new case audit through its widgets.

Keys go into the audit reference box a few at a time, with pauses past the autosave delay, and
now and then Tab moves on (a save on leaving a field). Each draft is acknowledged on stdout only
once the form view says it was written: the record id and how many characters it held, never
the text. The parent kills this process with SIGKILL at a moment of its choosing.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Final

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from ncpi_field.service import Saved, VaultService
from ncpi_field.vault import Vault
from ui.form_view.session import AUTOSAVE_MS, Head
from ui.form_view.view import FormView
from ui.operations import new_record_state

FIELD: Final = "audit_ref"
LETTERS: Final = "abcdefghijklmnopqrstuvwxyz"
BURST: Final = 12


def typed_text(count: int) -> str:
    """What the child has typed after ``count`` keys (the parent rebuilds it the same way)."""
    return "".join(LETTERS[i % len(LETTERS)] for i in range(count))


def run_for(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.002)


def main() -> None:
    app = QApplication(sys.argv[:1])
    vault = VaultService(Vault.unlock(Path(sys.argv[1]), os.environ["NCPI_PASSPHRASE"]))
    view = FormView()
    view.resize(1366, 768)
    view.show()
    view.open_state(lambda: vault, new_record_state("case_audit"), Head())
    view.finish_building()
    assert view.body is not None
    field = view.body.field(FIELD)
    assert field is not None
    box = field.editor
    assert isinstance(box, QLineEdit)

    def acknowledge(saved: Saved) -> None:
        held = saved.version.answers.get(FIELD)
        length = len(held) if isinstance(held, str) else 0
        sys.stdout.write(f"{saved.version.record_id} {length}\n")
        sys.stdout.flush()

    view.record_saved.connect(acknowledge)
    keys = 0
    for burst in range(1000):
        box.setFocus()
        for _key in range(BURST):
            QTest.keyClick(box, LETTERS[keys % len(LETTERS)])
            keys += 1
            run_for(app, 0.02)
        if burst % 3 == 2:
            QTest.keyClick(box, Qt.Key.Key_Tab)  # leaving the field saves at once
            run_for(app, 0.3)
        else:
            run_for(app, AUTOSAVE_MS / 1000 + 0.3)


if __name__ == "__main__":
    main()

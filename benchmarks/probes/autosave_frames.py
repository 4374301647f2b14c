"""The GUI thread while an inspector types into a case audit and autosave writes drafts.

``python -m benchmarks.probes.autosave_frames DIR autosave|none|new [BURSTS]`` (the passphrase on
stdin; DIR a vault filled by ``ncpi-field demo``, or any holding a case audit). The whole app
shell on the vault, offscreen at 1366x768 with the stylesheet; a case audit of the demo opened
in the form view; a typist presses a key
every TYPE_MS into its free-text questions in bursts, pausing past the autosave delay between
them, so drafts are written (and their rows and the returned list refreshed) while typing goes
on. A heartbeat timer every BEAT_MS runs on the GUI thread: the longest gap between its ticks,
less its interval, is the longest frame. ``none`` types the same with autosave off (the
baseline). ``new`` types into a new case audit instead: its first draft adds the record's
row to the list (the path a first save takes on a large vault). Prints JSON: frames, saves;
never a typed character.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Final

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from ui import style
from ui.app import AppShell
from ui.operations import unlock_vault
from ui.settings import Settings

BEAT_MS: Final = 2
TYPE_MS: Final = 70  # a brisk typist
BURST: Final = 14  # keys, then a pause past the autosave delay
AUTOSAVE_MS: Final = 300  # shortened from the app's 2 s so a run holds many saves
PAUSE_MS: Final = AUTOSAVE_MS + 150
BURSTS: Final = 12


class Heartbeat:
    """Ticks as often as the GUI thread lets it; keeps the longest gap between ticks."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.clock.start()
        self.last = self.clock.nsecsElapsed()
        self.gaps: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(BEAT_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        now = self.clock.nsecsElapsed()
        self.gaps.append((now - self.last) / 1e9 - BEAT_MS / 1000)
        self.last = now


def editors(shell: AppShell) -> list[QLineEdit | QPlainTextEdit]:
    """The free-text boxes of the open form a person can type into."""
    view = shell.window.form_view
    view.finish_building()
    assert view.body is not None
    found: list[QLineEdit | QPlainTextEdit] = []
    for field in view.body.all_fields():
        editor = field.editor
        typed = field.question.kind == "text" and isinstance(editor, QLineEdit | QPlainTextEdit)
        if typed and field.isVisibleTo(view.body) and editor.isEnabled():
            found.append(editor)
    return found


def run_typist(
    app: QApplication, shell: AppShell, autosave: bool, bursts: int = BURSTS
) -> dict[str, Any]:
    view = shell.window.form_view
    assert view.session is not None
    boxes = editors(shell)
    saves: list[object] = []
    view.record_saved.connect(saves.append)
    if autosave:
        view.session.timer.setInterval(AUTOSAVE_MS)
    else:
        view.session.closed = True  # no draft is written, on a timer or on leaving a field
    wait(app, 1000)  # the form opened, laid out and painted: opening is measured elsewhere
    beat = Heartbeat()
    keys = 0
    for burst in range(bursts):
        box = boxes[burst % len(boxes)]
        box.setFocus()
        for _key in range(BURST):
            QTest.keyClick(box, Qt.Key.Key_A)
            keys += 1
            wait(app, TYPE_MS)
        wait(app, PAUSE_MS)
    wait(app, 3 * PAUSE_MS)  # the last save reports back
    beat.timer.stop()
    gaps = sorted(beat.gaps)
    return {
        "longest_frame": gaps[-1],
        "p99_frame": gaps[int(len(gaps) * 0.99)],
        "frames_over_50ms": sum(gap > 0.050 for gap in gaps),
        "ticks": len(gaps),
        "keys": keys,
        "saves": len(saves),
    }


def wait(app: QApplication, ms: int) -> None:
    """Run the event loop for ``ms`` (as a person's pause would leave it running)."""
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.0005)


def main() -> None:
    directory, mode = Path(sys.argv[1]), sys.argv[2]
    bursts = int(sys.argv[3]) if len(sys.argv) > 3 else BURSTS
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    style.apply(app)
    vault = unlock_vault(directory, sys.stdin.readline().rstrip("\n"))
    with tempfile.TemporaryDirectory(prefix="ncpi-autosave-") as scratch:
        shell = AppShell(vault.directory, Settings.at(Path(scratch) / "settings.ini"))
        shell.window.resize(1366, 768)
        shell.window.show()
        shell.enter(vault)
        if mode == "new":
            shell.new_record("case_audit")
        else:
            audit = next(s for s in vault.list_records() if s.form_id == "case_audit")
            shell.open_record(audit.record_id)
        result = run_typist(app, shell, autosave=mode != "none", bursts=bursts)
        shell.quit()
    print(json.dumps(result))


if __name__ == "__main__":
    main()

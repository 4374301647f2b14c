"""At start the unlock dialog comes first, alone: the main window is built once the dialog is
painted and shown when the vault opens (the figure: start to the dialog painted, ≤ 2x Qt)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_helpers import WAIT_MS, unlock, unlock_dialog
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ncpi_field.service import VaultService
from ncpi_field.vault import Vault
from ui import worker
from ui.app import AppShell
from ui.main_window import MainWindow
from ui.settings import Settings


def main_windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]


@pytest.fixture
def started(
    qtbot: QtBot, created_vault: tuple[Path, str], settings: Settings, passphrase: str
) -> Iterator[AppShell]:
    """A shell started as run_app starts it: nothing asks for its window first."""
    vault = Vault.unlock(created_vault[0], passphrase)
    try:
        VaultService(vault).put_draft("case_audit", {"audit_ref": "CA-01"})
    finally:
        vault.lock()
    before = set(main_windows())
    shell = AppShell(created_vault[0], settings)
    assert set(main_windows()) == before  # nothing built yet
    shell.start()
    yield shell
    qtbot.waitUntil(lambda: not worker.busy(), timeout=WAIT_MS)
    shell.quit()
    shell.window.deleteLater()


def test_the_unlock_dialog_shows_alone_and_the_window_follows_the_unlock(
    qtbot: QtBot, started: AppShell, passphrase: str
) -> None:
    dialog = unlock_dialog(started)
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    assert dialog.parentWidget() is None
    # Built once the dialog was painted (the work area too), but not shown while locked.
    qtbot.waitUntil(lambda: started.window.built_form_view is not None, timeout=WAIT_MS)
    assert not started.window.isVisible()
    unlock(qtbot, started, passphrase)
    assert started.window.isVisible()
    assert not started.window.is_locked_view()
    assert started.window.navigator.model.rowCount() == 1


def test_locking_after_that_asks_over_the_window(
    qtbot: QtBot, started: AppShell, passphrase: str
) -> None:
    unlock(qtbot, started, passphrase)
    started.lock()
    dialog = unlock_dialog(started)
    assert dialog.parentWidget() is started.window
    assert started.window.is_locked_view()


def test_quitting_at_the_first_dialog_keeps_the_windows_last_place(
    qtbot: QtBot, created_vault: tuple[Path, str], settings: Settings
) -> None:
    kept = QByteArray(b"the geometry saved by the last session")
    settings.window_geometry = kept
    shell = AppShell(created_vault[0], settings)
    shell.start()
    with qtbot.waitSignal(shell.finished, timeout=WAIT_MS):
        qtbot.keyClick(unlock_dialog(shell), Qt.Key.Key_Escape)
    assert settings.window_geometry == kept
    shell.window.deleteLater()


def test_the_preload_while_the_dialog_waits_takes_in_the_forms_engine() -> None:
    """The service no longer loads it; the app lists its instruments as soon as it unlocks,
    so it is loaded in the background rather than on the GUI thread then."""
    probe = (
        "import json, sys\nimport ui.app\nui.app.preload_core()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m in"
        " ('ncpi_field.formstore', 'ncpi_field.completion', 'ncpi_field.xpath'))))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "ncpi_field.completion",
        "ncpi_field.formstore",
        "ncpi_field.xpath",
    ]

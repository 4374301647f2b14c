"""Locking while a long write runs in the worker (here the workbook export; an import or a
bundle export is marked the same way): the app acts locked at once, the write finishes whole,
no error is shown, and only then is the key dropped and the passphrase asked for."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from app_helpers import WAIT_MS, unlock
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncpi_field.demo import fill_vault
from ncpi_field.service import VaultService, unlock_vault
from ncpi_field.vault import Vault
from ui import debrief_view, errors, worker
from ui.app import WAITING_TO_LOCK, AppShell
from ui.dialogs.unlock import UnlockDialog
from ui.register_window import RegisterWindow
from ui.reports_actions import open_debrief
from ui.sync import calls
from ui.sync.import_dialog import ImportDialog

MakeShell = Callable[[], AppShell]


@pytest.fixture
def a_record(created_vault: tuple[Path, str], passphrase: str) -> str:
    vault = Vault.unlock(created_vault[0], passphrase)
    try:
        saved = VaultService(vault).put_draft("case_audit", {"audit_ref": "CA-001"})
    finally:
        vault.lock()
    return saved.version.record_id


@pytest.fixture
def held_export(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The workbook export waits in the worker until the event is set, then writes."""
    release = threading.Event()
    real = VaultService.export_workbook

    def held(self: VaultService, out: Path, **kwargs: Any) -> Any:
        assert release.wait(WAIT_MS / 1000), "the test never released the export"
        return real(self, out, **kwargs)

    monkeypatch.setattr(VaultService, "export_workbook", held)
    return release


@pytest.fixture
def errors_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        errors, "report_unexpected", lambda exc, *_a: shown.append(type(exc).__name__)
    )
    monkeypatch.setattr(
        errors, "show_user_error", lambda exc, *_a: shown.append(type(exc).__name__)
    )
    return shown


@pytest.mark.parametrize("how", ["ctrl_l", "idle", "minimise"])
def test_locking_waits_for_the_running_export_to_finish(
    *,
    qtbot: QtBot,
    make_shell: MakeShell,
    passphrase: str,
    a_record: str,
    held_export: threading.Event,
    errors_shown: list[str],
    tmp_path: Path,
    how: str,
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    shell.window.register_action.trigger()
    window = shell.register_window
    assert isinstance(window, RegisterWindow)
    qtbot.waitUntil(window.isVisible, timeout=WAIT_MS)
    out = tmp_path / "register.xlsx"
    vault = shell.vault
    assert vault is not None
    window.start_export(out)
    assert worker.writing()

    if how == "ctrl_l":
        shell.window.activateWindow()
        qtbot.waitUntil(shell.window.isActiveWindow, timeout=WAIT_MS)
        qtbot.keyClick(
            shell.window.navigator.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
        )
    elif how == "idle":
        shell.idle.idle.emit()
    else:
        shell.settings.lock_on_minimise = True
        shell.window.minimised.emit()

    # Locked to the eye at once; the key kept until the write has reported.
    assert shell.vault is None
    assert shell.window.is_locked_view()
    assert shell.window.navigator.model.rowCount() == 0
    assert shell.window.statusBar().currentMessage() == WAITING_TO_LOCK
    assert not vault.locked
    assert shell.dialog is None  # no passphrase asked while the old vault is still open
    shell.lock()  # asked again meanwhile: nothing more happens
    assert not vault.locked

    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS * 4):
        held_export.set()
    assert vault.locked
    assert not worker.writing()
    assert errors_shown == []
    assert isinstance(shell.dialog, UnlockDialog)
    assert shell.dialog.isVisible()
    assert shell.window.statusBar().currentMessage() == ""
    book = load_workbook(out, read_only=True)  # written whole
    assert "recommendations register" in book.sheetnames
    unlock(qtbot, shell, passphrase)
    assert shell.window.navigator.model.rowCount() == 1


def test_locking_with_no_write_running_is_immediate(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str, a_record: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    vault = shell.vault
    assert vault is not None
    assert not worker.writing()
    shell.lock()
    assert vault.locked
    assert isinstance(shell.dialog, UnlockDialog)


def test_after_writes_runs_at_once_or_after_the_last_write(qtbot: QtBot) -> None:
    calls: list[str] = []
    worker.after_writes(lambda: calls.append("none running"))
    assert calls == ["none running"]
    gate = threading.Event()
    finished: list[str] = []
    worker.run_in_background(
        lambda _r: gate.wait(WAIT_MS / 1000),
        lambda _ok: finished.append("write"),
        calls.append,
        write=True,
    )
    worker.after_writes(lambda: calls.append(f"after {finished}"))
    assert calls == ["none running"]
    gate.set()
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=WAIT_MS)
    assert calls == ["none running", "after ['write']"]


def test_locking_waits_for_a_running_import_and_then_closes_its_screen(
    *,
    qtbot: QtBot,
    make_shell: MakeShell,
    passphrase: str,
    a_record: str,
    errors_shown: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    release = threading.Event()
    real = calls.import_bundles

    def held(*args: Any, **kwargs: Any) -> Any:
        assert release.wait(WAIT_MS / 1000), "the test never released the import"
        return real(*args, **kwargs)

    monkeypatch.setattr(calls, "import_bundles", held)
    junk = tmp_path / "not-a-bundle.bundle"
    junk.write_bytes(b"nothing like a bundle")
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    screen = shell.sync_screens.open_import([str(junk)])
    assert isinstance(screen, ImportDialog)
    screen.start_import()
    vault = shell.vault
    assert vault is not None
    shell.lock()
    assert shell.window.is_locked_view()
    assert not vault.locked
    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS * 4):
        release.set()
    assert vault.locked
    assert screen.results  # the import ran to its end and said what it did
    assert not screen.isVisible()  # then the lock closed its screen
    assert errors_shown == []
    assert isinstance(shell.dialog, UnlockDialog)


def test_a_lock_during_a_debrief_build_waits_then_clears_what_it_built(
    *,
    qtbot: QtBot,
    make_shell: MakeShell,
    passphrase: str,
    created_vault: tuple[Path, str],
    errors_shown: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = unlock_vault(created_vault[0], passphrase)
    try:
        fill_vault(service, seed=1)
    finally:
        service.lock()
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    window = open_debrief(shell)
    assert window is not None
    qtbot.waitUntil(lambda: not worker.busy(), timeout=WAIT_MS)
    release = threading.Event()
    real = debrief_view.load

    def held(*args: Any) -> Any:
        assert release.wait(WAIT_MS / 1000), "the test never released the build"
        return real(*args)

    monkeypatch.setattr(debrief_view, "load", held)
    window.refresh()
    assert worker.writing()
    vault = shell.vault
    assert vault is not None
    shell.lock()
    assert not vault.locked
    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS * 4):
        release.set()
    assert vault.locked
    assert errors_shown == []
    assert window.items_model.rowCount() == 0  # built after the lock was asked, then cleared
    assert window.preview.toPlainText() == ""
    assert not window.isVisible()

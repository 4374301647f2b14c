"""Locking: Ctrl+L, the Lock action, idle and minimise all drop the vault and clear views."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

import pytest
from app_helpers import WAIT_MS, all_widget_text, unlock, unlock_dialog
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ncpi_field.service import VaultService
from ncpi_field.vault import Vault
from ui.app import AppShell
from ui.form_view.questions import QuestionField
from ui.settings import KNOWN_KEYS, Settings

MakeShell = Callable[[], AppShell]


@pytest.fixture
def titles(created_vault: tuple[Path, str], passphrase: str) -> list[str]:
    """Three records whose titles carry a random sentinel nothing else could contain."""
    vault_dir, _code = created_vault
    sentinel = secrets.token_hex(6)
    made = [f"CA-{n} {sentinel}" for n in range(3)]
    vault = Vault.unlock(vault_dir, passphrase)
    try:
        for title in made:
            VaultService(vault).put_draft("case_audit", {"audit_ref": title})
    finally:
        vault.lock()
    return made


def assert_locked(shell: AppShell, titles: list[str]) -> None:
    assert shell.vault is None
    assert shell.window.navigator.model.rowCount() == 0
    assert shell.window.navigator.proxy.rowCount() == 0
    assert shell.window.navigator.filter_box.text() == ""
    assert shell.window.count_label.text() == ""
    assert shell.window.fingerprint_label.text() == ""
    assert shell.window.is_locked_view()
    assert not shell.window.navigator.isVisible()
    assert unlock_dialog(shell).isVisible()
    text = all_widget_text()
    for title in titles:
        assert title not in text
    assert titles[0].split()[-1] not in text


def test_ctrl_l_locks_and_clears_every_view(
    qtbot: QtBot, make_shell: MakeShell, titles: list[str], passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    window = shell.window
    assert window.navigator.model.rowCount() == 3
    assert titles[0] in all_widget_text()
    qtbot.keyClicks(window.navigator.filter_box, "CA-1")
    assert window.navigator.proxy.rowCount() == 1
    old_vault = shell.vault
    assert old_vault is not None

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS):
        qtbot.keyClick(window.navigator.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert old_vault.locked
    assert_locked(shell, titles)

    unlock(qtbot, shell, passphrase)
    assert window.navigator.model.rowCount() == 3


def test_lock_action_in_the_menu_and_toolbar(
    qtbot: QtBot, make_shell: MakeShell, titles: list[str], passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    assert shell.window.lock_action.shortcut().toString() == "Ctrl+L"
    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS):
        shell.window.lock_action.trigger()
    assert_locked(shell, titles)
    assert not shell.window.lock_action.isEnabled()


def test_idle_timeout_from_settings_locks(
    qtbot: QtBot, make_shell: MakeShell, settings: Settings, titles: list[str], passphrase: str
) -> None:
    settings.idle_timeout_ms = 300
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    assert shell.idle.watching()
    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS):
        pass
    assert_locked(shell, titles)
    assert not shell.idle.watching()


def test_input_postpones_the_idle_lock(
    qtbot: QtBot, make_shell: MakeShell, settings: Settings, titles: list[str], passphrase: str
) -> None:
    settings.idle_timeout_ms = 600
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    locks: list[bool] = []
    shell.locked.connect(lambda: locks.append(True))
    for _ in range(6):
        qtbot.wait(150)
        press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier)
        QCoreApplication.sendEvent(shell.window.navigator.table, press)
        assert shell.idle.remaining_ms() > 400
    assert not locks, "steady typing for longer than the timeout is not idle"
    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS):
        pass


def test_zero_idle_timeout_never_locks(
    qtbot: QtBot, make_shell: MakeShell, settings: Settings, titles: list[str], passphrase: str
) -> None:
    settings.idle_timeout_ms = 0
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    assert shell.idle.remaining_ms() == -1
    qtbot.wait(100)
    assert shell.vault is not None


@pytest.mark.usefixtures("titles")
@pytest.mark.parametrize("lock_on_minimise", [True, False])
def test_minimising_locks_when_the_setting_says_so(
    qtbot: QtBot,
    make_shell: MakeShell,
    settings: Settings,
    passphrase: str,
    lock_on_minimise: bool,
) -> None:
    settings.lock_on_minimise = lock_on_minimise
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    shell.window.showMinimized()
    qtbot.waitUntil(shell.window.isMinimized, timeout=WAIT_MS)
    assert (shell.vault is None) is lock_on_minimise
    assert (shell.window.navigator.model.rowCount() == 0) is lock_on_minimise


def test_settings_hold_nothing_from_the_vault(
    qtbot: QtBot, make_shell: MakeShell, settings: Settings, titles: list[str], passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    shell.quit()
    settings.sync()
    assert set(settings.keys()) <= KNOWN_KEYS
    stored = Path(settings.file_name()).read_bytes()
    for secret in (*titles, passphrase, titles[0].split()[-1]):
        assert secret.encode() not in stored
    assert shell.vault is None


def focusable_without_names(root: QWidget) -> list[str]:
    return [
        f"{type(w).__name__}:{w.objectName()}"
        for w in root.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.isVisibleTo(root)
        and not w.accessibleName()
    ]


def test_every_control_has_an_accessible_name(
    qtbot: QtBot, make_shell: MakeShell, titles: list[str], passphrase: str
) -> None:
    shell = make_shell()
    dialog = unlock_dialog(shell)
    assert focusable_without_names(dialog) == []
    dialog.use_recovery_button.click()
    assert focusable_without_names(dialog) == []
    dialog.back_button.click()
    unlock(qtbot, shell, passphrase)
    assert focusable_without_names(shell.window) == []
    for action in shell.window.actions():
        assert not action.shortcut().isEmpty(), action.text()


def open_first_record(shell: AppShell) -> None:
    navigator = shell.window.navigator
    navigator.focus_list()
    navigator.table.activated.emit(navigator.table.currentIndex())
    assert shell.window.form_view.session is not None


def test_locking_clears_the_open_form_and_every_field(
    qtbot: QtBot, make_shell: MakeShell, titles: list[str], passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    open_first_record(shell)
    view = shell.window.form_view
    assert view.body is not None
    field = view.body.field("audit_ref")
    assert field is not None
    typed = "typed " + secrets.token_hex(6)
    assert field.editor is not None
    field.editor.setFocus()
    qtbot.keyClicks(field.editor, typed)
    assert typed in all_widget_text()
    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS):
        shell.window.lock_action.trigger()
    assert view.session is None
    assert view.body is None
    assert view.toc_model.rowCount() == 0
    assert not view.isVisible()
    assert not [w for w in QApplication.allWidgets() if isinstance(w, QuestionField)]
    assert typed not in all_widget_text()
    assert_locked(shell, titles)
    # What was typed was kept, not lost: it is in the record after unlocking.
    unlock(qtbot, shell, passphrase)
    assert shell.vault is not None
    kept = [
        shell.vault.record(s.record_id).heads[0].answers.get("audit_ref")
        for s in shell.vault.list_records()
    ]
    assert any(isinstance(a, str) and a.endswith(typed) for a in kept)


@pytest.mark.parametrize("form_id", ["case_audit", "reality_test", "observation", "debrief"])
def test_every_control_of_every_form_has_an_accessible_name(
    qtbot: QtBot,
    make_shell: MakeShell,
    created_vault: tuple[Path, str],
    passphrase: str,
    form_id: str,
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    shell.new_record(form_id)
    view = shell.window.form_view
    view.finish_building()
    assert view.body is not None
    for buttons in view.body.add_buttons.values():
        buttons[0].click()  # repeat entries have their own controls
    assert focusable_without_names(shell.window) == []

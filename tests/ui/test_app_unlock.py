"""Unlocking: wrong then right passphrase, the back-off countdown, and the recovery path."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from app_helpers import WAIT_MS, unlock, unlock_dialog
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncpi_field import backoff
from ncpi_field.errors import WrongPassphrase
from ncpi_field.service import VaultService
from ncpi_field.vault import Vault
from ui.app import AppShell

MakeShell = Callable[[], AppShell]


def seed(vault_dir: Path, passphrase: str, *titles: str) -> None:
    vault = Vault.unlock(vault_dir, passphrase)
    try:
        for title in titles:
            VaultService(vault).put_draft("case_audit", {"audit_ref": title})
    finally:
        vault.lock()


def fail_earlier(vault_dir: Path, times: int, seconds_ago: float) -> None:
    for _ in range(times):
        backoff.record_failure(vault_dir, clock=lambda: time.time() - seconds_ago)


def test_wrong_then_right_passphrase(
    qtbot: QtBot, make_shell: MakeShell, created_vault: tuple[Path, str], passphrase: str
) -> None:
    vault_dir, _code = created_vault
    seed(vault_dir, passphrase, "CA-01 first", "CA-02 second")
    shell = make_shell()
    dialog = unlock_dialog(shell)
    dialog.passphrase.setText("not the passphrase at all")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.busy.isVisibleTo(dialog)
    assert not dialog.unlock_button.isEnabled()
    qtbot.waitUntil(dialog.message.isVisible, timeout=WAIT_MS)
    assert dialog.message.text() == "That passphrase does not open this vault."
    assert dialog.unlock_button.isEnabled()
    assert not dialog.busy.isVisibleTo(dialog)
    assert shell.vault is None
    assert shell.window.is_locked_view()

    unlock(qtbot, shell, passphrase)
    assert shell.vault is not None
    assert not shell.window.is_locked_view()
    assert dialog.passphrase.text() == ""
    assert shell.window.navigator.model.rowCount() == 2
    assert shell.window.count_label.text() == "2 records"
    assert shell.window.windowTitle() == "NCPI Field"


def test_an_empty_passphrase_is_not_sent(
    qtbot: QtBot, make_shell: MakeShell, created_vault
) -> None:
    vault_dir, _code = created_vault
    dialog = unlock_dialog(make_shell())
    dialog.unlock_button.click()
    assert dialog.message.text() == "Type your passphrase first."
    assert backoff.read(vault_dir).failures == 0


def test_back_off_shows_the_wait_and_disables_unlock(
    qtbot: QtBot, make_shell: MakeShell, created_vault: tuple[Path, str], passphrase: str
) -> None:
    vault_dir, _code = created_vault
    fail_earlier(vault_dir, times=2, seconds_ago=0)
    shell = make_shell()
    dialog = unlock_dialog(shell)
    assert dialog.unlock_button.isEnabled(), "the first wrong tries cost no wait"
    dialog.passphrase.setText("third wrong passphrase")
    dialog.unlock_button.click()
    qtbot.waitUntil(dialog.message.isVisible, timeout=WAIT_MS)
    assert "does not open this vault" in dialog.message.text()
    assert "Wait 2 seconds" in dialog.message.text()
    assert dialog.waiting()
    assert not dialog.unlock_button.isEnabled()
    assert not dialog.reset_button.isEnabled()
    assert dialog.wait_label.text().startswith("You can try again in ")
    assert backoff.read(vault_dir).failures == 3  # the core's counter, persisted on disk


def test_countdown_reenables_unlock_when_the_wait_is_over(
    qtbot: QtBot, make_shell: MakeShell, created_vault: tuple[Path, str], passphrase: str
) -> None:
    vault_dir, _code = created_vault
    fail_earlier(vault_dir, times=4, seconds_ago=3.4)  # a 4 s wait with 0.6 s of it left
    shell = make_shell()
    dialog = unlock_dialog(shell)
    assert dialog.waiting()
    assert not dialog.unlock_button.isEnabled()
    assert dialog.wait_label.text() == "You can try again in 1 second."
    qtbot.waitUntil(dialog.unlock_button.isEnabled, timeout=WAIT_MS)
    assert not dialog.wait_label.isVisibleTo(dialog)
    unlock(qtbot, shell, passphrase)
    assert backoff.read(vault_dir).failures == 0


def test_recovery_code_sets_a_new_passphrase_and_unlocks(
    qtbot: QtBot, make_shell: MakeShell, created_vault: tuple[Path, str], passphrase: str
) -> None:
    vault_dir, code = created_vault
    seed(vault_dir, passphrase, "CA-05 recovered")
    shell = make_shell()
    dialog = unlock_dialog(shell)
    qtbot.mouseClick(dialog.use_recovery_button, Qt.MouseButton.LeftButton)
    assert dialog.recovery_code.isVisibleTo(dialog)
    assert not dialog.unlock_button.isVisibleTo(dialog)
    assert dialog.reset_button.isDefault()

    dialog.recovery_code.setText("AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA")
    dialog.new_passphrase.setText("a brand new passphrase")
    dialog.new_confirmation.setText("a brand new passphrase")
    dialog.reset_button.click()
    qtbot.waitUntil(dialog.message.isVisible, timeout=WAIT_MS)
    assert dialog.message.text() == "That recovery code does not open this vault."

    dialog.recovery_code.setText(code.lower().replace("-", " "))
    dialog.new_confirmation.setText("a different passphrase")
    dialog.reset_button.click()
    assert "differ" in dialog.message.text()

    dialog.new_confirmation.setText("a brand new passphrase")
    with qtbot.waitSignal(shell.unlocked, timeout=WAIT_MS):
        dialog.reset_button.click()
    assert shell.window.navigator.model.rowCount() == 1
    assert dialog.recovery_code.text() == ""
    shell.lock()
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_dir, passphrase)
    Vault.unlock(vault_dir, "a brand new passphrase").lock()


def test_back_returns_to_the_passphrase_page(qtbot: QtBot, make_shell: MakeShell, created_vault):
    dialog = unlock_dialog(make_shell())
    dialog.use_recovery_button.click()
    dialog.back_button.click()
    assert dialog.passphrase.isVisibleTo(dialog)
    assert dialog.unlock_button.isDefault()
    assert not dialog.back_button.isVisibleTo(dialog)


def test_quit_from_the_unlock_dialog_ends_the_app(
    qtbot: QtBot, make_shell: MakeShell, created_vault
) -> None:
    shell = make_shell()
    with qtbot.waitSignal(shell.finished, timeout=WAIT_MS):
        qtbot.keyClick(unlock_dialog(shell), Qt.Key.Key_Escape)

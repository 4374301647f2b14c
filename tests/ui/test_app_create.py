"""First run: the create-vault dialog and the recovery code shown once."""

from __future__ import annotations

import re
from pathlib import Path

from app_helpers import WAIT_MS
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from ncpi_field.passphrase_policy import MIN_PASSPHRASE_LENGTH
from ncpi_field.vault import Vault, vault_exists
from ui.dialogs.create_vault import CreateVaultDialog
from ui.dialogs.recovery_code import RecoveryCodeDialog
from ui.navigator import EMPTY_VAULT

CODE_PATTERN = re.compile(r"^[A-Z2-9]{5}(-[A-Z2-9]{5}){5}$")


def submit(qtbot: QtBot, dialog: CreateVaultDialog, passphrase: str, confirmation: str) -> None:
    dialog.passphrase.setText(passphrase)
    dialog.confirmation.setText(confirmation)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)


def test_no_vault_opens_the_create_dialog(make_shell, vault_dir: Path) -> None:
    shell = make_shell()
    assert isinstance(shell.dialog, CreateVaultDialog)
    assert shell.window.windowTitle() == "NCPI Field"
    assert shell.window.is_locked_view()
    fields = shell.dialog.findChildren(QLineEdit)
    assert all(f.echoMode() == QLineEdit.EchoMode.Password for f in fields)
    assert all(f.accessibleName() for f in fields)
    assert not vault_exists(vault_dir)


def test_short_and_mismatched_passphrases_are_refused_inline(
    qtbot: QtBot, make_shell, vault_dir: Path
) -> None:
    shell = make_shell()
    dialog = shell.dialog
    submit(qtbot, dialog, "short", "short")
    qtbot.waitUntil(dialog.message.isVisible, timeout=WAIT_MS)
    assert f"at least {MIN_PASSPHRASE_LENGTH} characters" in dialog.message.text()
    submit(qtbot, dialog, "long enough passphrase", "long enough passphrasf")
    assert "differ" in dialog.message.text()
    assert not vault_exists(vault_dir)
    assert dialog.isVisible()


def test_create_shows_the_code_once_then_the_empty_vault(
    qtbot: QtBot, make_shell, vault_dir: Path, passphrase: str
) -> None:
    shell = make_shell()
    QGuiApplication.clipboard().clear()
    submit(qtbot, shell.dialog, passphrase, passphrase)
    qtbot.waitUntil(lambda: isinstance(shell.dialog, RecoveryCodeDialog), timeout=WAIT_MS)
    recovery = shell.dialog
    code = recovery.code.text()
    assert CODE_PATTERN.match(code)
    assert recovery.code.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert QGuiApplication.clipboard().text() == ""
    assert not recovery.continue_button.isEnabled()
    qtbot.keyClick(recovery, Qt.Key.Key_Escape)
    recovery.close()
    assert recovery.isVisible(), "the code must not be dismissed before it is confirmed"
    assert shell.window.is_locked_view()

    recovery.confirmed.setChecked(True)
    with qtbot.waitSignal(shell.unlocked, timeout=WAIT_MS):
        qtbot.mouseClick(recovery.continue_button, Qt.MouseButton.LeftButton)
    assert recovery.code.text() == ""
    assert not shell.window.is_locked_view()
    assert shell.window.navigator.empty_message.text() == EMPTY_VAULT
    assert shell.window.navigator.empty_message.isVisible()
    assert shell.window.count_label.text() == "0 records"
    assert shell.vault is not None
    assert shell.window.fingerprint_label.text().endswith(shell.vault.identity.fingerprint)

    shell.lock()
    Vault.unlock_with_recovery(vault_dir, code).lock()
    Vault.unlock(vault_dir, passphrase).lock()


def test_quit_from_the_create_dialog_ends_the_app(qtbot: QtBot, make_shell) -> None:
    shell = make_shell()
    with qtbot.waitSignal(shell.finished, timeout=WAIT_MS):
        shell.dialog.quit_button.click()
    assert shell.vault is None

"""Issue 7 item 1 in the desktop app: first run never offers to create over part of a vault."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import WAIT_MS
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from ncpi_field.vault import KEYSLOTS_NAME
from ui.dialogs.create_vault import CreateVaultDialog
from ui.dialogs.unlock import UnlockDialog

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("propagateSizeHints"),
]


def error_boxes(qtbot: QtBot) -> list[QMessageBox]:
    boxes = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "errorDialog" and w.isVisible()
    ]
    for box in boxes:
        qtbot.addWidget(box)
    return boxes


def test_a_vault_missing_its_key_slots_gets_the_error_not_the_create_dialog(
    qtbot: QtBot, make_shell, created_vault: tuple[Path, str]
) -> None:
    vault_dir, _ = created_vault
    (vault_dir / KEYSLOTS_NAME).unlink()
    database = (vault_dir / "vault.db").read_bytes()
    shell = make_shell()
    assert not isinstance(shell.dialog, CreateVaultDialog | UnlockDialog)
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, CreateVaultDialog)]
    [box] = error_boxes(qtbot)
    assert "keyslots.json" in box.text()
    assert "recovery code" in box.text()
    with qtbot.waitSignal(shell.finished, timeout=WAIT_MS):
        box.done(QMessageBox.StandardButton.Ok)
    assert (vault_dir / "vault.db").read_bytes() == database


def test_an_empty_directory_still_offers_create(make_shell, vault_dir: Path) -> None:
    shell = make_shell()
    assert isinstance(shell.dialog, CreateVaultDialog)

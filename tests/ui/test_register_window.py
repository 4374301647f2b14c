"""The recommendations register window: model, filters, a status change, the workbook export."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from app_helpers import WAIT_MS, all_widget_text, unlock
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from ncpi_field.recommendations import Progress, Recommendation
from ncpi_field.service import VaultService
from ncpi_field.vault import Vault
from ui.app import AppShell
from ui.models.register_table import Column, RecommendationsModel, RegisterFilter
from ui.register_window import RegisterWindow

MakeShell = Callable[[], AppShell]


def rec(rec_id: str, status: str, inspection: str = "insp-a", **more: Any) -> Recommendation:
    return Recommendation(
        inspection_id=inspection,
        rec_id=rec_id,
        text="The force should act.\nPromptly.",
        timescale="within_3_months",
        share_with_force="yes",
        debrief_id="db",
        status=status,  # type: ignore[arg-type]
        status_changed_at="",
        **more,
    )


def test_the_model_and_filter_pass_the_tester_and_filter_by_status_and_inspection() -> None:
    model = RecommendationsModel()
    proxy = RegisterFilter(model)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    QAbstractItemModelTester(proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    progress = Progress("insp-b", "db-b", "partly_met", ("e1", "e2"), "1")
    model.load([
        rec("REC-01", "issued"),
        rec("REC-02", "in_progress", progress=progress, in_conflict=True),
        rec("REC-01", "drafted", inspection="insp-b"),
    ])  # fmt: skip
    assert model.index(0, Column.STATUS).data() == "Issued"
    assert model.index(0, Column.TIMESCALE).data() == "Within three months"
    assert model.index(0, Column.TEXT).data() == "The force should act. Promptly."
    assert model.index(1, Column.REC).data() == "⚠ REC-02"
    assert model.index(1, Column.PROGRESS).data() == "Partly met (2 records of evidence)"
    assert "different statuses" in model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    proxy.set_status("issued")
    assert [proxy.index(r, Column.REC).data() for r in range(proxy.rowCount())] == ["REC-01"]
    proxy.set_status("")
    proxy.set_inspection("insp-b")
    assert proxy.rowCount() == 1
    assert proxy.index(0, Column.STATUS).data() == "Drafted"
    proxy.set_inspection(None)
    proxy.sort(Column.STATUS)
    assert proxy.rowCount() == 3
    model.clear()
    assert proxy.rowCount() == 0


@pytest.fixture
def drafted(created_vault: tuple[Path, str], passphrase: str) -> str:
    """A debrief drafting REC-01, with a random sentinel in its wording."""
    sentinel = secrets.token_hex(6)
    vault = Vault.unlock(created_vault[0], passphrase)
    try:
        VaultService(vault).put_draft(
            "debrief",
            {
                "items": [
                    {
                        "item_type": "cause_of_concern",
                        "headline": "Drift",
                        "draft_recommendation": f"Supervise investigations {sentinel}",
                        "rec_id": "REC-01",
                        "rec_timescale": "immediately",
                    }
                ]
            },
        )
    finally:
        vault.lock()
    return sentinel


def open_register(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str
) -> tuple[AppShell, RegisterWindow]:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    shell.window.register_action.trigger()  # Ctrl+3
    window = shell.register_window
    assert isinstance(window, RegisterWindow)
    qtbot.waitUntil(window.isVisible, timeout=WAIT_MS)
    return shell, window


def test_the_register_lists_records_a_status_and_clears_on_lock(
    qtbot: QtBot, make_shell: MakeShell, drafted: str, passphrase: str
) -> None:
    shell, window = open_register(qtbot, make_shell, passphrase)
    assert window.proxy.rowCount() == 1
    assert window.selected_key() == ("", "REC-01")
    assert [window.new_status.itemData(i) for i in range(window.new_status.count())] == ["issued"]
    window.note.setText("Read out at the hot debrief")
    qtbot.mouseClick(window.record_button, Qt.MouseButton.LeftButton)
    assert window.model.index(0, Column.STATUS).data() == "Issued"
    assert window.message.text() == "REC-01 is now issued."
    offered = {window.new_status.itemData(i) for i in range(window.new_status.count())}
    assert offered == {"accepted", "in_progress", "met", "not_met"}
    window.status_filter.setCurrentIndex(window.status_filter.findData("drafted"))
    assert window.proxy.rowCount() == 0
    for widget in window.findChildren(QWidget):
        if widget.isVisibleTo(window) and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            assert widget.accessibleName(), type(widget).__name__

    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS):
        shell.window.lock_action.trigger()
    assert window.model.rowCount() == 0
    assert drafted not in all_widget_text()


def test_export_warns_then_writes_with_progress(
    qtbot: QtBot, make_shell: MakeShell, drafted: str, passphrase: str, tmp_path: Path
) -> None:
    _shell, window = open_register(qtbot, make_shell, passphrase)
    out = tmp_path / "register.xlsx"
    box = window.confirm_export(out)
    assert "not encrypted" in box.text()
    assert window.warning.isVisible()
    [write] = [b for b in box.buttons() if b.text() == "Write the workbook"]
    seen: list[int] = []
    window.progress.valueChanged.connect(seen.append)
    with qtbot.waitSignal(window.exported, timeout=WAIT_MS * 4) as signal:
        write.click()
    assert signal.args == [str(out)]
    assert not window.progress.isVisible()
    assert seen
    assert seen[-1] == 100
    book = load_workbook(out, read_only=True)
    assert "recommendations register" in book.sheetnames


def test_cancelling_the_warning_writes_nothing(
    qtbot: QtBot, make_shell: MakeShell, drafted: str, passphrase: str, tmp_path: Path
) -> None:
    _shell, window = open_register(qtbot, make_shell, passphrase)
    out = tmp_path / "never.xlsx"
    box = window.confirm_export(out)
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.wait(50)
    assert not out.exists()
    assert window.export_button.isEnabled()

"""The returned-to-force panel: always in view, refreshed after saves, cleared on lock."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from app_helpers import WAIT_MS, all_widget_text, unlock
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from ncpi_field.records import RecordId
from ncpi_field.service import ReturnedCase, VaultService
from ncpi_field.vault import Vault
from ui.app import AppShell
from ui.models.returned_table import Column, ReturnedCasesModel

MakeShell = Callable[[], AppShell]
NOW = datetime(2026, 3, 6, 12, tzinfo=UTC)


def row(n: int, hours: int, status: str = "note_due") -> ReturnedCase:
    return ReturnedCase(
        record_id=RecordId(f"{n:08d}-0000-0000-0000-000000000000"),
        title=f"CA-{n:03d}",
        category="cse",
        marked_at=(NOW - timedelta(hours=hours)).isoformat(),
        status=status,  # type: ignore[arg-type]
        record_status="withdrawn" if n == 3 else "draft",
        in_conflict=n == 2,
    )


def test_the_model_passes_the_tester_through_load_tick_and_clear() -> None:
    model = ReturnedCasesModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.load([row(1, 5), row(2, 50, "acknowledged"), row(3, 0)], now=NOW)
    assert model.rowCount() == 3
    assert model.index(0, Column.CASE).data() == "CA-001"
    assert model.index(0, Column.STATUS).data() == "Note due"
    assert model.index(0, Column.MARKED).data() == "5 hours ago"
    assert model.index(1, Column.MARKED).data() == "2 days ago"
    assert model.index(1, Column.CASE).data() == "⚠ CA-002"
    assert model.index(2, Column.CASE).data() == "CA-003 (withdrawn)"
    tip = model.index(2, Column.STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert "withdrawn" in tip
    model.tick(NOW + timedelta(hours=1))
    assert model.index(0, Column.MARKED).data() == "6 hours ago"
    model.clear()
    assert model.rowCount() == 0


@pytest.fixture
def cases(created_vault: tuple[Path, str], passphrase: str) -> dict[str, str]:
    """A case audit marked immediate risk, one not, each titled with a random sentinel."""
    sentinel = secrets.token_hex(6)
    vault = Vault.unlock(created_vault[0], passphrase)
    try:
        service = VaultService(vault)
        risky = service.put_draft(
            "case_audit", {"audit_ref": f"CA-1 {sentinel}", "immediate_risk": "yes"}
        ).version.record_id
        calm = service.put_draft(
            "case_audit", {"audit_ref": f"CA-2 {sentinel}", "immediate_risk": "no"}
        ).version.record_id
    finally:
        vault.lock()
    return {"risky": risky, "calm": calm, "sentinel": sentinel}


def test_the_panel_lists_marked_cases_with_a_count_and_clears_on_lock(
    qtbot: QtBot, make_shell: MakeShell, cases: dict[str, str], passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    window = shell.window
    panel = window.returned
    assert panel.isVisible()
    assert panel.count() == 1
    assert panel.model.record_id(0) == cases["risky"]
    assert window.returned_action.text() == "Returned to force (1)"
    assert panel.heading.text() == "Returned to force (1)"
    assert panel.table.accessibleName()
    assert panel.model.index(0, Column.STATUS).data() == "Note due"

    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS):
        window.lock_action.trigger()
    assert panel.count() == 0
    assert window.returned_action.text() == "Returned to force"
    assert cases["sentinel"] not in all_widget_text()


def test_enter_on_a_returned_case_opens_it_in_the_form_view(
    qtbot: QtBot, make_shell: MakeShell, cases: dict[str, str], passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    window = shell.window
    window.returned_action.trigger()  # Ctrl+2: the list, first row current
    assert window.returned.table.hasFocus() or window.returned.table.currentIndex().isValid()
    qtbot.keyClick(window.returned.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.form_view.record_id == cases["risky"], timeout=WAIT_MS)
    assert window.detail.currentWidget() is window.form_view


def test_marking_risk_in_the_form_view_puts_the_case_on_the_list(
    qtbot: QtBot, make_shell: MakeShell, cases: dict[str, str], passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    window = shell.window
    shell.open_record(cases["calm"])
    view = window.form_view
    view.finish_building()  # the later sections are built a turn of the event loop at a time
    assert view.body is not None
    field = view.body.field("immediate_risk")
    assert field is not None
    assert isinstance(field.editor, QComboBox)
    assert field.editor.findData("yes") >= 0
    field.editor.setCurrentIndex(field.editor.findData("yes"))
    window.save_action.trigger()
    qtbot.waitUntil(lambda: window.returned.count() == 2, timeout=WAIT_MS)
    assert {window.returned.model.record_id(r) for r in range(2)} == {
        cases["risky"],
        cases["calm"],
    }
    assert window.returned_action.text() == "Returned to force (2)"


@pytest.mark.usefixtures("created_vault")
def test_ctrl_2_reaches_the_empty_list_message(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    window = shell.window
    assert window.returned.count() == 0
    assert window.returned_action.text() == "Returned to force (0)"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(window.navigator.table, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.returned.empty_message.hasFocus, timeout=WAIT_MS)
    assert window.returned.empty_message.accessibleName()

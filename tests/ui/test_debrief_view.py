"""The written debrief window and the return-to-force action, on the demo inspection."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from app_helpers import WAIT_MS, unlock
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QTextBrowser,
)
from pytestqt.qtbot import QtBot

from ncpi_field.demo import fill_vault
from ncpi_field.service import VaultService, unlock_vault
from ui import worker
from ui.app import AppShell
from ui.cli_screenshot import SCREEN
from ui.debrief_view import DebriefWindow
from ui.reports_actions import issue_return_note


@pytest.fixture
def demo_vault(created_vault: tuple[Path, str], passphrase: str) -> Path:
    service = unlock_vault(created_vault[0], passphrase)
    try:
        fill_vault(service, seed=1)
    finally:
        service.lock()
    return created_vault[0]


def idle(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not worker.busy(), timeout=WAIT_MS)


def open_window(qtbot: QtBot, shell: AppShell) -> DebriefWindow:
    shell.window.debrief_action.trigger()
    window = shell.window.findChild(DebriefWindow)
    assert window is not None
    idle(qtbot)
    return window


def hot_debrief(service: VaultService) -> str:
    return next(
        s.record_id
        for s in service.list_records()
        if s.form_id == "debrief"
        and service.record(s.record_id).heads[0].answers["debrief_type"].startswith("hot")
    )


@pytest.mark.usefixtures("demo_vault")
def test_preview_sharing_issue_export_and_lock(
    qtbot: QtBot, make_shell: Callable[[], AppShell], passphrase: str, tmp_path: Path
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    window = open_window(qtbot, shell)
    QAbstractItemModelTester(
        window.items_model, QAbstractItemModelTester.FailureReportingMode.Fatal
    )
    QAbstractItemModelTester(
        window.issued_model, QAbstractItemModelTester.FailureReportingMode.Fatal
    )
    assert shell.vault is not None
    record = hot_debrief(shell.vault)
    items = shell.vault.record(record).heads[0].answers["items"]
    assert window.items_model.rowCount() == len(items)
    titled = "Hot debrief: written summary" in window.preview.toPlainText()
    assert titled
    assert window.width() <= SCREEN[0]
    assert window.height() <= SCREEN[1]

    # Untick the first item and save: the record says so, and the force's preview drops it.
    first = window.items_model.index(0, window.items_model.SHARE)
    number = int(window.items_model.index(0, 0).data())
    assert window.items_model.setData(
        first, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole
    )
    assert window.items_model.changes() == {number: False}
    window.save_sharing.click()
    idle(qtbot)
    idle(qtbot)
    saved = shell.vault.record(record).heads[0].answers["items"][number - 1]
    assert saved["share_with_force"] == "no"
    dropped = saved["headline"] in window.preview.toPlainText()
    assert not dropped
    assert window.items_model.changes() == {}

    window.internal.setChecked(True)
    idle(qtbot)
    kept = saved["headline"] in window.preview.toPlainText()
    assert kept
    window.issue_button.click()
    idle(qtbot)
    idle(qtbot)
    assert window.issued_model.rowCount() == 1
    assert [i.audience for i in shell.vault.issued_documents()] == ["internal"]

    pdf = tmp_path / "preview.pdf"
    window.export_to(pdf, "pdf")
    idle(qtbot)
    assert pdf.read_bytes().startswith(b"%PDF")

    shell.lock()
    assert window.items_model.rowCount() == 0
    assert window.issued_model.rowCount() == 0
    assert window.preview.toPlainText() == ""


@pytest.mark.usefixtures("demo_vault")
def test_every_control_has_an_accessible_name(
    qtbot: QtBot, make_shell: Callable[[], AppShell], passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    window = open_window(qtbot, shell)
    controls = [
        w
        for kind in (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QTextBrowser)
        for w in window.findChildren(kind)
        if w.isVisibleTo(window) and w.parent() is not None
        and type(w).__name__ not in {"QHeaderView"}
    ]  # fmt: skip
    assert len(controls) >= 10
    unnamed = [type(w).__name__ for w in controls if not w.accessibleName()]
    assert unnamed == []


@pytest.mark.usefixtures("demo_vault")
def test_return_note_from_the_app_records_the_return(
    qtbot: QtBot, make_shell: Callable[[], AppShell], passphrase: str, tmp_path: Path
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    assert shell.vault is not None
    saved = shell.vault.put_draft(
        "case_audit",
        {
            "audit_ref": "CA-950",
            "primary_category": "MISSING",
            "immediate_risk": "yes",
            "risk_description": "The child is missing again tonight and no search has started.",
            "force_recipient_role": "duty_inspector",
        },
    )
    record_id = saved.version.record_id
    shell.refresh()
    before = {r.record_id: r.status for r in shell.vault.returned_cases()}
    assert before[record_id] == "note_due"
    issue_return_note(shell, record_id, tmp_path / "note.pdf")
    idle(qtbot)
    assert (tmp_path / "note.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "note.docx").read_bytes().startswith(b"PK")
    after = {r.record_id: r.status for r in shell.vault.returned_cases()}
    assert after[record_id] == "note_issued"
    listed = shell.window.returned.model.rowCount()
    assert listed == len(after)

"""A new record's first save adds its row: the list is not reloaded (thousands of rows on the
GUI thread), yet the row, the counts and the instrument chooser say what a reload would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from app_helpers import WAIT_MS, unlock
from form_helpers import edit
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot

from ncpi_field.service import VaultService
from ncpi_field.vault import Vault
from ui import operations, worker
from ui.app import AppShell
from ui.models.record_table import Column, RecordTableModel

MakeShell = Callable[[], AppShell]


@pytest.fixture
def two_records(created_vault: tuple[Path, str], passphrase: str) -> list[str]:
    vault = Vault.unlock(created_vault[0], passphrase)
    try:
        service = VaultService(vault)
        return [
            service.put_draft("case_audit", {"audit_ref": f"CA-00{n}"}).version.record_id
            for n in (1, 2)
        ]
    finally:
        vault.lock()


def chooser_texts(shell: AppShell) -> list[str]:
    box = shell.window.navigator.instrument
    return [box.itemText(i) for i in range(box.count())]


def test_a_first_save_adds_one_row_and_moves_the_counts_on(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str, two_records: list[str]
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    navigator = shell.window.navigator
    model = navigator.model
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    QAbstractItemModelTester(navigator.proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    resets: list[bool] = []
    inserted: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    assert "All instruments (2)" in chooser_texts(shell)
    chooser = navigator.instrument
    chooser.setCurrentIndex(chooser.findData("observation"))
    shell.window.new_action.trigger()
    view = shell.window.form_view
    assert view.body is not None
    field = view.body.field("obs_ref")
    assert field is not None
    edit(qtbot, field, "OB-001")
    shell.window.save_action.trigger()
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not worker.busy(), timeout=WAIT_MS)
    assert resets == []
    assert inserted == [(0, 0)]  # the list is sorted newest first
    assert model.record_id(0) == view.record_id
    assert shell.window.count_label.text() == "3 records"
    texts = chooser_texts(shell)
    assert "All instruments (3)" in texts
    assert any(t.endswith("(1)") and "bservation" in t for t in texts)
    assert chooser.currentData() == "observation"
    assert navigator.proxy.rowCount() == 1  # the chosen instrument still filters
    # What a reload would list, in the same order.
    assert shell.vault is not None
    shown = [model.record_id(r) for r in range(model.rowCount())]
    reloaded = RecordTableModel()
    reloaded.load(operations.record_summaries(shell.vault, None))
    reloaded.sort(Column.UPDATED, Qt.SortOrder.DescendingOrder)
    assert shown == [reloaded.record_id(r) for r in range(reloaded.rowCount())]
    # Saved again: the same row, updated; still no reload.
    edit(qtbot, field, "OB-002")
    shell.window.save_action.trigger()
    qtbot.waitUntil(lambda: model.index(0, 0).data() == "OB-002", timeout=WAIT_MS)
    assert (resets, model.rowCount()) == ([], 3)

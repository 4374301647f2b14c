"""Finding a record in the app: search, filters, 'N of M shown', badges, and the history dialog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from app_helpers import WAIT_MS, unlock
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot

from ncpi_field.records import RecordId, RecordSummary, VersionId
from ncpi_field.service import VaultService
from ncpi_field.vault import Vault
from ui.app import AppShell
from ui.dialogs.history import HistoryDialog
from ui.models.history_models import ChangeTableModel, VersionListModel, when
from ui.models.record_filter import RecordFilterProxy
from ui.models.record_table import Column, RecordTableModel
from ui.navigator import NavigatorPane

MakeShell = Callable[[], AppShell]
REPORTING = QAbstractItemModelTester.FailureReportingMode.Warning
ACCESSIBLE_DESCRIPTION = Qt.ItemDataRole.AccessibleDescriptionRole


def summary(n: int, status: str = "draft", heads: int = 1) -> RecordSummary:
    return RecordSummary(
        RecordId(f"r{n}"), "case_audit", f"CA-{n:03d}", status, False, heads,  # type: ignore[arg-type]
        f"{1_790_000_000_000 + n:013d}.000000.device",
    )  # fmt: skip


@pytest.fixture
def filled(created_vault: tuple[Path, str], passphrase: str) -> dict[str, str]:
    """Three case audits (one in a hard conflict) saved before the app starts: their ids."""
    vault = Vault.unlock(created_vault[0], passphrase)
    try:
        service = VaultService(vault)
        ids = {}
        for ref, category, grade, words in (
            ("CA-001", "MISSING", "good", "Élan review of the night shift"),
            ("CA-002", "CSE", "inadequate", "nothing of note"),
        ):
            answers = {"audit_ref": ref, "primary_category": category, "hmicfrs_grade": grade}
            saved = service.put_draft("case_audit", {**answers, "case_summary": words})
            ids[ref] = saved.version.record_id
        base = service.put_draft("case_audit", {"audit_ref": "CA-003", "case_summary": "x"})
        record, parent = base.version.record_id, base.version.version_id
        for words in ("left", "right"):  # the same answer changed two ways: hard
            service.put_draft(
                "case_audit", {"audit_ref": "CA-003", "case_summary": words},
                record_id=record, parents=[parent],
            )  # fmt: skip
        ids["CA-003"] = record
    finally:
        vault.lock()
    return ids


def shown_ids(navigator: NavigatorPane) -> set[str]:
    proxy = navigator.proxy
    return {navigator.model.record_id(proxy.mapToSource(proxy.index(r, 0)).row())
            for r in range(proxy.rowCount())}  # fmt: skip


def test_badges_describe_status_and_conflict_kind(qapp: object) -> None:
    model = RecordTableModel()
    tester = QAbstractItemModelTester(model, REPORTING)
    model.load([summary(1, "complete"), summary(2, heads=2), summary(3, "withdrawn", heads=3)])
    status = model.index(0, Column.STATUS)
    icon = status.data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon)
    assert not icon.isNull()
    assert status.data(ACCESSIBLE_DESCRIPTION).startswith("Complete")
    conflict = model.index(1, Column.CONFLICT)
    assert conflict.data() == "⚠ Conflict"
    model.set_conflict_kinds({"r2": "hard", "r3": "soft", "r1": "soft"})
    assert conflict.data() == "⚠ Hard"
    assert "a person decides" in conflict.data(ACCESSIBLE_DESCRIPTION)
    assert model.index(2, Column.CONFLICT).data() == "⚠ Soft"
    assert model.index(2, Column.CONFLICT).data(ACCESSIBLE_DESCRIPTION).startswith("Soft conflict")
    assert model.index(0, Column.CONFLICT).data() == ""  # one head: no badge, whatever is said
    assert model.has_conflicts()
    assert tester is not None


def test_the_proxy_shows_a_search_result_and_the_model_tester_agrees() -> None:
    model = RecordTableModel()
    proxy = RecordFilterProxy(model)
    tester = QAbstractItemModelTester(proxy, REPORTING)
    model.load([summary(n) for n in range(1, 6)])
    proxy.set_filter_text("ca-00")
    assert proxy.rowCount() == 5
    proxy.set_matches(frozenset({"r2", "r4"}))
    assert proxy.rowCount() == 2
    proxy.set_matches(None)
    assert proxy.rowCount() == 5
    assert tester is not None


def test_history_models_pass_the_model_tester(vault: Vault) -> None:
    service = VaultService(vault)
    first = service.put_draft("case_audit", {"audit_ref": "CA-1", "primary_category": "CSE"})
    service.put_draft(
        "case_audit", {"audit_ref": "CA-1", "primary_category": "MISSING"},
        record_id=first.version.record_id,
    )  # fmt: skip
    entries = service.history_changes(first.version.record_id)
    versions = VersionListModel(entries)
    changes = ChangeTableModel()
    testers = [QAbstractItemModelTester(m, REPORTING) for m in (versions, changes)]
    assert versions.rowCount() == 2
    changes.show(versions.entry(0))  # the newest: the category changed
    assert changes.rowCount() == 1
    assert changes.index(0, 1).data() != changes.index(0, 2).data()
    changes.show(None)
    assert changes.rowCount() == 0
    assert len(testers) == 2


def test_search_and_filters_find_records_through_the_widgets(
    qtbot: QtBot, make_shell: MakeShell, filled: dict[str, str], passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    navigator = shell.window.navigator
    assert navigator.shown_label.text() == "3 of 3 shown"
    shell.window.activateWindow()
    qtbot.waitUntil(shell.window.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(navigator.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(navigator.filter_box.hasFocus, timeout=WAIT_MS)
    qtbot.keyClicks(navigator.filter_box, "elan REVIEW")  # accents and case aside
    qtbot.waitUntil(lambda: shown_ids(navigator) == {filled["CA-001"]}, timeout=WAIT_MS)
    assert navigator.shown_label.text() == "1 of 3 shown"
    qtbot.keyClick(navigator.filter_box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: navigator.proxy.rowCount() == 3, timeout=WAIT_MS)
    grades = navigator.filters.grade
    qtbot.waitUntil(lambda: grades.findData("inadequate") > 0, timeout=WAIT_MS)
    grades.setCurrentIndex(grades.findData("inadequate"))
    qtbot.waitUntil(lambda: shown_ids(navigator) == {filled["CA-002"]}, timeout=WAIT_MS)
    status = navigator.filters.status
    status.setCurrentIndex(status.findData("complete"))
    qtbot.waitUntil(lambda: navigator.proxy.rowCount() == 0, timeout=WAIT_MS)
    assert navigator.stack.currentWidget() is navigator.empty_message
    qtbot.mouseClick(navigator.filters.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: navigator.proxy.rowCount() == 3, timeout=WAIT_MS)
    filters = navigator.filters
    for widget in (*filters.combos, filters.clear_button, filters.conflicts):
        assert widget.accessibleName()


def test_a_conflict_shows_its_kind_and_lock_forgets_the_filters(
    qtbot: QtBot, make_shell: MakeShell, filled: dict[str, str], passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    model = shell.window.navigator.model
    qtbot.waitUntil(lambda: model.conflict_kind(filled["CA-003"]) == "hard", timeout=WAIT_MS)
    navigator = shell.window.navigator
    navigator.filters.conflicts.setChecked(True)
    qtbot.waitUntil(lambda: shown_ids(navigator) == {filled["CA-003"]}, timeout=WAIT_MS)
    navigator.filters.clear_button.click()
    assert not navigator.filters.conflicts.isChecked()
    qtbot.waitUntil(lambda: navigator.proxy.rowCount() == 3, timeout=WAIT_MS)
    categories = shell.window.navigator.filters.category
    qtbot.waitUntil(lambda: categories.count() == 3, timeout=WAIT_MS)  # any, CSE, missing
    categories.setCurrentIndex(categories.findData("MISSING"))
    assert categories.toolTip() == categories.currentText()  # elided in the box, whole here
    assert categories.accessibleDescription() == categories.currentText()
    shell.lock()
    assert categories.count() == 1
    assert categories.currentIndex() == 0
    assert categories.accessibleDescription() == ""
    assert "Missing" not in categories.toolTip()
    assert shell.window.navigator.proxy.rowCount() == 0


def test_history_dialog_is_keyboard_navigable(qtbot: QtBot, vault: Vault) -> None:
    service = VaultService(vault)
    first = service.put_draft("case_audit", {"audit_ref": "CA-1", "case_summary": "one"})
    record = first.version.record_id
    left = service.put_draft(
        "case_audit", {"audit_ref": "CA-1", "case_summary": "two"}, record_id=record
    )
    right = service.put_draft(
        "case_audit", {"audit_ref": "CA-1", "case_summary": "three"},
        record_id=record, parents=[first.version.version_id],
    )  # fmt: skip
    heads = [VersionId(left.version.version_id), VersionId(right.version.version_id)]
    service.put_draft(
        "case_audit", {"audit_ref": "CA-9", "case_summary": "three"},
        record_id=record, parents=heads,
    )  # fmt: skip
    dialog = HistoryDialog(service.history_changes(record))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT_MS)
    lines = [dialog.version_model.index(r, 0).data() for r in range(4 + 1)]
    assert all("against" in line for line in lines[:2])  # the merge, once per parent
    qtbot.waitUntil(dialog.versions.hasFocus, timeout=WAIT_MS)
    rows = dialog.change_model.rowCount
    assert rows() >= 1
    qtbot.keyClick(dialog.versions, Qt.Key.Key_End)
    assert "the first version" in dialog.caption.text()
    qtbot.keyClick(dialog.versions, Qt.Key.Key_Up)
    cells = [dialog.change_model.index(r, 2).data() for r in range(rows())]
    assert cells  # the version before the last changed the summary
    assert dialog.changes.accessibleName()


def test_a_record_saved_is_found_by_search_after_lock_and_unlock(
    qtbot: QtBot, make_shell: MakeShell, filled: dict[str, str], passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    assert shell.vault is not None
    saved = shell.vault.put_draft(
        "case_audit", {"audit_ref": "CA-010", "case_summary": "Quokka sighting at the desk"}
    )
    shell.refresh()
    shell.lock()
    assert shell.window.navigator.model.rowCount() == 0
    unlock(qtbot, shell, passphrase)
    navigator = shell.window.navigator
    qtbot.keyClicks(navigator.filter_box, "QUOKKA")
    qtbot.waitUntil(lambda: shown_ids(navigator) == {saved.version.record_id}, timeout=WAIT_MS)
    assert navigator.shown_label.text() == "1 of 4 shown"


def test_typing_is_searched_once_per_pause_and_quick_searches_leave_the_worker(
    qtbot: QtBot, make_shell: MakeShell, filled: dict[str, str], passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    navigator = shell.window.navigator
    asked: list[object] = []
    navigator.search_requested.connect(asked.append)
    qtbot.keyClicks(navigator.filter_box, "night")
    assert asked == []  # nothing while the keys come
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: navigator.proxy.rowCount() == 1, timeout=WAIT_MS)
    search = shell.search
    assert search is not None
    assert not search.in_worker  # three records: well under 50 ms, so the next runs in place
    assert 0 < search.last_seconds < 0.05
    chooser = navigator.instrument
    chooser.setCurrentIndex(chooser.findData("observation"))
    assert navigator.shown_label.text() == ""  # no observations: nothing to count
    chooser.setCurrentIndex(chooser.findData("case_audit"))
    assert navigator.shown_label.text() == "1 of 3 shown"
    assert len(asked) == 1  # the instrument is the list's own filter: no new search


def test_ctrl_h_shows_the_history_of_the_record_chosen_in_the_list(
    qtbot: QtBot, make_shell: MakeShell, filled: dict[str, str], passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    navigator = shell.window.navigator
    shell.window.activateWindow()
    qtbot.waitUntil(shell.window.isActiveWindow, timeout=WAIT_MS)
    shell.window.list_action.trigger()  # Ctrl+1: the list, its first row chosen
    qtbot.waitUntil(navigator.table.hasFocus, timeout=WAIT_MS)
    chosen = navigator.selected_record()
    assert chosen is not None
    qtbot.keyClick(navigator.table, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    dialog = shell.window.findChild(HistoryDialog)
    assert isinstance(dialog, HistoryDialog)
    assert shell.vault is not None
    versions = len(shell.vault.history(chosen))
    assert dialog.version_model.rowCount() >= versions
    assert dialog.version_model.entry(0).version.record_id == chosen
    dialog.close()


def test_history_times_are_local_and_a_version_without_its_parents_says_so(vault: Vault) -> None:
    service = VaultService(vault)
    first = service.put_draft("case_audit", {"audit_ref": "CA-1"})
    entries = service.history_changes(first.version.record_id)
    orphan = replace(entries[0], version=replace(entries[0].version, parents=(VersionId("gone"),)))
    model = VersionListModel([orphan])
    assert "have not arrived" in model.caption(0)
    assert "first version" in VersionListModel(entries).caption(0)
    assert when("2026-03-06T17:00:00.000+00:00") == (
        datetime(2026, 3, 6, 17, tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")
    )

"""Capturing through the widgets: a new record typed, saved on its own, completed, found again."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from app_helpers import WAIT_MS, all_widget_text, unlock
from form_helpers import edit
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncpi_field import formstore
from ncpi_field.demo.inspection import generate_inspection
from ncpi_field.demo.model import FORM_IDS
from ncpi_field.service import VaultService
from ncpi_field.vault import Vault
from ui import worker
from ui.app import AppShell
from ui.dialogs.history import HistoryDialog
from ui.form_view.session import AUTOSAVE_MS
from ui.form_view.view import FormView

MakeShell = Callable[[], AppShell]


@pytest.fixture
def cited(created_vault: tuple[Path, str], passphrase: str) -> str:
    """A case audit already in the vault, for a reality test to cite; its record id."""
    vault = Vault.unlock(created_vault[0], passphrase)
    try:
        saved = VaultService(vault).put_draft("case_audit", {"audit_ref": "CA-001"})
    finally:
        vault.lock()
    return saved.version.record_id


def demo_reality_test() -> dict[str, Any]:
    """The answers of a complete reality test with a staff entry, from the demo generator."""
    forms = {form_id: formstore.installed_spec(form_id) for form_id in FORM_IDS}
    made = generate_inspection(1, forms=forms, now=dt.datetime(2026, 3, 2, 10, 0))
    return dict(
        next(
            r.answers
            for r in made
            if r.form_id == "reality_test" and r.status == "complete" and r.answers["staff_engaged"]
        )
    )


def new_record(qtbot: QtBot, shell: AppShell, form_id: str) -> FormView:
    chooser = shell.window.navigator.instrument
    chooser.setCurrentIndex(chooser.findData(form_id))
    shell.window.new_action.trigger()
    view = shell.window.form_view
    assert view.session is not None
    assert view.session.form_id == form_id
    assert view.isVisible()
    view.finish_building()
    return view


def head_answers(shell: AppShell, record_id: str) -> dict[str, Any]:
    assert shell.vault is not None
    return dict(shell.vault.record(record_id).heads[0].answers)


def test_a_reality_test_is_captured_through_the_widgets(
    qtbot: QtBot, make_shell: MakeShell, cited: str, passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    view = new_record(qtbot, shell, "reality_test")
    assert view.body is not None
    reference = f"RT-{secrets.randbelow(900) + 100}"
    reference_field = view.body.field("rt_ref")
    assert reference_field is not None
    edit(qtbot, reference_field, reference)
    # A repeat entry, added with its button, and an evidence link picked from the list.
    view.body.add_buttons["staff_engaged"][0].click()
    assert view.body.groups["staff_engaged"]
    evidence = next(f for f in view.body.all_fields() if f.question.kind == "evidence")
    listed = [evidence.evidence_list.item(r) for r in range(evidence.evidence_list.count())]
    assert [i.data(Qt.ItemDataRole.UserRole) for i in listed] == [cited]
    listed[0].setCheckState(Qt.CheckState.Checked)
    # Saved as a draft on its own once typing stops.
    qtbot.waitUntil(lambda: view.record_id is not None, timeout=AUTOSAVE_MS + WAIT_MS)
    qtbot.waitUntil(lambda: not worker.busy(), timeout=WAIT_MS)
    assert view.record_id is not None
    stored = head_answers(shell, view.record_id)
    assert stored["rt_ref"] == reference
    assert stored[evidence.question.name] == [cited]
    assert len(stored["staff_engaged"]) == 1
    # Completing is refused with the reasons, each a link to its field.
    shell.window.complete_action.trigger()
    qtbot.waitUntil(view.reasons.isVisible, timeout=WAIT_MS)
    assert view.reasons.count() > 1
    first = view.reasons.item(0)
    view.reasons.itemClicked.emit(first)
    assert view.status.text() == "Not complete"
    # The rest answered (as the demo inspection answers it), then it completes.
    answers = demo_reality_test()
    for name, value in answers.items():
        if name == "staff_engaged":
            for key, inner in value[0].items():
                view.set_answer(key, inner, (0,))
        elif name != "rt_ref":
            view.set_answer(name, value)
    shell.window.complete_action.trigger()
    qtbot.waitUntil(lambda: view.status.text() == "Saved as complete", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not worker.busy(), timeout=WAIT_MS)
    record_id = view.record_id
    assert record_id is not None
    assert shell.vault is not None
    assert shell.vault.record(record_id).heads[0].status == "complete"
    assert shell.vault.record(cited).heads[0].status == "draft"
    # Locking drops the form and every widget that held answers.
    shell.window.lock_action.trigger()
    assert view.session is None
    assert view.body is None
    assert reference not in all_widget_text()
    # Unlocked again, it is found by searching.
    unlock(qtbot, shell, passphrase)
    shell.window.filter_action.trigger()
    qtbot.keyClicks(shell.window.navigator.filter_box, reference)
    assert shell.window.navigator.proxy.rowCount() == 1
    shell.window.navigator.focus_list()
    shell.window.navigator.table.activated.emit(shell.window.navigator.table.currentIndex())
    assert shell.window.form_view.record_id == record_id
    opened = shell.window.form_view.body
    assert opened is not None
    shown = opened.field("rt_ref")
    assert shown is not None
    assert shown.editor is not None
    assert shown.editor.property("text") == reference


def test_a_draft_is_on_disk_after_the_autosave_delay(
    qtbot: QtBot, make_shell: MakeShell, created_vault: tuple[Path, str], passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    view = new_record(qtbot, shell, "case_audit")
    assert view.body is not None
    field = view.body.field("audit_ref")
    assert field is not None
    edit(qtbot, field, "CA-042")
    qtbot.wait(AUTOSAVE_MS // 2)
    assert view.record_id is None  # typing has not stopped long enough yet
    qtbot.waitUntil(lambda: view.record_id is not None, timeout=AUTOSAVE_MS + WAIT_MS)
    qtbot.waitUntil(lambda: not worker.busy(), timeout=WAIT_MS)
    record_id = view.record_id
    assert record_id is not None
    # Read back through a second, independent unlock of the files on disk.
    shell.window.lock_action.trigger()
    other = VaultService(Vault.unlock(shell.vault_dir, passphrase))
    try:
        assert other.record(record_id).heads[0].answers["audit_ref"] == "CA-042"
    finally:
        other.lock()


def test_locking_keeps_what_was_typed_since_the_last_autosave(
    qtbot: QtBot, make_shell: MakeShell, created_vault: tuple[Path, str], passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    view = new_record(qtbot, shell, "observation")
    assert view.body is not None
    name = next(f for f in view.body.all_fields() if f.question.kind == "text").question.name
    field = view.body.field(name)
    assert field is not None
    edit(qtbot, field, "Typed just before locking")
    shell.window.lock_action.trigger()  # before the autosave delay has passed
    unlock(qtbot, shell, passphrase)
    assert shell.vault is not None
    records = shell.vault.list_records()
    assert len(records) == 1
    assert head_answers(shell, records[0].record_id)[name] == "Typed just before locking"


def test_ctrl_n_opens_a_new_record_of_the_chosen_instrument(
    qtbot: QtBot, make_shell: MakeShell, created_vault: tuple[Path, str], passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    chooser = shell.window.navigator.instrument
    chooser.setCurrentIndex(chooser.findData("debrief"))
    shell.window.activateWindow()
    qtbot.waitUntil(shell.window.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(shell.window.navigator.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    view = shell.window.form_view
    assert view.session is not None
    assert view.session.form_id == "debrief"
    view.finish_building()
    assert view.body is not None
    # Every control a person can reach has a name a screen reader reads out.
    for field in view.body.all_fields():
        assert field.editor is None or field.editor.accessibleName(), field.question.name


def test_the_instrument_chooser_counts_records(
    qtbot: QtBot, make_shell: MakeShell, cited: str, passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    chooser = shell.window.navigator.instrument
    texts = [chooser.itemText(i) for i in range(chooser.count())]
    assert texts[0] == "All instruments (1)"
    assert "Case audit (1)" in texts
    assert "Debrief (0)" in texts
    chooser.setCurrentIndex(chooser.findData("debrief"))
    assert shell.window.navigator.proxy.rowCount() == 0
    chooser.setCurrentIndex(chooser.findData("case_audit"))
    assert shell.window.navigator.proxy.rowCount() == 1


def test_withdraw_and_history_of_an_opened_record(
    qtbot: QtBot, make_shell: MakeShell, cited: str, passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    shell.open_record(cited)
    view = shell.window.form_view
    assert view.record_id == cited
    assert view.status.text() == "Saved as draft"
    assert not view.banner.isVisible()
    view.withdraw_button.click()
    qtbot.waitUntil(lambda: view.status.text() == "Saved as withdrawn", timeout=WAIT_MS)
    assert shell.vault is not None
    assert shell.vault.record(cited).heads[0].status == "withdrawn"
    view.history_button.click()
    dialog = shell.window.findChild(HistoryDialog)
    assert isinstance(dialog, HistoryDialog)
    model = dialog.version_model
    lines = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert len(lines) == 2
    assert "Withdrawn · " in lines[0]
    assert "Draft · " in lines[1]
    changes = dialog.change_model  # the newest is chosen: only its status changed
    cells = [[changes.index(r, c).data() for c in range(3)] for r in range(changes.rowCount())]
    assert cells == [["Status", "Draft", "Withdrawn"]]
    dialog.versions.setFocus()
    qtbot.keyClick(dialog.versions, Qt.Key.Key_Down)  # the first version: its answers as set
    labels = [changes.index(r, 0).data() for r in range(changes.rowCount())]
    assert labels[0] == "Status"
    assert "Audit reference" in labels
    dialog.close()


def test_complete_asked_during_a_draft_save_runs_after_it(
    qtbot: QtBot, make_shell: MakeShell, created_vault: tuple[Path, str], passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    view = new_record(qtbot, shell, "case_audit")
    assert view.body is not None
    field = view.body.field("audit_ref")
    assert field is not None
    edit(qtbot, field, "CA-050")
    view.save_draft()
    view.complete()  # while the draft is being written
    qtbot.waitUntil(view.reasons.isVisible, timeout=WAIT_MS)
    assert view.status.text() == "Not complete"
    qtbot.waitUntil(lambda: not worker.busy(), timeout=WAIT_MS)
    assert view.record_id is not None
    assert head_answers(shell, view.record_id)["audit_ref"] == "CA-050"


def test_the_instrument_filter_passes_the_model_tester(
    qtbot: QtBot, make_shell: MakeShell, cited: str, passphrase: str, qtmodeltester: Any
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    navigator = shell.window.navigator
    navigator.instrument.setCurrentIndex(navigator.instrument.findData("case_audit"))
    qtmodeltester.check(navigator.proxy)
    navigator.instrument.setCurrentIndex(navigator.instrument.findData("debrief"))
    qtmodeltester.check(navigator.proxy)
    assert navigator.proxy.rowCount() == 0


def test_saving_an_open_record_updates_its_row_without_reloading_the_list(
    qtbot: QtBot, make_shell: MakeShell, cited: str, passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    model = shell.window.navigator.model
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    shell.open_record(cited)
    view = shell.window.form_view
    assert view.body is not None
    field = view.body.field("audit_ref")
    assert field is not None
    edit(qtbot, field, "CA-777")
    shell.window.save_action.trigger()
    qtbot.waitUntil(lambda: model.index(0, 0).data() == "CA-777", timeout=WAIT_MS)
    assert resets == []
    assert model.rowCount() == 1
    assert model.record_id(0) == cited

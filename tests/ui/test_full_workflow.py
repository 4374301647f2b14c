"""The whole day through the widgets (issue 9): a new vault, its inspection, a case audit and a
reality test citing it with a repeat entry, completion blocked then done, locked, unlocked and
found again, asserting at each step on what a person would see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from app_helpers import WAIT_MS, every_qt_text, unlock
from form_helpers import edit
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from ncpi_field import formstore
from ncpi_field.demo.inspection import generate_inspection
from ncpi_field.demo.model import FORM_IDS
from ui import worker
from ui.app import AppShell
from ui.dialogs.create_vault import CreateVaultDialog
from ui.dialogs.first_inspection import FirstInspectionDialog
from ui.dialogs.inspection import InspectionDialog
from ui.dialogs.recovery_code import RecoveryCodeDialog
from ui.dialogs.unlock import UnlockDialog
from ui.form_view.view import ISSUE_ROLE, FormView

MakeShell = Callable[[], AppShell]
AUDIT_REF = "CA-417"
TEST_REF = "RT-417"


def choose(box: QComboBox, code: str) -> None:
    index = box.findData(code)
    assert index >= 0, code
    box.setCurrentIndex(index)


def demo_reality_test() -> dict[str, Any]:
    """A complete reality test with a staff entry, as the demo inspection answers one."""
    forms = {form_id: formstore.installed_spec(form_id) for form_id in FORM_IDS}
    made = generate_inspection(1, forms=forms, now=dt.datetime(2026, 3, 2, 10, 0))
    return dict(
        next(
            r.answers
            for r in made
            if r.form_id == "reality_test" and r.status == "complete" and r.answers["staff_engaged"]
        )
    )


def new_record(shell: AppShell, form_id: str) -> FormView:
    chooser = shell.window.navigator.instrument
    chooser.setCurrentIndex(chooser.findData(form_id))
    assert shell.window.new_action.shortcut() == QKeySequence("Ctrl+N")
    shell.window.new_action.trigger()
    view = shell.window.form_view
    assert view.session is not None
    assert view.session.form_id == form_id
    assert view.isVisible()
    view.finish_building()
    return view


def press(qtbot: QtBot, shell: AppShell, key: Qt.Key) -> None:
    """Ctrl and ``key`` pressed wherever the keyboard is in the main window, as a person would."""
    shell.window.activateWindow()
    qtbot.waitUntil(shell.window.isActiveWindow, timeout=WAIT_MS)
    focused = QApplication.focusWidget() or shell.window
    qtbot.keyClick(focused, key, Qt.KeyboardModifier.ControlModifier)


def listed_titles(shell: AppShell) -> list[str]:
    proxy = shell.window.navigator.proxy
    return [str(proxy.index(row, 0).data()) for row in range(proxy.rowCount())]


def create_vault(qtbot: QtBot, shell: AppShell, passphrase: str) -> str:
    """Through the first-run dialog; the recovery code shown."""
    dialog = shell.dialog
    assert isinstance(dialog, CreateVaultDialog)
    assert dialog.isVisible()
    dialog.passphrase.setText(passphrase)
    dialog.confirmation.setText(passphrase)
    dialog.create_button.click()
    qtbot.waitUntil(lambda: isinstance(shell.dialog, RecoveryCodeDialog), timeout=WAIT_MS)
    recovery = shell.dialog
    assert isinstance(recovery, RecoveryCodeDialog)
    assert recovery.isVisible()
    # The code is shown once, and continuing waits until the person says it is kept.
    code = recovery.code.text()
    assert recovery.code.isVisible()
    assert len(code.replace("-", "").replace(" ", "")) >= 20
    assert not recovery.continue_button.isEnabled()
    recovery.confirmed.setChecked(True)
    assert recovery.continue_button.isEnabled()
    with qtbot.waitSignal(shell.unlocked, timeout=WAIT_MS):
        recovery.continue_button.click()
    return code


def set_up_inspection(qtbot: QtBot, shell: AppShell) -> None:
    offer = shell.inspections.dialog
    assert isinstance(offer, FirstInspectionDialog)
    assert offer.isVisible()
    qtbot.mouseClick(offer.set_up_button, Qt.MouseButton.LeftButton)
    setup = shell.inspections.dialog
    assert isinstance(setup, InspectionDialog)
    choose(setup.force, "gwent")
    choose(setup.kind, "full_inspection")
    choose(setup.stage, "full_inspection")
    choose(setup.framework, "ncpi_2024_five_topics")
    setup.start.setDate(QDate(2026, 3, 2))
    setup.end.setDate(QDate(2026, 3, 6))
    qtbot.keyClicks(setup.member_name, "Sam Lead")
    choose(setup.member_role, "lead")
    qtbot.mouseClick(setup.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(setup.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not setup.isVisible(), timeout=WAIT_MS)
    bar = shell.window.inspection_bar
    assert bar.title.text() == "Inspection: Gwent, 2026-03-02 to 2026-03-06 · Full inspection"
    # The inspection is in the header, not a record among the inspector's own.
    assert shell.window.navigator.proxy.rowCount() == 0


def capture_case_audit(qtbot: QtBot, shell: AppShell) -> str:
    view = new_record(shell, "case_audit")
    assert view.body is not None
    reference = view.body.field("audit_ref")
    assert reference is not None
    edit(qtbot, reference, AUDIT_REF)
    assert shell.window.save_action.shortcut() == QKeySequence("Ctrl+S")
    shell.window.save_action.trigger()
    qtbot.waitUntil(lambda: view.status.text() == "Saved as draft", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not worker.busy(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: any(AUDIT_REF in t for t in listed_titles(shell)), timeout=WAIT_MS)
    assert view.record_id is not None
    return view.record_id


def test_the_whole_workflow_through_the_widgets(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str
) -> None:
    shell = make_shell()
    code = create_vault(qtbot, shell, passphrase)
    set_up_inspection(qtbot, shell)
    audit_id = capture_case_audit(qtbot, shell)

    # A reality test: a repeat entry added with its button, the case audit cited as evidence.
    view = new_record(shell, "reality_test")
    assert view.body is not None
    reference = view.body.field("rt_ref")
    assert reference is not None
    edit(qtbot, reference, TEST_REF)
    view.body.add_buttons["staff_engaged"][0].click()
    assert len(view.body.groups["staff_engaged"]) == 1
    evidence = next(f for f in view.body.all_fields() if f.question.kind == "evidence")
    offered = [evidence.evidence_list.item(r) for r in range(evidence.evidence_list.count())]
    assert [i.data(Qt.ItemDataRole.UserRole) for i in offered] == [audit_id]
    assert AUDIT_REF in offered[0].text()
    offered[0].setCheckState(Qt.CheckState.Checked)

    # Completion is blocked: the reasons are listed, and one clicked puts the cursor on its field.
    assert QKeySequence("Ctrl+Return") in shell.window.complete_action.shortcuts()
    shell.window.complete_action.trigger()
    qtbot.waitUntil(view.reasons.isVisible, timeout=WAIT_MS)
    assert view.status.text() == "Not complete"
    assert view.reasons.count() > 1
    shell.window.activateWindow()
    qtbot.waitUntil(shell.window.isActiveWindow, timeout=WAIT_MS)
    for row in (view.reasons.count() - 1, 0):
        item = view.reasons.item(row)
        name, index = item.data(ISSUE_ROLE)
        field = view._issue_field(name, index)
        assert field is not None
        assert item.text().startswith(field.question.label.get(view.session_language()))
        view.reasons.scrollToItem(item)
        place = view.reasons.visualItemRect(item).center()
        qtbot.mouseClick(view.reasons.viewport(), Qt.MouseButton.LeftButton, pos=place)
        target = field.editor or field
        focused = QApplication.focusWidget()
        assert focused is not None
        assert focused is target or target.isAncestorOf(focused), item.text()

    # The rest answered as the demo inspection answers it; then it completes.
    for name, value in demo_reality_test().items():
        if name == "staff_engaged":
            for key, inner in value[0].items():
                view.set_answer(key, inner, (0,))
        elif name not in ("rt_ref", evidence.question.name, "inspection"):
            view.set_answer(name, value)
    shell.window.complete_action.trigger()
    qtbot.waitUntil(lambda: view.status.text() == "Saved as complete", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not worker.busy(), timeout=WAIT_MS)
    assert not view.reasons.isVisible()
    test_id = view.record_id
    assert test_id is not None
    assert shell.vault is not None
    head = shell.vault.record(test_id).heads[0]
    assert head.status == "complete"
    assert head.answers[evidence.question.name] == [audit_id]
    assert len(head.answers["staff_engaged"]) == 1
    qtbot.waitUntil(lambda: any(TEST_REF in t for t in listed_titles(shell)), timeout=WAIT_MS)

    # Ctrl+L locks: the unlock dialog asks again and no widget holds a reference any more.
    press(qtbot, shell, Qt.Key.Key_L)
    assert isinstance(shell.dialog, UnlockDialog)
    assert shell.dialog.isVisible()
    assert view.session is None
    held = every_qt_text()
    assert TEST_REF not in held
    assert AUDIT_REF not in held
    assert code not in held

    # Unlocked, the inspection is open again and Ctrl+F finds the reality test by its words.
    unlock(qtbot, shell, passphrase)
    assert shell.window.inspection_bar.title.text().startswith("Inspection: Gwent")
    shell.window.activateWindow()
    qtbot.waitUntil(shell.window.isActiveWindow, timeout=WAIT_MS)
    press(qtbot, shell, Qt.Key.Key_F)
    box = shell.window.navigator.filter_box
    assert box.hasFocus()
    qtbot.keyClicks(box, TEST_REF.lower())
    qtbot.waitUntil(lambda: shell.window.navigator.proxy.rowCount() == 1, timeout=WAIT_MS)
    assert TEST_REF in listed_titles(shell)[0]
    shell.window.navigator.focus_list()
    table = shell.window.navigator.table
    table.activated.emit(table.currentIndex())
    assert shell.window.form_view.record_id == test_id
    assert shell.window.form_view.status.text() == "Saved as complete"

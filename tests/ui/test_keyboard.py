"""Keyboard first: each listed shortcut pressed as keys does its thing, from inside a form too,
and Tab walks every question of every form in order."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from app_helpers import WAIT_MS, unlock
from form_helpers import WindowsShown
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from ui import operations, worker
from ui.app import AppShell
from ui.form_view.view import FormView

MakeShell = Callable[[], AppShell]
CTRL = Qt.KeyboardModifier.ControlModifier
# The instruments the navigator offers (the inspection is set up in its own screen, Ctrl+I).
INSTRUMENTS = operations.instruments()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def press(qtbot: QtBot, window: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = CTRL) -> None:
    """A key pressed wherever the keyboard is in ``window``, as a person would."""
    assert window.isActiveWindow(), "the window lost the keyboard to another"
    qtbot.keyClick(focused(), key, modifier)


def unlocked_shell(qtbot: QtBot, make_shell: MakeShell, passphrase: str) -> AppShell:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    shell.window.activateWindow()
    qtbot.waitUntil(shell.window.isActiveWindow, timeout=WAIT_MS)
    shell.window.navigator.focus_list()
    return shell


def new_record_by_keys(qtbot: QtBot, shell: AppShell, form_id: str) -> FormView:
    chooser = shell.window.navigator.instrument
    chooser.setCurrentIndex(chooser.findData(form_id))
    shell.window.navigator.focus_list()
    press(qtbot, shell.window, Qt.Key.Key_N)
    view = shell.window.form_view
    assert view.session is not None
    assert view.session.form_id == form_id
    return view


@pytest.mark.usefixtures("created_vault")
def test_each_shortcut_does_its_thing_from_inside_the_form(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str
) -> None:
    shell = unlocked_shell(qtbot, make_shell, passphrase)
    view = new_record_by_keys(qtbot, shell, "observation")  # Ctrl+N
    assert view.isAncestorOf(focused()), "a new record puts the keyboard in its first field"
    qtbot.keyClicks(focused(), "Typed at the keyboard")
    press(qtbot, shell.window, Qt.Key.Key_S)  # Ctrl+S: saved as a draft now, not after the delay
    qtbot.waitUntil(lambda: view.record_id is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not worker.busy(), timeout=WAIT_MS)
    assert view.status.text() == "Saved as draft"
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # Ctrl+Enter, on either key
        view.reasons.clear()
        view.reasons.setVisible(False)
        press(qtbot, shell.window, key)
        qtbot.waitUntil(view.reasons.isVisible, timeout=WAIT_MS)
        assert view.reasons.count() > 0  # a blank observation cannot be complete
        assert view.status.text() == "Not complete"
    press(qtbot, shell.window, Qt.Key.Key_F)  # Ctrl+F: the record search
    assert focused() is shell.window.navigator.filter_box
    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS):
        press(qtbot, shell.window, Qt.Key.Key_L)  # Ctrl+L
    assert shell.vault is None
    assert view.session is None


@pytest.mark.usefixtures("created_vault")
def test_ctrl_enter_in_a_multi_line_box_completes_rather_than_adding_a_line(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str
) -> None:
    shell = unlocked_shell(qtbot, make_shell, passphrase)
    view = new_record_by_keys(qtbot, shell, "observation")
    view.finish_building()
    assert view.body is not None
    box = next(f.editor for f in view.body.all_fields() if isinstance(f.editor, QPlainTextEdit))
    assert isinstance(box, QPlainTextEdit)
    view.form_scroll.ensureWidgetVisible(box)
    box.setFocus()
    qtbot.keyClicks(box, "One line")
    press(qtbot, shell.window, Qt.Key.Key_Return)
    qtbot.waitUntil(view.reasons.isVisible, timeout=WAIT_MS)
    assert box.toPlainText() == "One line"


@pytest.mark.parametrize("form_id", INSTRUMENTS)
@pytest.mark.usefixtures("created_vault")
def test_tab_pressed_walks_every_question_in_form_order(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str, form_id: str
) -> None:
    shell = unlocked_shell(qtbot, make_shell, passphrase)
    view = new_record_by_keys(qtbot, shell, form_id)
    view.finish_building()
    assert view.body is not None
    editors = [
        f.editor
        for f in view.body.all_fields()
        if f.editor is not None and f.isVisibleTo(view.body) and f.editor.isEnabled()
    ]
    assert editors
    editors[0].setFocus()
    reached: list[QWidget] = []
    for _step in range(len(editors) * 6):
        now = focused()
        owner = next((e for e in editors if e is now or e.isAncestorOf(now)), None)
        if owner is not None and (not reached or reached[-1] is not owner):
            reached.append(owner)
        if len(reached) == len(editors):
            break
        qtbot.keyClick(now, Qt.Key.Key_Tab)
    assert [e.accessibleName() for e in reached] == [e.accessibleName() for e in editors]
    assert reached == editors


@pytest.mark.usefixtures("created_vault")
def test_leaving_a_field_with_tab_saves_a_draft_at_once(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str
) -> None:
    shell = unlocked_shell(qtbot, make_shell, passphrase)
    view = new_record_by_keys(qtbot, shell, "case_audit")
    assert view.session is not None
    view.session.timer.setInterval(60_000)  # only leaving the field can save it in time
    box = focused()
    qtbot.keyClicks(box, "CA-123")
    assert view.record_id is None
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert focused() is not box
    qtbot.waitUntil(lambda: view.record_id is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not worker.busy(), timeout=WAIT_MS)
    assert shell.vault is not None
    assert view.record_id is not None
    head = shell.vault.record(view.record_id).heads[0]
    assert head.status == "draft"
    assert head.answers["audit_ref"] == "CA-123"


@pytest.mark.usefixtures("created_vault")
def test_no_widget_flashes_as_a_window_of_its_own_while_working(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str
) -> None:
    """A widget shown before it has a parent is a window for a moment and takes the keyboard
    from whatever the inspector is typing in (a question's hint once did)."""
    shell = unlocked_shell(qtbot, make_shell, passphrase)
    spy = WindowsShown()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(spy)
    try:
        for form_id in INSTRUMENTS:
            view = new_record_by_keys(qtbot, shell, form_id)
            qtbot.keyClicks(focused(), "Typed")
            press(qtbot, shell.window, Qt.Key.Key_S)
            qtbot.waitUntil(lambda: view.record_id is not None, timeout=WAIT_MS)  # noqa: B023
            qtbot.waitUntil(lambda: not worker.busy(), timeout=WAIT_MS)
            shell.window.refresh_action.trigger()
    finally:
        app.removeEventFilter(spy)
    assert spy.shown == []
    assert shell.window.isActiveWindow()

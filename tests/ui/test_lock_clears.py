"""Lock clears every model and widget that held answers: a sentinel typed into a record's
questions, its override reason and the searches is held by no Qt object afterwards."""

from __future__ import annotations

import secrets
from collections.abc import Callable

import pytest
from app_helpers import WAIT_MS, every_qt_text, unlock
from form_helpers import add_every_repeat, edit
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from ui import worker
from ui.app import AppShell
from ui.form_view.view import FormView

MakeShell = Callable[[], AppShell]
PHONE = "07700 900123"  # raises the personal-data warning, so its reason box shows


def type_into_every_box(qtbot: QtBot, view: FormView, mark: str) -> int:
    """The sentinel into each free-text box, override reason and evidence search; how many."""
    assert view.body is not None
    typed = 0
    for field in view.body.all_fields():
        editor = field.editor
        if not field.isVisibleTo(view.body) or field.question.kind != "text":
            continue
        if isinstance(editor, QLineEdit | QPlainTextEdit) and editor.isEnabled():
            edit(qtbot, field, f"{mark} {PHONE}")
            typed += 1
            if field.pii_reason.isVisibleTo(view.body):
                qtbot.keyClicks(field.pii_reason, f"because {mark}")
                typed += 1
    for field in view.body.all_fields():
        if field.question.kind == "evidence" and field.isVisibleTo(view.body):
            qtbot.keyClicks(field.evidence_search, mark)  # left typed in the search box
            typed += 1
    return typed


@pytest.mark.parametrize("form_id", ["case_audit", "debrief"])
@pytest.mark.usefixtures("created_vault")
def test_after_lock_no_qt_object_holds_what_was_typed(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str, form_id: str
) -> None:
    mark = "Z" + secrets.token_hex(8)
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    shell.new_record(form_id)
    view = shell.window.form_view
    view.finish_building()
    add_every_repeat(view)
    assert type_into_every_box(qtbot, view, mark) > 3
    shell.window.save_action.trigger()
    qtbot.waitUntil(lambda: view.record_id is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not worker.busy(), timeout=WAIT_MS)
    qtbot.keyClicks(shell.window.navigator.filter_box, mark[:6])  # the list searched for it
    shown = every_qt_text()
    assert shown.count(mark) > 3, "the walk sees what the widgets hold"
    with qtbot.waitSignal(shell.locked, timeout=WAIT_MS):
        shell.window.lock_action.trigger()
    held = every_qt_text()
    assert held.count(mark) == 0
    assert held.count(mark[:6]) == 0

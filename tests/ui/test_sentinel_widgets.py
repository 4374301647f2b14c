"""SECURITY 13 through the real widgets: a sentinel typed into every field, saved, locked, quit.

It is then looked for in every encoding the scanner knows, in the vault directory, the settings,
the temporary, state and cache folders and the home folder: zero occurrences.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from app_helpers import WAIT_MS, unlock
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from ncpi_field.formstore import installed_forms
from ui import worker
from ui.app import AppShell

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
import sentinel as scan

MakeShell = Callable[[], AppShell]


@pytest.fixture
def roots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    places = [tmp_path / name for name in ("tmp", "state", "home")]
    for place in places:
        place.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(places[0]))
    monkeypatch.setenv("TMPDIR", str(places[0]))
    monkeypatch.setenv("XDG_STATE_HOME", str(places[1]))
    monkeypatch.setenv("HOME", str(places[2]))
    return places


@pytest.mark.usefixtures("created_vault")
def test_a_sentinel_typed_into_every_field_never_reaches_the_disk(
    qtbot: QtBot,
    make_shell: MakeShell,
    passphrase: str,
    roots: list[Path],
    tmp_path: Path,
) -> None:
    mark = "S" + secrets.token_hex(8)
    number = str(10**8 + secrets.randbelow(9 * 10**8))  # fits the integer box
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    typed_kinds: set[str] = set()
    for form in installed_forms():
        shell.new_record(form.form_id)
        view = shell.window.form_view
        view.finish_building()
        assert view.body is not None
        for buttons in view.body.add_buttons.values():
            buttons[0].click()
        for field in view.body.all_fields():
            editor = field.editor
            if not isinstance(editor, QLineEdit | QPlainTextEdit) or not field.isVisibleTo(
                view.body
            ):
                continue
            if isinstance(editor, QLineEdit) and editor.isReadOnly():
                continue
            kind = field.question.kind
            text = number if kind in ("integer", "decimal") else f"seen at {mark}"
            if kind in ("date", "time", "dateTime"):
                continue  # these take only dates and times, which cannot carry the sentinel
            qtbot.keyClicks(editor, text)
            typed_kinds.add(kind)
        shell.window.save_action.trigger()
        qtbot.waitUntil(lambda: view.record_id is not None, timeout=WAIT_MS)  # noqa: B023
        qtbot.waitUntil(lambda: not worker.busy(), timeout=WAIT_MS)
    assert {"text", "integer"} <= typed_kinds
    assert shell.vault is not None
    saved = [shell.vault.record(r.record_id).heads[0] for r in shell.vault.list_records()]
    assert len(saved) == len(installed_forms())
    assert all(mark in repr(version.answers) for version in saved), "the typing was saved"
    vault_dir = shell.vault_dir
    shell.window.lock_action.trigger()
    shell.quit()
    cache = Path(os.environ.get("XDG_CACHE_HOME", tmp_path))
    everywhere = [vault_dir, tmp_path, cache, *roots]
    assert scan.find(mark, everywhere) == []
    assert scan.find(number, everywhere) == []

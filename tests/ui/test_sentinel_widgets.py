"""SECURITY 13 through the real widgets: a sentinel typed into every field, saved, locked, quit.

The four instruments are installed beside three workbooks of tests/data (ranges; choices read
from CSV and XML files; one question of every kind), so every kind the form view draws is on
screen.
Every repeat gets an entry; the sentinel goes into every box that takes typing (free text,
numbers, ranges, the evidence search, the reason that overrides a personal-data warning); every
choice is picked. Then it is looked for in every encoding the scanner knows, in the vault
directory, the settings, the temporary, state, config, data and cache folders, Qt's own
standard locations and the home folder: zero occurrences.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from app_helpers import WAIT_MS, unlock
from form_helpers import add_every_repeat, edit
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from ncpi_field import formstore
from ui import worker
from ui.app import AppShell
from ui.form_view.questions import QuestionField
from ui.form_view.view import FormView

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
import sentinel as scan

MakeShell = Callable[[], AppShell]
FEATURES = (
    "xlsform-features/clinic_triage_ranges.md",
    "xlsform-features/school_visit_from_file.md",
)
EVERY_KIND = "form-view/every_kind.md"
ATTACHMENTS = ("schools.csv", "districts.xml", "facilities.csv")
NUMBER_KINDS = frozenset({"integer", "decimal", "range"})
DATE_KINDS = frozenset({"date", "time", "dateTime"})  # take only dates: cannot carry it
PHONE = "07700 900123"  # raises the personal-data warning, so its reason box shows
QT_PLACES = (
    QStandardPaths.StandardLocation.GenericConfigLocation,
    QStandardPaths.StandardLocation.AppConfigLocation,
    QStandardPaths.StandardLocation.GenericCacheLocation,
    QStandardPaths.StandardLocation.CacheLocation,
    QStandardPaths.StandardLocation.GenericDataLocation,
    QStandardPaths.StandardLocation.AppLocalDataLocation,
    QStandardPaths.StandardLocation.RuntimeLocation,
    QStandardPaths.StandardLocation.TempLocation,
)


@pytest.fixture
def roots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    names = ("tmp", "state", "home", "config", "cache", "data", "runtime")
    places = [tmp_path / name for name in names]
    for place in places:
        place.mkdir(mode=0o700)
    monkeypatch.setattr(tempfile, "tempdir", str(places[0]))
    monkeypatch.setenv("TMPDIR", str(places[0]))
    monkeypatch.setenv("XDG_STATE_HOME", str(places[1]))
    monkeypatch.setenv("HOME", str(places[2]))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(places[3]))
    monkeypatch.setenv("XDG_CACHE_HOME", str(places[4]))
    monkeypatch.setenv("XDG_DATA_HOME", str(places[5]))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(places[6]))
    return places


@pytest.fixture
def every_kind_installed(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[str]]:
    """The shipped instruments and the feature workbooks installed together; their form ids."""
    forms = tmp_path / "forms"
    shutil.copytree(formstore.INSTRUMENTS_DIR, forms, ignore=shutil.ignore_patterns("source"))
    for name in (*FEATURES, EVERY_KIND, *(f"xlsform-features/{a}" for a in ATTACHMENTS)):
        shutil.copy(data_dir / name, forms / Path(name).name)
    monkeypatch.setattr(formstore, "INSTRUMENTS_DIR", forms)
    formstore._installed_by_id.cache_clear()
    yield sorted(formstore._installed_by_id())
    formstore._installed_by_id.cache_clear()


def type_everywhere(qtbot: QtBot, view: FormView, mark: str, number: str) -> set[str]:
    """The sentinel into every box that takes typing, a choice in every other; kinds done."""
    assert view.body is not None
    done: set[str] = set()
    fields: list[QuestionField] = [f for f in view.body.all_fields() if f.isVisibleTo(view.body)]
    for field in fields:
        editor, kind = field.editor, field.question.kind
        if editor is None or not editor.isEnabled() or kind in DATE_KINDS:
            continue
        if isinstance(editor, QLineEdit) and editor.isReadOnly():
            continue  # a calculated value
        if isinstance(editor, QLineEdit | QPlainTextEdit):
            typed = number if kind in NUMBER_KINDS else f"seen at {mark}, call {PHONE}"
            edit(qtbot, field, typed)
            if field.pii_reason.isVisibleTo(view.body):
                qtbot.keyClicks(field.pii_reason, f"reason {mark}")
                done.add("override reason")
        else:
            if kind == "evidence":
                qtbot.keyClicks(field.evidence_search, mark)
                field.evidence_search.clear()
                done.add("evidence search")
            if field.isVisibleTo(view.body) and offers_a_choice(field):
                edit(qtbot, field)
        done.add(kind)
    return done


def offers_a_choice(field: QuestionField) -> bool:
    if field.question.kind == "evidence":
        return field.evidence_list.count() > 0
    count = getattr(field.editor, "count", None)
    return count is None or count() > 1


@pytest.mark.usefixtures("created_vault")
def test_a_sentinel_typed_into_every_field_never_reaches_the_disk(
    qtbot: QtBot,
    make_shell: MakeShell,
    passphrase: str,
    roots: list[Path],
    every_kind_installed: list[str],
) -> None:
    tmp_path = roots[0].parent
    mark = "S" + secrets.token_hex(8)
    number = str(10**8 + secrets.randbelow(9 * 10**8))  # fits the integer box
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    kinds: set[str] = set()
    typed_forms = 0
    for form_id in every_kind_installed:
        shell.new_record(form_id)
        view = shell.window.form_view
        view.finish_building()
        add_every_repeat(view)
        view.finish_building()
        done = type_everywhere(qtbot, view, mark, number)
        typed_forms += bool(done & ({"text"} | NUMBER_KINDS))
        kinds |= done
        shell.window.save_action.trigger()
        qtbot.waitUntil(lambda: view.record_id is not None, timeout=WAIT_MS)  # noqa: B023
        qtbot.waitUntil(lambda: not worker.busy(), timeout=WAIT_MS)
    drawn = {"text", "integer", "decimal", "range", "select_one", "select_multiple", "acknowledge"}
    assert drawn | {"evidence", "evidence search", "override reason"} <= kinds
    assert shell.vault is not None
    saved = [shell.vault.record(r.record_id).heads[0] for r in shell.vault.list_records()]
    assert len(saved) == len(every_kind_installed)
    # Counted, never shown: an assertion message must not hold what was typed.
    holding = sum(mark in repr(v.answers) or number in repr(v.answers) for v in saved)
    assert typed_forms >= len(every_kind_installed) - 1  # school_visit has only choices
    assert holding == typed_forms, "the typing was saved (encrypted)"
    vault_dir = shell.vault_dir
    qt_places = [Path(QStandardPaths.writableLocation(place)) for place in QT_PLACES]
    shell.window.lock_action.trigger()
    shell.quit()
    everywhere = [vault_dir, tmp_path, *roots, *(p for p in qt_places if p.exists())]
    assert all(p.is_relative_to(tmp_path) for p in qt_places), "Qt looks outside the test"
    assert scan.find(mark, everywhere) == []
    assert scan.find(number, everywhere) == []
    assert os.environ["XDG_CACHE_HOME"] == str(roots[4])

"""The sync screens in the app: import, conflicts, export and the team, driven through widgets.

The vaults are a lead and two inspectors built through the core (tests/ui/sync_scenario.py);
the shell under test opens the lead's vault.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from app_helpers import WAIT_MS, all_widget_text, unlock
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHeaderView,
    QLineEdit,
    QMenu,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ncpi_field.service import VaultService
from sync import bundle_import, team
from tests.ui.sync_scenario import FIELD, build_team, conflicting_bundles, copy_team, open_vault
from ui import cli
from ui.app import AppShell
from ui.cli_screenshot import SCREEN
from ui.models.conflict_fields import ConflictFieldsModel, FieldRow
from ui.models.conflict_list import ConflictListModel
from ui.models.record_table import Column as RecordColumn
from ui.models.team_table import Column as TeamColumn
from ui.models.team_table import TeamMembersModel
from ui.settings import Settings
from ui.sync import choices
from ui.sync.conflicts_dialog import ConflictsDialog
from ui.sync.export_dialog import ExportDialog
from ui.sync.import_dialog import ImportDialog
from ui.sync.merge_editor import MergeEditor
from ui.sync.team_dialog import TeamDialog

MakeShell = Callable[[], AppShell]
FATAL = QAbstractItemModelTester.FailureReportingMode.Fatal


@pytest.fixture(scope="module")
def team_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sync-team") / "team"
    build_team(root)
    return root


@pytest.fixture
def team_root(team_template: Path, tmp_path: Path) -> Path:
    return copy_team(team_template, tmp_path / "team")


@pytest.fixture
def vault_dir(team_root: Path) -> Path:
    """The shell under test opens the lead's vault."""
    return team_root / "lead"


@pytest.fixture
def lead_shell(qtbot: QtBot, make_shell: MakeShell, passphrase: str) -> AppShell:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    return shell


@pytest.fixture
def alice(team_root: Path) -> Iterator[VaultService]:
    service = open_vault(team_root, "alice")
    yield service
    service.lock()


def lead_of(shell: AppShell) -> VaultService:
    assert shell.vault is not None
    return shell.vault


def controls(dialog: QWidget) -> list[QWidget]:
    kinds = (QAbstractButton, QLineEdit, QAbstractItemView, QComboBox)
    # A table's header is part of the table, which carries the name.
    return [
        w
        for w in dialog.findChildren(QWidget)
        if isinstance(w, kinds) and not isinstance(w, QHeaderView) and w.isVisibleTo(dialog)
    ]


def assert_usable(dialog: QDialog) -> None:
    """Every control named for a screen reader and reachable by Tab; fits 1366x768."""
    for widget in controls(dialog):
        assert widget.accessibleName(), f"{type(widget).__name__} {widget.objectName()} unnamed"
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus, widget.accessibleName()
    hint = dialog.minimumSizeHint()
    assert hint.width() <= SCREEN[0]
    assert hint.height() <= SCREEN[1]
    assert dialog.width() <= SCREEN[0]
    assert dialog.height() <= SCREEN[1]


def import_through_dialog(qtbot: QtBot, shell: AppShell, paths: list[Path]) -> ImportDialog:
    dialog = shell.sync_screens.open_import([str(p) for p in paths])
    assert isinstance(dialog, ImportDialog)
    assert dialog.paths() == paths
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        dialog.import_button.click()
    return dialog


# -- the whole round: import, resolve, export ----------------------------------------------------


def test_import_two_conflicting_bundles_take_one_and_export_for_another_vault(
    qtbot: QtBot, lead_shell: AppShell, team_root: Path, tmp_path: Path, settings: Settings
) -> None:
    a, b, record_id = conflicting_bundles(team_root)
    shell = lead_shell
    window = shell.window

    dialog = import_through_dialog(qtbot, shell, [a, b])
    assert dialog.bar.value() == dialog.bar.maximum() == 2
    report = dialog.report.toPlainText().splitlines()
    assert report[0].startswith("alice-1.bundle: 1 new version(s)")
    assert "1 conflict(s) created" in report[1]
    assert "1 left for you" in report[1]
    # The records table was refreshed: the record is listed, in conflict.
    row = next(
        r
        for r in range(window.navigator.model.rowCount())
        if window.navigator.model.index(r, 0).data() == "OBS-7"
    )
    assert window.navigator.model.index(row, RecordColumn.CONFLICT).data() == "⚠ Conflict"
    dialog.close()

    window.conflicts_action.trigger()
    conflicts = shell.sync_screens.current
    assert isinstance(conflicts, ConflictsDialog)
    assert conflicts.list_model.rowCount() == 1
    assert conflicts.list_model.record_id(0) == record_id
    differing = [
        conflicts.fields_model.field_row(r)
        for r in range(conflicts.fields_model.rowCount())
        if conflicts.fields_model.field_row(r).kind
    ]
    assert [(d.name, d.kind, sorted(d.values)) for d in differing] == [
        (FIELD, "hard", ["High", "Medium"])
    ]
    assert_usable(conflicts)
    assert conflicts.conflict is not None
    taken = conflicts.conflict.heads[0]
    with qtbot.waitSignal(conflicts.resolved, timeout=WAIT_MS):
        conflicts.take_buttons[0].click()
    assert conflicts.list_model.rowCount() == 0
    assert conflicts.heading.text() == "No record is in conflict."
    heads = lead_of(shell).record(record_id).heads
    assert len(heads) == 1
    assert heads[0].answers[FIELD] == taken.answers[FIELD]
    assert window.navigator.model.index(row, RecordColumn.CONFLICT).data() == ""
    conflicts.close()

    out = tmp_path / "out" / "lead.bundle"
    out.parent.mkdir()
    window.export_bundle_action.trigger()
    export = shell.sync_screens.current
    assert isinstance(export, ExportDialog)
    assert export.recipients.count() == 2  # both inspectors, ticked by default
    assert_usable(export)
    export.path.setText(str(out))
    with qtbot.waitSignal(export.exported, timeout=WAIT_MS):
        export.export_button.click()
    assert out.is_file()
    assert "Exported" in export.message.text()
    assert settings.bundle_folder == out.parent

    alice = open_vault(team_root, "alice")
    try:
        done = bundle_import.import_bundle(alice, out)
        assert done.new_versions >= 2  # Bob's edit and the resolution
        heads = alice.record(record_id).heads
        assert [h.version_id for h in heads] == [
            lead_of(shell).record(record_id).heads[0].version_id
        ]
        assert heads[0].answers[FIELD] == taken.answers[FIELD]
    finally:
        alice.lock()


# -- import ----------------------------------------------------------------------------------------


def test_a_refused_file_is_reported_and_never_stops_the_others(
    qtbot: QtBot, lead_shell: AppShell, team_root: Path, tmp_path: Path
) -> None:
    a, _b, record_id = conflicting_bundles(team_root)
    junk = tmp_path / "junk.bundle"
    junk.write_bytes(b"not a bundle at all")
    dialog = import_through_dialog(qtbot, lead_shell, [junk, a])
    report = dialog.report.toPlainText().splitlines()
    assert report[0].startswith("junk.bundle: refused (not a bundle).")
    assert report[1].startswith("a")
    assert "1 new version(s)" in report[1]
    summary = "2 bundle(s): 1 imported, 0 already imported, 1 refused"
    assert dialog.message.text().startswith(summary)
    assert lead_of(lead_shell).has_record(record_id)
    assert_usable(dialog)


def test_bundles_dropped_on_the_window_open_the_import_with_them(
    qtbot: QtBot, lead_shell: AppShell, team_root: Path
) -> None:
    a, b, _record = conflicting_bundles(team_root)
    window = lead_shell.window
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(a)), QUrl.fromLocalFile(str(b))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    dialog = lead_shell.sync_screens.current
    assert isinstance(dialog, ImportDialog)
    assert dialog.paths() == [a, b]
    window.dropEvent(drop)  # a second drop adds to the same list, without repeats
    assert lead_shell.sync_screens.current is dialog
    assert dialog.paths() == [a, b]


def test_the_import_dialog_starts_in_the_folder_last_used(
    qtbot: QtBot,
    lead_shell: AppShell,
    team_root: Path,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, b, _record = conflicting_bundles(team_root)
    asked: list[Path] = []

    def pick(_parent: QWidget, _title: str, folder: Path, _filter: str) -> list[Path]:
        asked.append(folder)
        return [a, b]

    monkeypatch.setattr(choices, "open_files", pick)
    dialog = lead_shell.sync_screens.open_import()
    assert isinstance(dialog, ImportDialog)
    dialog.add_button.click()
    assert dialog.paths() == [a, b]
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS):
        dialog.import_button.click()
    assert settings.bundle_folder == a.parent
    dialog.add_button.click()
    assert asked[-1] == a.parent


# -- export ----------------------------------------------------------------------------------------


def test_export_remembers_the_folder_and_offers_it_next_time(
    qtbot: QtBot,
    lead_shell: AppShell,
    tmp_path: Path,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    suggested: list[Path] = []

    def save(_parent: QWidget, _title: str, proposed: Path, _filter: str) -> Path:
        suggested.append(proposed)
        return folder / "to-team.bundle"

    monkeypatch.setattr(choices, "save_file", save)
    dialog = lead_shell.sync_screens.open_export()
    assert isinstance(dialog, ExportDialog)
    dialog.full.setChecked(True)
    dialog.recipients.item(1).setCheckState(Qt.CheckState.Unchecked)
    dialog.choose_button.click()
    assert dialog.path.text() == str(folder / "to-team.bundle")
    with qtbot.waitSignal(dialog.exported, timeout=WAIT_MS) as done:
        dialog.export_button.click()
    exported = done.args[0]
    assert [r.device_id for r in exported.header.recipients] == dialog.chosen_recipients()
    assert len(exported.header.recipients) == 1
    assert settings.bundle_folder == folder
    dialog.close()

    again = lead_shell.sync_screens.open_export()
    assert isinstance(again, ExportDialog)
    assert Path(again.path.text()).parent == folder
    again.choose_button.click()
    assert suggested[-1].parent == folder


def test_export_with_no_device_ticked_says_so_and_writes_nothing(
    lead_shell: AppShell, tmp_path: Path
) -> None:
    dialog = lead_shell.sync_screens.open_export()
    assert isinstance(dialog, ExportDialog)
    for row in range(dialog.recipients.count()):
        dialog.recipients.item(row).setCheckState(Qt.CheckState.Unchecked)
    dialog.path.setText(str(tmp_path / "none.bundle"))
    dialog.export_button.click()
    assert "Tick at least one device" in dialog.message.text()
    assert not (tmp_path / "none.bundle").exists()


# -- conflicts: edit merged ------------------------------------------------------------------------


def test_edit_merged_saves_the_chosen_answers_as_the_resolution(
    qtbot: QtBot, lead_shell: AppShell, team_root: Path
) -> None:
    a, b, record_id = conflicting_bundles(team_root)
    import_through_dialog(qtbot, lead_shell, [a, b]).close()
    conflicts = lead_shell.sync_screens.open_conflicts()
    assert isinstance(conflicts, ConflictsDialog)
    conflicts.edit_button.click()
    editor = conflicts.findChild(MergeEditor)
    assert isinstance(editor, MergeEditor)
    assert_usable(editor)
    picker = editor.pickers[FIELD]
    assert [picker.itemData(i) for i in range(picker.count())] == [
        h.answers[FIELD]
        for h in conflicts.conflict.heads  # type: ignore[union-attr]
    ]
    picker.setCurrentIndex(1)
    chosen = picker.currentData()
    with qtbot.waitSignal(conflicts.resolved, timeout=WAIT_MS):
        editor.save_button.click()
    heads = lead_of(lead_shell).record(record_id).heads
    assert len(heads) == 1
    assert heads[0].answers[FIELD] == chosen
    assert heads[0].status == "draft"
    assert conflicts.list_model.rowCount() == 0


# -- the team --------------------------------------------------------------------------------------


def test_the_team_screen_shows_the_fingerprint_and_trusts_a_key_only_once_confirmed(
    lead_shell: AppShell, team_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    newcomer_dir = tmp_path / "carol"
    from ncpi_field.service import create_vault  # noqa: PLC0415

    carol, _code = create_vault(newcomer_dir, "another long passphrase for carol")
    try:
        key = tmp_path / "carol.key"
        carol_fingerprint = team.export_key(carol, key)
    finally:
        carol.lock()
    lead = lead_of(lead_shell)
    dialog = lead_shell.sync_screens.open_team()
    assert isinstance(dialog, TeamDialog)
    assert dialog.fingerprint.text() == lead.identity.fingerprint
    assert "team lead" in dialog.role_label.text()
    assert not dialog.lead_button.isEnabled()
    assert dialog.model.rowCount() == 2
    assert_usable(dialog)

    shown: list[str] = []
    monkeypatch.setattr(choices, "confirm", lambda _p, _t, text: shown.append(text) or False)
    assert not dialog.trust_file(key)
    assert carol_fingerprint in shown[-1]
    assert dialog.model.rowCount() == 2  # declined: nothing installed
    monkeypatch.setattr(choices, "confirm", lambda _p, _t, text: shown.append(text) is None)
    assert dialog.trust_file(key)
    assert dialog.model.rowCount() == 3
    fingerprints = [dialog.model.index(r, TeamColumn.FINGERPRINT).data() for r in range(3)]
    assert carol_fingerprint in fingerprints


def test_revoking_a_device_asks_first_and_shows_it_revoked(
    lead_shell: AppShell, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = lead_shell.sync_screens.open_team()
    assert isinstance(dialog, TeamDialog)
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    device = dialog.model.member(0).device_id
    monkeypatch.setattr(choices, "confirm", lambda *_: False)
    dialog.revoke_button.click()
    assert dialog.model.index(0, TeamColumn.STATE).data() == "trusted"
    monkeypatch.setattr(choices, "confirm", lambda *_: True)
    dialog.revoke_button.click()
    assert dialog.model.member(0).device_id == device
    assert dialog.model.index(0, TeamColumn.STATE).data().startswith("revoked ")
    assert [m.revoked for m in team.members(lead_of(lead_shell))] == [True, False]


def test_an_inspector_exports_a_key_and_becomes_lead_from_the_team_screen(  # noqa: PLR0917 - fixtures
    qtbot: QtBot,
    make_shell: MakeShell,
    team_root: Path,
    passphrase: str,
    tmp_path: Path,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    vault_dir: Path,
) -> None:
    # The shell opens the lead's directory; point it at Alice's before it starts.
    import shutil  # noqa: PLC0415

    shutil.rmtree(vault_dir)
    shutil.copytree(team_root / "alice", vault_dir)
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    dialog = shell.sync_screens.open_team()
    assert isinstance(dialog, TeamDialog)
    assert "sends its bundles to the team lead" in dialog.role_label.text()
    assert dialog.lead_button.isEnabled()
    out = tmp_path / "keys" / "alice.key"
    out.parent.mkdir()
    monkeypatch.setattr(choices, "save_file", lambda *_: out)
    dialog.export_key_button.click()
    assert out.is_file()
    assert settings.bundle_folder == out.parent
    monkeypatch.setattr(choices, "confirm", lambda *_: True)
    dialog.lead_button.click()
    assert "team lead" in dialog.role_label.text()
    assert not dialog.lead_button.isEnabled()


def test_a_bad_key_file_is_refused_in_words_and_nothing_changes(
    lead_shell: AppShell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.key"
    bad.write_text("hello")
    dialog = lead_shell.sync_screens.open_team()
    assert isinstance(dialog, TeamDialog)
    monkeypatch.setattr(choices, "confirm", lambda *_: True)
    assert not dialog.trust_file(bad)
    box = dialog.findChild(QDialog, "errorDialog")
    assert box is not None
    assert "not an NCPI Field device key file" in box.text()  # type: ignore[attr-defined]
    assert dialog.model.rowCount() == 2


def test_locking_closes_the_sync_screens(qtbot: QtBot, lead_shell: AppShell) -> None:
    dialog = lead_shell.sync_screens.open_team()
    assert dialog is not None
    assert dialog.isVisible()
    with qtbot.waitSignal(lead_shell.locked, timeout=WAIT_MS):
        lead_shell.window.lock_action.trigger()
    qtbot.waitUntil(lambda: lead_shell.sync_screens.current is None, timeout=WAIT_MS)
    assert not lead_shell.window.team_action.isEnabled()
    assert lead_shell.sync_screens.open_team() is None


# -- the models ------------------------------------------------------------------------------------


def test_the_team_model_passes_the_tester(lead_shell: AppShell) -> None:
    model = TeamMembersModel()
    QAbstractItemModelTester(model, FATAL)
    found = team.members(lead_of(lead_shell))
    model.load(found)
    assert model.rowCount() == 2
    assert model.index(0, TeamColumn.ROLE).data() == "inspector"
    assert model.index(0, TeamColumn.FINGERPRINT).data() == found[0].fingerprint
    model.load([])
    assert model.rowCount() == 0


def test_the_conflict_models_pass_the_tester(
    qtbot: QtBot, lead_shell: AppShell, team_root: Path
) -> None:
    a, b, record_id = conflicting_bundles(team_root)
    import_through_dialog(qtbot, lead_shell, [a, b]).close()
    listing = ConflictListModel()
    QAbstractItemModelTester(listing, FATAL)
    from ui.sync import calls  # noqa: PLC0415

    listing.load(calls.conflicts(lead_of(lead_shell)))
    assert listing.rowCount() == 1
    assert listing.record_id(0) == record_id
    assert listing.index(0, 2).data() == "hard"
    fields = ConflictFieldsModel()
    QAbstractItemModelTester(fields, FATAL)
    rows = [
        FieldRow("a", "Same", ("x", "x"), ""),
        FieldRow("b", "Apart", ("x", "y"), "hard"),
    ]
    fields.load(rows, ["A: draft", "B: draft"])
    assert fields.columnCount() == 3
    assert fields.index(0, 0).data() == "Same"
    assert fields.index(1, 0).data() == "≠ Apart"
    assert fields.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is None
    assert fields.index(1, 2).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert fields.headerData(2, Qt.Orientation.Horizontal) == "B: draft"
    fields.clear()
    assert fields.rowCount() == 0


@pytest.mark.parametrize("view", ["team", "conflicts"])
@pytest.mark.usefixtures("qtbot")
def test_the_sync_views_are_saved_as_screenshots(
    team_root: Path, tmp_path: Path, passphrase: str, monkeypatch: pytest.MonkeyPatch, view: str
) -> None:
    a, b, _record = conflicting_bundles(team_root)
    lead = open_vault(team_root, "lead")
    try:
        bundle_import.import_bundles(lead, [a, b])
    finally:
        lead.lock()
    monkeypatch.setenv("NCPI_PASSPHRASE", passphrase)
    out = tmp_path / f"{view}.png"
    argv = ["--vault", str(team_root / "lead"), "--screenshot", str(out), "--view", view]
    assert cli.main(argv) == 0
    image = QImage(str(out))
    assert 0 < image.width() <= SCREEN[0]
    assert 0 < image.height() <= SCREEN[1]


def test_the_sync_menus_have_their_own_shortcuts_and_open_their_screens(
    lead_shell: AppShell,
) -> None:
    window = lead_shell.window
    ours = {
        window.team_action: TeamDialog,
        window.export_bundle_action: ExportDialog,
        window.import_bundles_action: ImportDialog,
        window.conflicts_action: ConflictsDialog,
    }
    taken = [
        key.toString()
        for action in window.actions()
        if action not in ours
        for key in action.shortcuts()
    ]
    menus = {a.text() for m in window.menuBar().findChildren(QMenu) for a in m.actions()}
    for action, kind in ours.items():
        assert action.isEnabled()
        assert action.text() in menus
        assert action.shortcut().toString()
        assert action.shortcut().toString() not in taken
        action.trigger()
        assert isinstance(lead_shell.sync_screens.current, kind)


def test_the_conflicts_view_opens_on_the_record_in_the_form_and_forgets_all_on_lock(
    qtbot: QtBot, lead_shell: AppShell, team_root: Path
) -> None:
    a, b, _first = conflicting_bundles(team_root, count=2)
    import_through_dialog(qtbot, lead_shell, [a, b]).close()
    lead = lead_of(lead_shell)
    second = next(s.record_id for s in lead.list_records() if s.title == "OBS-8")
    lead_shell.open_record(second)
    lead_shell.window.conflicts_action.trigger()
    dialog = lead_shell.sync_screens.current
    assert isinstance(dialog, ConflictsDialog)
    assert dialog.list_model.rowCount() == 2
    assert dialog.list_model.record_id(dialog.list.currentIndex().row()) == second
    assert dialog.conflict is not None
    assert dialog.conflict.record_id == second
    assert "OBS-8" in all_widget_text()
    with qtbot.waitSignal(lead_shell.locked, timeout=WAIT_MS):
        lead_shell.window.lock_action.trigger()
    qtbot.waitUntil(lambda: lead_shell.sync_screens.current is None, timeout=WAIT_MS)
    text = all_widget_text()
    assert "OBS-7" not in text
    assert "OBS-8" not in text


def test_a_vault_that_trusts_no_device_is_told_how_to_start(
    qtbot: QtBot, tmp_path: Path, settings: Settings
) -> None:
    from ncpi_field.service import create_vault  # noqa: PLC0415

    alone, _code = create_vault(tmp_path / "alone", "a long passphrase for a lone vault")
    try:
        dialog = ExportDialog(alone, settings)
        qtbot.addWidget(dialog)
        assert dialog.recipients.count() == 0
        assert not dialog.export_button.isEnabled()
        assert "trust the team lead's key first" in dialog.message.text()
        team_screen = TeamDialog(alone, settings)
        qtbot.addWidget(team_screen)
        assert "Trust the team lead's key" in team_screen.role_label.text()
        assert team_screen.model.rowCount() == 0
        assert not team_screen.revoke_button.isEnabled()
    finally:
        alone.lock()

"""The inspection in the app: first-run step, header and switcher, the Inspection screen (Ctrl+I),
records listed for the open inspection, and new records filed under it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from app_helpers import WAIT_MS, unlock
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from ncpi_field.service import VaultService
from ncpi_field.vault import Vault
from tests.core.inspection_helpers import inspection_answers
from ui.app import AppShell
from ui.dialogs.create_vault import CreateVaultDialog
from ui.dialogs.first_inspection import FirstInspectionDialog
from ui.dialogs.inspection import InspectionDialog
from ui.dialogs.recovery_code import EXPLANATION, RecoveryCodeDialog
from ui.inspection_bar import NO_INSPECTION
from ui.models.inspection_team import InspectionTeamModel, Member
from ui.settings import Settings
from ui.sync.import_dialog import ImportDialog

MakeShell = Callable[[], AppShell]


def choose(box: QComboBox, code: str) -> None:
    index = box.findData(code)
    assert index >= 0, code
    box.setCurrentIndex(index)


def fill_inspection(qtbot: QtBot, dialog: InspectionDialog) -> None:
    choose(dialog.force, "gwent")
    choose(dialog.kind, "full_inspection")
    choose(dialog.stage, "full_inspection")
    choose(dialog.framework, "ncpi_2024_five_topics")
    dialog.start.setDate(QDate(2026, 3, 2))
    dialog.end.setDate(QDate(2026, 3, 6))
    qtbot.keyClicks(dialog.member_name, "Sam Lead")
    choose(dialog.member_role, "lead")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)


def create_through_first_run(qtbot: QtBot, shell: AppShell, passphrase: str) -> None:
    dialog = shell.dialog
    assert isinstance(dialog, CreateVaultDialog)
    dialog.passphrase.setText(passphrase)
    dialog.confirmation.setText(passphrase)
    dialog.create_button.click()
    qtbot.waitUntil(lambda: isinstance(shell.dialog, RecoveryCodeDialog), timeout=WAIT_MS)
    recovery = shell.dialog
    assert isinstance(recovery, RecoveryCodeDialog)
    recovery.confirmed.setChecked(True)
    with qtbot.waitSignal(shell.unlocked, timeout=WAIT_MS):
        recovery.continue_button.click()


def first_run_dialog(shell: AppShell) -> FirstInspectionDialog:
    dialog = shell.inspections.dialog
    assert isinstance(dialog, FirstInspectionDialog)
    assert dialog.isVisible()
    return dialog


@pytest.fixture
def two_inspections(created_vault: tuple[Path, str], passphrase: str) -> dict[str, str]:
    """Two inspections (Kent the older), one draft observation in each, one unfiled record."""
    service = VaultService(Vault.unlock(created_vault[0], passphrase))
    try:
        gwent = service.create_inspection(inspection_answers(force="gwent")).version.record_id
        kent = service.create_inspection(inspection_answers(force="kent")).version.record_id
        ids = {"gwent": gwent, "kent": kent}
        for name, inspection in (("in gwent", gwent), ("in kent", kent)):
            answers = service.filed_answers({"obs_ref": "OB-001"}, inspection)
            ids[name] = service.put_draft("observation", answers).version.record_id
        ids["unfiled"] = service.put_draft("debrief", {}).version.record_id
    finally:
        service.lock()
    return ids


def listed(shell: AppShell) -> set[str]:
    model = shell.window.navigator.model
    return {model.record_id(row) for row in range(model.rowCount())}


def test_the_create_dialog_has_a_strength_meter_and_the_code_goes_to_the_lead(
    make_shell: MakeShell,
) -> None:
    shell = make_shell()
    dialog = shell.dialog
    assert isinstance(dialog, CreateVaultDialog)
    meter = dialog.strength
    assert meter.accessibleName() == "Passphrase strength"
    dialog.passphrase.setText("short")
    assert (meter.value(), meter.format()) == (0, "Too short")
    dialog.passphrase.setText("aaaaaaaaaaaa")
    assert meter.format() == "Weak"
    dialog.passphrase.setText("four unrelated words together")
    assert (meter.value(), dialog.strength_words.text()) == (4, "Strong")
    assert "hand it to your team lead" in EXPLANATION


def test_first_run_sets_up_an_inspection_and_opens_it(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str, settings: Settings
) -> None:
    shell = make_shell()
    create_through_first_run(qtbot, shell, passphrase)
    offer = first_run_dialog(shell)
    assert offer.set_up_button.accessibleName()
    qtbot.mouseClick(offer.set_up_button, Qt.MouseButton.LeftButton)
    setup = shell.inspections.dialog
    assert isinstance(setup, InspectionDialog)
    assert setup.windowTitle() == "Set up an inspection"
    assert setup.marking.text() == "OFFICIAL-SENSITIVE"
    fill_inspection(qtbot, setup)
    assert setup.team.answers() == [{"member_name": "Sam Lead", "member_role": "lead"}]
    qtbot.mouseClick(setup.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not setup.isVisible(), timeout=WAIT_MS)
    assert shell.vault is not None
    (view,) = shell.vault.inspections()
    assert view.force_label == "Gwent"
    assert settings.open_inspection == view.record_id
    bar = shell.window.inspection_bar
    assert bar.title.text() == "Inspection: Gwent, 2026-03-02 to 2026-03-06 · Full inspection"
    assert not bar.switcher.isVisible()


def test_skipping_leaves_the_vault_without_an_inspection(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str
) -> None:
    shell = make_shell()
    create_through_first_run(qtbot, shell, passphrase)
    offer = first_run_dialog(shell)
    qtbot.mouseClick(offer.skip_button, Qt.MouseButton.LeftButton)
    assert not offer.isVisible()
    assert shell.vault is not None
    assert shell.vault.inspections() == []
    assert shell.window.inspection_bar.title.text() == NO_INSPECTION


def test_joining_imports_the_leads_bundle_in_the_import_screen(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str, tmp_path: Path
) -> None:
    shell = make_shell()
    create_through_first_run(qtbot, shell, passphrase)
    offer = first_run_dialog(shell)
    junk = tmp_path / "not-a-bundle.bundle"
    junk.write_bytes(b"nothing like a bundle")
    assert shell.vault is not None
    before = shell.vault.status().state_digest
    offer.join(junk)
    assert not offer.isVisible()
    screen = shell.sync_screens.current
    assert isinstance(screen, ImportDialog)
    qtbot.waitUntil(lambda: bool(screen.results), timeout=WAIT_MS)
    assert screen.message.text()  # what happened to the file, said in the screen
    assert shell.vault.status().state_digest == before
    assert shell.vault.inspections() == []


def test_an_incomplete_inspection_is_refused_in_the_screen_and_nothing_is_saved(
    qtbot: QtBot, make_shell: MakeShell, created_vault: tuple[Path, str], passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    shell.window.inspection_action.trigger()
    setup = shell.inspections.dialog
    assert isinstance(setup, InspectionDialog)
    setup.end.setDate(setup.start.date().addDays(-1))
    qtbot.mouseClick(setup.save_button, Qt.MouseButton.LeftButton)
    assert setup.isVisible()
    assert setup.message.isVisible()
    text = setup.message.text()
    assert "Choose the force being inspected." in text
    assert "The last day of fieldwork cannot be before the first." in text
    assert shell.vault is not None
    assert shell.vault.inspections() == []


def test_the_open_inspections_records_are_listed_and_the_switcher_changes_them(
    qtbot: QtBot,
    make_shell: MakeShell,
    passphrase: str,
    two_inspections: dict[str, str],
    settings: Settings,
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    ids = two_inspections
    bar = shell.window.inspection_bar
    assert bar.switcher.isVisibleTo(shell.window)
    assert bar.switcher.count() == 2
    assert bar.switcher.currentText().startswith("Kent")  # the latest, when none was open
    assert bar.title.text() == "Inspection · Full inspection"
    assert listed(shell) == {ids["in kent"], ids["unfiled"]}
    bar.switcher.setCurrentIndex(bar.switcher.findData(ids["gwent"]))
    bar.switcher.activated.emit(bar.switcher.currentIndex())
    assert bar.switcher.currentText() == "Gwent, 2026-03-02 to 2026-03-06"
    assert listed(shell) == {ids["in gwent"], ids["unfiled"]}
    assert settings.open_inspection == ids["gwent"]
    assert shell.window.count_label.text() == "2 records"


def test_ctrl_i_shows_and_edits_the_open_inspection(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str, two_inspections: dict[str, str]
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    shell.window.activateWindow()
    qtbot.waitUntil(shell.window.isActiveWindow, timeout=WAIT_MS)
    table = shell.window.navigator.table
    qtbot.keyClick(table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    screen = shell.inspections.dialog
    assert isinstance(screen, InspectionDialog)
    assert screen.windowTitle() == "Inspection"
    assert screen.force.currentData() == "kent"
    assert [m.name for m in screen.team.members()] == ["Lead One", "Analyst Two"]
    assert not screen.follows.isEnabled()
    choose(screen.stage, "revisit")
    assert screen.follows.isEnabled()
    choose(screen.follows, two_inspections["gwent"])
    screen.end.setDate(QDate(2026, 3, 13))
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not screen.isVisible(), timeout=WAIT_MS)
    assert shell.vault is not None
    kent = shell.vault.inspection(two_inspections["kent"])
    assert (kent.fieldwork_end, kent.follows) == ("2026-03-13", two_inspections["gwent"])
    bar = shell.window.inspection_bar
    assert bar.switcher.currentText() == "Kent, 2026-03-02 to 2026-03-13"
    assert bar.title.text() == "Inspection · Full inspection"


def test_a_new_record_is_filed_under_the_open_inspection(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str, two_inspections: dict[str, str]
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    shell.new_record("observation")
    session = shell.window.form_view.session
    assert session is not None
    answers = session.state.answers()
    assert answers["inspection"] == two_inspections["kent"]
    assert answers["framework_version"] == "ncpi_2024_five_topics"
    assert answers["inspection_stage"] == "full_inspection"
    with qtbot.waitSignal(shell.window.form_view.record_saved, timeout=WAIT_MS) as saved:
        session.changed()
        session.save_draft()
    record_id = saved.args[0].version.record_id
    assert shell.vault is not None
    assert shell.vault.record(record_id).summary.inspection_id == two_inspections["kent"]
    qtbot.waitUntil(lambda: record_id in listed(shell), timeout=WAIT_MS)


def test_locking_clears_the_header(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str, two_inspections: dict[str, str]
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    shell.window.inspection_action.trigger()
    screen = shell.inspections.dialog
    assert screen is not None
    shell.lock()
    bar = shell.window.inspection_bar
    assert bar.title.text() == ""
    assert bar.switcher.count() == 0
    assert not screen.isVisible()
    assert not shell.window.inspection_action.isEnabled()


def test_the_team_model_passes_the_tester() -> None:
    model = InspectionTeamModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.load([Member("A", "lead", "Lead inspector")])
    model.add(Member("B", "analyst", "Analyst"))
    assert model.rowCount() == 2
    assert model.index(1, 1).data() == "Analyst"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    model.remove(0)
    assert model.answers() == [{"member_name": "B", "member_role": "analyst"}]
    model.remove(5)
    assert model.rowCount() == 1


def test_the_returned_list_follows_the_open_inspection(
    qtbot: QtBot, make_shell: MakeShell, created_vault: tuple[Path, str], passphrase: str
) -> None:
    from ncpi_field.demo import fill_vault  # noqa: PLC0415

    service = VaultService(Vault.unlock(created_vault[0], passphrase))
    try:
        demo = fill_vault(service, seed=1)
        service.create_inspection(inspection_answers(force="kent"))  # the latest: opened
    finally:
        service.lock()
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    window = shell.window
    assert window.returned.count() == 0
    assert listed(shell) == set()
    bar = window.inspection_bar
    bar.switcher.setCurrentIndex(bar.switcher.findData(demo.inspection_id))
    bar.switcher.activated.emit(bar.switcher.currentIndex())
    assert window.returned.count() == demo.immediate_risk > 0
    assert len(listed(shell)) == demo.total

"""Switching inspection: a form of the other inspection is saved, then closed; one filed under
none stays open. The search (Ctrl+F) and the filters keep to the open inspection."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from app_helpers import WAIT_MS, unlock
from pytestqt.qtbot import QtBot

from ncpi_field.service import VaultService
from ncpi_field.vault import Vault
from tests.core.inspection_helpers import inspection_answers
from ui import worker
from ui.app import AppShell

MakeShell = Callable[[], AppShell]


@pytest.fixture
def two_inspections(created_vault: tuple[Path, str], passphrase: str) -> dict[str, str]:
    """Gwent and Kent (the later, so opened first), a case audit in each (the same words, other
    categories) and one filed under none; their record ids."""
    service = VaultService(Vault.unlock(created_vault[0], passphrase))
    try:
        ids: dict[str, str] = {}
        for force, category in (("gwent", "CSE"), ("kent", "CUSTODY")):
            inspection = service.create_inspection(inspection_answers(force=force))
            ids[force] = inspection.version.record_id
            answers = {"audit_ref": "CA-001", "primary_category": category}
            filed = service.filed_answers(answers, ids[force])
            ids[f"in {force}"] = service.put_draft("case_audit", filed).version.record_id
        unfiled = {"audit_ref": "CA-002", "primary_category": "MISSING"}
        ids["unfiled"] = service.put_draft("case_audit", unfiled).version.record_id
    finally:
        service.lock()
    return ids


def switch(shell: AppShell, inspection_id: str) -> None:
    switcher = shell.window.inspection_bar.switcher
    switcher.setCurrentIndex(switcher.findData(inspection_id))
    switcher.activated.emit(switcher.currentIndex())


def test_switching_saves_and_closes_a_form_of_the_other_inspection(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str, two_inspections: dict[str, str]
) -> None:
    ids = two_inspections
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    shell.open_record(ids["in kent"])
    view = shell.window.form_view
    assert view.record_id == ids["in kent"]
    view.set_answer("children_in_case", "3")  # typed, not saved yet
    switch(shell, ids["gwent"])
    assert view.session is None
    assert view.body is None
    assert shell.window.detail.currentWidget() is shell.window.detail_hint
    assert shell.vault is not None
    head = shell.vault.record(ids["in kent"]).heads[0]
    assert head.answers["children_in_case"] == "3"
    # One filed under none belongs to every inspection: it stays open across a switch.
    shell.open_record(ids["unfiled"])
    switch(shell, ids["kent"])
    assert view.record_id == ids["unfiled"]
    assert shell.window.detail.currentWidget() is view
    qtbot.waitUntil(lambda: not worker.busy(), timeout=WAIT_MS)


def test_the_search_and_filters_keep_to_the_open_inspection(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str, two_inspections: dict[str, str]
) -> None:
    ids = two_inspections
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    navigator = shell.window.navigator
    category = navigator.filters.category
    qtbot.waitUntil(lambda: category.count() > 1, timeout=WAIT_MS)
    offered = {category.itemData(i) for i in range(category.count())} - {None, ""}
    assert offered == {"CUSTODY", "MISSING"}
    assert shell.search is not None
    found: list[list[str]] = []
    shown = navigator.show_matches

    def kept(query: object, record_ids: list[str]) -> None:
        found.append(list(record_ids))
        shown(query, record_ids)  # type: ignore[arg-type]

    navigator.show_matches = kept  # type: ignore[method-assign]
    qtbot.keyClicks(navigator.filter_box, "ca")
    qtbot.waitUntil(lambda: bool(found), timeout=WAIT_MS)
    assert set(found[-1]) == {ids["in kent"], ids["unfiled"]}
    assert navigator.proxy.rowCount() == 2

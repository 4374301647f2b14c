"""Records of the built-in forms (the inspection, a recommendation's status) have screens of their
own: never listed in the navigator, offered as a new record, nor offered as evidence to cite."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from app_helpers import unlock
from pytestqt.qtbot import QtBot

from ncpi_field.formstore import builtin_form_ids
from ncpi_field.service import VaultService
from ncpi_field.vault import Vault
from tests.core.inspection_helpers import inspection_answers
from ui import operations
from ui.app import AppShell

MakeShell = Callable[[], AppShell]


@pytest.fixture
def with_builtins(created_vault: tuple[Path, str], passphrase: str) -> dict[str, str]:
    """An inspection, a debrief drafting REC-01 under it, and REC-01 marked issued (a record of
    the recommendation_status form); their record ids by form."""
    service = VaultService(Vault.unlock(created_vault[0], passphrase))
    try:
        inspection = service.create_inspection(inspection_answers(force="gwent"))
        inspection_id = inspection.version.record_id
        item = {
            "item_type": "cause_of_concern",
            "headline": "Drift",
            "draft_recommendation": "Supervise investigations",
            "rec_id": "REC-01",
            "rec_timescale": "immediately",
        }
        answers = service.filed_answers({"items": [item]}, inspection_id)
        debrief = service.put_draft("debrief", answers).version.record_id
        service.set_recommendation_status("REC-01", "issued", inspection_id=inspection_id)
        by_form = {s.form_id: s.record_id for s in service.list_records()}
    finally:
        service.lock()
    assert by_form["debrief"] == debrief
    assert {"inspection", "recommendation_status"} <= set(by_form)
    return by_form


def test_built_in_forms_are_known_by_the_core() -> None:
    assert {"inspection", "recommendation_status"} <= builtin_form_ids()
    assert not builtin_form_ids() & {"case_audit", "reality_test", "observation", "debrief"}


def test_built_in_records_are_neither_listed_offered_nor_cited(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str, with_builtins: dict[str, str]
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    model = shell.window.navigator.model
    assert [model.record_id(row) for row in range(model.rowCount())] == [with_builtins["debrief"]]
    chooser = shell.window.navigator.instrument
    offered = {chooser.itemData(i) for i in range(chooser.count())}
    assert "debrief" in offered
    assert not offered & {"inspection", "recommendation_status"}
    assert shell.vault is not None
    cited = {record_id for record_id, _text in operations.evidence_choices(shell.vault, None)}
    assert cited == {with_builtins["debrief"]}
    assert not set(operations.instruments()) & builtin_form_ids()

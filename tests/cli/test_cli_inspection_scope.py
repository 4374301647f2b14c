"""``find`` and ``returned list`` with ``--inspection``: that inspection's records and those
filed under none; an id of no inspection is refused in words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ncpi_field.service import VaultService
from ncpi_field.vault import Vault
from tests.cli.cli_helpers import run
from tests.core.inspection_helpers import inspection_answers
from ui.cli import EXIT_OK, EXIT_USER


@pytest.fixture
def filed(created_vault: tuple[Path, str], passphrase: str) -> dict[str, str]:
    service = VaultService(Vault.unlock(created_vault[0], passphrase))
    try:
        ids: dict[str, str] = {}
        for force in ("gwent", "kent"):
            ids[force] = service.create_inspection(
                inspection_answers(force=force)
            ).version.record_id
            answers = service.filed_answers(
                {"audit_ref": "CA-001", "immediate_risk": "yes"}, ids[force]
            )
            ids[f"in {force}"] = service.put_draft("case_audit", answers).version.record_id
        unfiled = {"audit_ref": "CA-002", "immediate_risk": "yes"}
        ids["unfiled"] = service.put_draft("case_audit", unfiled).version.record_id
    finally:
        service.lock()
    return ids


@pytest.mark.usefixtures("env")
def test_find_and_returned_keep_to_the_inspection_asked_for(
    capsys: pytest.CaptureFixture[str], created_vault: tuple[Path, str], filed: dict[str, str]
) -> None:
    vault = str(created_vault[0])
    wanted = {filed["in gwent"], filed["unfiled"]}
    code, out, _ = run(capsys, "returned", "list", "--vault", vault, "--json")
    assert code == EXIT_OK
    assert len(json.loads(out)) == 3
    code, out, _ = run(
        capsys, "returned", "list", "--vault", vault, "--json", "--inspection", filed["gwent"]
    )
    assert code == EXIT_OK
    assert {row["record_id"] for row in json.loads(out)} == wanted
    code, out, _ = run(
        capsys, "find", "--vault", vault, "ca", "--json", "--inspection", filed["gwent"]
    )
    assert code == EXIT_OK
    assert {row["record_id"] for row in json.loads(out)} == wanted


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize("command", [["returned", "list"], ["find"]])
def test_an_id_of_no_inspection_is_refused(
    capsys: pytest.CaptureFixture[str],
    created_vault: tuple[Path, str],
    filed: dict[str, str],
    command: list[str],
) -> None:
    vault = str(created_vault[0])
    code, out, err = run(capsys, *command, "--vault", vault, "--inspection", filed["unfiled"])
    assert (code, out) == (EXIT_USER, "")
    assert "not an inspection" in err
    assert "Traceback" not in err

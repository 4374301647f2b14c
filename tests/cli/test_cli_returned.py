"""``ncpi-field returned list``: the cases returned to the force, in words and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.cli_helpers import answers_file, run
from ui.cli import EXIT_OK, EXIT_USER


def put(capsys: pytest.CaptureFixture[str], vault: str, answers: Path) -> str:
    code, out, _ = run(
        capsys, "record", "put", "--vault", vault, "--form", "case_audit", "--answers",
        str(answers), "--draft",
    )  # fmt: skip
    assert code == EXIT_OK
    return out.split()[1]


@pytest.mark.usefixtures("env")
def test_list_shows_marked_cases_with_status_and_age(
    capsys: pytest.CaptureFixture[str], created_vault: tuple[Path, str], tmp_path: Path
) -> None:
    vault = str(created_vault[0])
    code, out, _ = run(capsys, "returned", "list", "--vault", vault)
    assert (code, out.strip()) == (EXIT_OK, "No case is marked immediate risk.")
    risky = answers_file(
        tmp_path,
        {"audit_ref": "CA-011", "immediate_risk": "yes", "primary_category": "cse"},
        "risk.json",
    )
    calm = answers_file(tmp_path, {"audit_ref": "CA-012", "immediate_risk": "no"}, "calm.json")
    record_id = put(capsys, vault, risky)
    put(capsys, vault, calm)

    code, out, _ = run(capsys, "returned", "list", "--vault", vault)
    assert code == EXIT_OK
    [line] = out.splitlines()
    assert line.startswith(f"{record_id}  CA-011  Note due  marked ")

    code, out, _ = run(capsys, "returned", "list", "--vault", vault, "--json")
    assert code == EXIT_OK
    [row] = json.loads(out)
    assert (row["record_id"], row["status"], row["category"]) == (record_id, "note_due", "cse")


@pytest.mark.usefixtures("env")
def test_a_vault_that_is_not_there_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "returned", "list", "--vault", str(tmp_path / "none"))
    assert code == EXIT_USER
    assert err.strip()

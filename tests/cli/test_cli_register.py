"""``ncpi-field register`` and ``export xlsx``: the register in words and JSON, and a workbook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.cli.cli_helpers import answers_file, run
from ui.cli import EXIT_OK, EXIT_USER

DEBRIEF = {
    "items": [
        {
            "item_type": "cause_of_concern",
            "headline": "Drift",
            "draft_recommendation": "Supervise investigations of offences against children.",
            "rec_id": "REC-02",
            "rec_timescale": "within_6_months",
        }
    ]
}


@pytest.fixture
def vault(
    capsys: pytest.CaptureFixture[str], created_vault: tuple[Path, str], tmp_path: Path
) -> str:
    directory = str(created_vault[0])
    answers = answers_file(tmp_path, DEBRIEF)
    code, _out, _err = run(
        capsys, "record", "put", "--vault", directory, "--form", "debrief", "--answers",
        str(answers), "--draft",
    )  # fmt: skip
    assert code == EXIT_OK
    return directory


@pytest.mark.usefixtures("env")
def test_an_empty_register_says_so(
    capsys: pytest.CaptureFixture[str], created_vault: tuple[Path, str]
) -> None:
    code, out, _ = run(capsys, "register", "--vault", str(created_vault[0]))
    assert (code, out.strip()) == (EXIT_OK, "No recommendation has been drafted in this vault.")


@pytest.mark.usefixtures("env")
def test_list_set_and_refuse(capsys: pytest.CaptureFixture[str], vault: str) -> None:
    code, out, _ = run(capsys, "register", "--vault", vault)
    assert code == EXIT_OK
    assert out.startswith("REC-02  Drafted  within_6_months  -  Supervise investigations")

    code, out, _ = run(capsys, "register", "set", "REC-02", "--status", "issued", "--vault", vault)
    assert (code, out.strip()) == (EXIT_OK, "REC-02 is now issued.")
    code, _out, err = run(
        capsys, "register", "set", "REC-02", "--status", "drafted", "--vault", vault
    )
    assert code == EXIT_USER
    assert err.strip().startswith("ncpi-field: The recommendation is issued: it can move to")
    code, _out, err = run(capsys, "register", "set", "REC-07", "--status", "met", "--vault", vault)
    assert code == EXIT_USER
    assert "No recommendation with that identifier" in err

    code, out, _ = run(capsys, "register", "--vault", vault, "--json")
    [row] = json.loads(out)
    assert (row["rec_id"], row["status"], row["timescale"]) == (
        "REC-02",
        "issued",
        "within_6_months",
    )
    assert row["progress"] is None


@pytest.mark.usefixtures("env")
def test_export_xlsx_warns_and_writes(
    capsys: pytest.CaptureFixture[str], vault: str, tmp_path: Path
) -> None:
    out_file = tmp_path / "inspection.xlsx"
    code, out, err = run(capsys, "export", "xlsx", "--out", str(out_file), "--vault", vault)
    assert code == EXIT_OK
    assert "not encrypted" in err
    assert out.startswith(f"Wrote {out_file}: ")
    book = load_workbook(out_file, read_only=True)
    assert {"debrief", "debrief.items", "recommendations register"} <= set(book.sheetnames)


@pytest.mark.usefixtures("env")
def test_export_to_a_missing_folder_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], vault: str, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "out.xlsx"
    code, _out, err = run(capsys, "export", "xlsx", "--out", str(target), "--vault", vault)
    assert code == EXIT_USER
    assert err.strip().splitlines()[-1] == (
        "ncpi-field: The folder to write the workbook in does not exist."
    )
    assert not target.parent.exists()


@pytest.mark.usefixtures("env")
def test_carried_without_an_earlier_inspection_is_empty(
    capsys: pytest.CaptureFixture[str], vault: str
) -> None:
    code, out, _ = run(capsys, "register", "carried", "no-such-inspection", "--vault", vault)
    assert (code, out.strip()) == (EXIT_OK, "The revisit follows up no open recommendation.")
    code, out, _ = run(
        capsys, "register", "carried", "no-such-inspection", "--answers", "--vault", vault
    )
    assert json.loads(out) == {"earlier_recommendations": []}

"""``ncpi-field inspection ...`` and ``record put --inspection``: set up, list, show, edit, file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import answers_file, run

from tests.core.inspection_helpers import inspection_answers

pytestmark = pytest.mark.usefixtures("env")


def new_inspection(
    capsys: pytest.CaptureFixture[str], vault: Path, tmp_path: Path, **changes: object
) -> str:
    path = answers_file(tmp_path, inspection_answers(**changes), "inspection.json")
    code, out, err = run(capsys, "inspection", "new", "--vault", str(vault), "--answers", str(path))
    assert (code, err) == (0, "")
    first = out.splitlines()[0].split()
    assert first[0] == "inspection"
    return first[1]


def put_observation(
    capsys: pytest.CaptureFixture[str], vault: Path, tmp_path: Path, *extra: str
) -> tuple[int, str, str]:
    path = answers_file(tmp_path, {"obs_ref": "OB-001"}, "observation.json")
    argv = ("record", "put", "--vault", str(vault), "--form", "observation", "--draft")
    return run(capsys, *argv, "--answers", str(path), *extra)


def test_new_list_show_and_edit(
    capsys: pytest.CaptureFixture[str], created_vault: tuple[Path, str], tmp_path: Path
) -> None:
    vault = created_vault[0]
    inspection = new_inspection(capsys, vault, tmp_path, force="gwent")
    code, out, _ = run(capsys, "inspection", "list", "--vault", str(vault), "--json")
    (listed,) = json.loads(out)
    assert code == 0
    assert (listed["record_id"], listed["force_label"], listed["nation"]) == (
        inspection,
        "Gwent",
        "wales",
    )
    assert listed["team"] == [
        {"name": "Lead One", "role": "lead"},
        {"name": "Analyst Two", "role": "analyst"},
    ]
    code, out, _ = run(capsys, "inspection", "show", "--vault", str(vault), inspection)
    assert code == 0
    assert "Fieldwork: 2026-03-02 to 2026-03-06" in out
    assert "Lead One (Lead inspector)" in out
    edited = answers_file(tmp_path, inspection_answers(force="gwent", fieldwork_end="2026-03-09"))
    code, out, _ = run(
        capsys, "inspection", "edit", "--vault", str(vault), inspection, "--answers", str(edited)
    )
    assert code == 0
    assert "Gwent, 2026-03-02 to 2026-03-09" in out
    code, out, _ = run(capsys, "inspection", "list", "--vault", str(vault))
    assert out.count("\n") == 1
    assert "Gwent, 2026-03-02 to 2026-03-09  Full inspection  complete" in out


def test_an_incomplete_inspection_lists_its_problems_and_stores_nothing(
    capsys: pytest.CaptureFixture[str], created_vault: tuple[Path, str], tmp_path: Path
) -> None:
    vault = created_vault[0]
    path = answers_file(tmp_path, inspection_answers(fieldwork_end="2026-01-01"))
    code, _, err = run(capsys, "inspection", "new", "--vault", str(vault), "--answers", str(path))
    assert code == 3
    assert "fieldwork_end: The last day of fieldwork cannot be before the first." in err
    assert "Traceback" not in err
    code, out, _ = run(capsys, "inspection", "list", "--vault", str(vault))
    assert out.startswith("No inspections.")


def test_showing_a_record_that_is_not_an_inspection_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], created_vault: tuple[Path, str], tmp_path: Path
) -> None:
    vault = created_vault[0]
    code, out, _ = put_observation(capsys, vault, tmp_path)
    record = out.split()[1]
    code, _, err = run(capsys, "inspection", "show", "--vault", str(vault), record)
    assert (code, err) == (3, "ncpi-field: That record is not an inspection.\n")


def test_record_put_files_under_the_only_inspection_and_asks_when_there_are_several(
    capsys: pytest.CaptureFixture[str], created_vault: tuple[Path, str], tmp_path: Path
) -> None:
    vault = created_vault[0]
    first = new_inspection(capsys, vault, tmp_path)
    code, out, _ = put_observation(capsys, vault, tmp_path)
    record = out.split()[1]
    code, out, _ = run(capsys, "record", "show", "--vault", str(vault), record, "--json")
    shown = json.loads(out)
    assert shown["record"]["inspection_id"] == first
    assert shown["heads"][0]["answers"]["framework_version"] == "ncpi_2024_five_topics"
    second = new_inspection(capsys, vault, tmp_path, force="kent")
    code, _, err = put_observation(capsys, vault, tmp_path)
    assert code == 3
    assert "2 inspections" in err
    assert "--inspection ID" in err
    code, out, _ = put_observation(capsys, vault, tmp_path, "--inspection", second)
    assert code == 0
    code, out, _ = run(capsys, "record", "list", "--vault", str(vault), "--json")
    filed = {r["inspection_id"] for r in json.loads(out) if r["form_id"] == "observation"}
    assert filed == {first, second}
    # a new version of a filed record keeps its inspection without naming it again
    code, _, err = put_observation(capsys, vault, tmp_path, "--record", record)
    assert (code, err) == (0, "")
    code, out, _ = run(capsys, "record", "show", "--vault", str(vault), record, "--json")
    assert json.loads(out)["record"]["inspection_id"] == first


def test_record_put_names_an_unknown_inspection(
    capsys: pytest.CaptureFixture[str], created_vault: tuple[Path, str], tmp_path: Path
) -> None:
    vault = created_vault[0]
    new_inspection(capsys, vault, tmp_path)
    code, _, err = put_observation(capsys, vault, tmp_path, "--inspection", "nope")
    assert (code, err) == (3, "ncpi-field: No inspection with that id is in this vault.\n")

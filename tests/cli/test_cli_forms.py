"""The form author's commands (check, list, eval) and saving records through their form."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import run

from ncpi_field import records
from ncpi_field.completion import PII_OVERRIDES
from ncpi_field.vault import Vault
from ui.cli import EXIT_OK, EXIT_USER

FORMS = Path(__file__).resolve().parents[2] / "forms"
INSTRUMENTS = ("case_audit", "debrief", "inspection", "observation", "reality_test")
CASE: dict[str, Any] = {
    "audit_ref": "CA-001",
    "framework_version": "ncpi_2020_journey",
    "inspection_stage": "full_inspection",
    "sample_source": "hmicfrs_dip_sample",
    "force_self_assessed": "no",
    "primary_category": "DA_CHILD_PRESENT",
    "period_start_month": "2025-01",
    "period_end_month": "2025-06",
    "child_age_band": "5-10",
    "children_in_case": 2,
    "child_detained": "no",
    "journey_stages_applicable": ["initial_contact"],
    "case_summary": "Child present at a domestic incident; referral made late.",
    "initial_contact_stage_grade": "good",
    "hmicfrs_grade": "good",
    "grade_rationale": "Prompt, child-centred response.",
    "immediate_risk": "no",
}


def test_the_shipped_instruments_pass_the_check(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(FORMS / f"{name}.xlsx") for name in INSTRUMENTS]
    code, out, _ = run(capsys, "forms", "check", *files)
    assert code == EXIT_OK
    assert [line.split(": ok: ")[1].split()[0] for line in out.splitlines()] == list(INSTRUMENTS)


def test_check_explains_each_bad_file_and_exits_3(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"PK\x03\x04 not really a zip")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    bad_calc = data_dir / "xlsform-corpus" / "bad_calc.xlsx"
    good = FORMS / "observation.xlsx"
    code, out, err = run(
        capsys,
        "forms",
        "check",
        str(good),
        str(bad_calc),
        str(garbage),
        str(empty),
        str(tmp_path / "missing.xlsx"),
    )
    assert code == EXIT_USER
    assert "Traceback" not in out + err
    assert f"{good}: ok" in out
    assert 'row 2, column "calculation"' in out
    for bad in ("garbage.xlsx", "empty.xlsx", "missing.xlsx"):
        assert f"{bad}: 1 problem(s)" in out or f"{bad}: 2 problem(s)" in out
    assert out.splitlines()[-1] == "4 of 5 file(s) cannot be used as forms."


def test_list_gives_ids_versions_and_hashes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "forms", "list", "--json")
    listed = json.loads(out)
    assert code == EXIT_OK
    assert [f["form_id"] for f in listed] == list(INSTRUMENTS)
    for form in listed:
        data = (FORMS / form["file"]).read_bytes()
        assert form["sha256"] == hashlib.sha256(data).hexdigest()
        assert form["version"]


def test_eval_prints_one_json_value_a_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "forms",
        "eval",
        "1 div 0",
        "concat('a', 2)",
        "selected('a b', 'b')",
        "number('x')",
        "2 * 3",
    )
    assert code == EXIT_OK
    assert [json.loads(line) for line in out.splitlines()] == ["Infinity", "a2", True, "NaN", 6]


def test_eval_reports_errors_in_place_and_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "forms", "eval", "1 +", "3", "nosuch(1)")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == EXIT_USER
    assert "error" in lines[0]
    assert lines[1] == 3
    assert "nosuch" in lines[2]["error"]


def test_eval_against_a_form_and_answers_explains_relevance(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers = tmp_path / "case.json"
    answers.write_text(json.dumps(CASE))
    code, out, _ = run(
        capsys,
        "forms",
        "eval",
        "--form",
        "case_audit",
        "--answers",
        str(answers),
        "selected(${journey_stages_applicable}, 'initial_contact')",
        "selected(${journey_stages_applicable}, 'investigation')",
        "count-selected(${journey_stages_applicable})",
        "${children_in_case} + 1",
    )
    assert code == EXIT_OK
    assert [json.loads(line) for line in out.splitlines()] == [True, False, 1, 3]


def test_eval_needs_a_form_for_answers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "forms", "eval", "--answers", str(tmp_path / "a.json"), "1")
    assert code == EXIT_USER
    assert "--answers needs --form" in err


def put(
    capsys: pytest.CaptureFixture[str], vault: Path, path: Path, *extra: str
) -> tuple[int, str, str]:
    return run(
        capsys,
        "record",
        "put",
        "--vault",
        str(vault),
        "--form",
        "case_audit",
        "--answers",
        str(path),
        *extra,
    )


@pytest.mark.usefixtures("env")
def test_complete_record_is_validated_and_stored_with_its_form(
    capsys: pytest.CaptureFixture[str],
    created_vault: tuple[Path, str],
    passphrase: str,
    tmp_path: Path,
) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**CASE, "investigation_stage_grade": "good"}))
    code, out, err = put(capsys, created_vault[0], path)
    assert (code, err) == (EXIT_OK, "")
    record_id = out.split()[1]
    vault = Vault.unlock(created_vault[0], passphrase)
    try:
        with vault.session() as session:
            head = records.heads(session, record_id)[0]
            from ncpi_field import formstore  # noqa: PLC0415

            stored = formstore.stored_definitions(session)
    finally:
        vault.lock()
    # Non-relevant answers (the unselected investigation block) are not stored as complete.
    assert "investigation_stage_grade" not in head.answers
    assert head.answers["hmicfrs_grade"] == "good"
    assert head.form_version == stored[0][1]
    assert stored[0][0] == "case_audit"


@pytest.mark.usefixtures("env")
def test_incomplete_record_is_refused_with_its_issues_and_nothing_saved(
    capsys: pytest.CaptureFixture[str],
    created_vault: tuple[Path, str],
    tmp_path: Path,
) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({k: v for k, v in CASE.items() if k != "hmicfrs_grade"}))
    code, out, err = put(capsys, created_vault[0], path)
    assert code == EXIT_USER
    assert out == ""
    assert err.splitlines()[0].startswith("ncpi-field: The record is not complete: 1 problem.")
    assert err.splitlines()[1].startswith("  - hmicfrs_grade: ")
    code, out, _ = put(capsys, created_vault[0], path, "--draft")
    assert code == EXIT_OK


@pytest.mark.usefixtures("env")
def test_personal_data_blocks_a_case_audit_until_overridden(
    capsys: pytest.CaptureFixture[str],
    created_vault: tuple[Path, str],
    passphrase: str,
    tmp_path: Path,
) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**CASE, "case_summary": "Mother seen at home, BS1 4DJ."}))
    code, _, err = put(capsys, created_vault[0], path)
    assert code == EXIT_USER
    assert "case_summary: This text seems to contain a postcode" in err
    assert "BS1 4DJ" not in err
    code, out, err = put(
        capsys, created_vault[0], path, "--pii-override", "case_summary=a station name"
    )
    assert code == EXIT_OK
    assert err == ""
    vault = Vault.unlock(created_vault[0], passphrase)
    try:
        with vault.session() as session:
            head = records.heads(session, out.split()[1])[0]
    finally:
        vault.lock()
    assert head.answers[PII_OVERRIDES] == {"case_summary": "a station name"}


@pytest.mark.usefixtures("env")
def test_force_reference_is_held_apart_shown_and_purged(
    capsys: pytest.CaptureFixture[str],
    created_vault: tuple[Path, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    vault = str(created_vault[0])
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE))
    record_id = put(capsys, created_vault[0], path)[1].split()[1]
    monkeypatch.setenv("NCPI_FORCE_REFERENCE", "CR/012345/26")
    code, _, _ = run(capsys, "caseref", "set", "--vault", vault, record_id, "--inspection", "i1")
    assert code == EXIT_OK
    _, shown, _ = run(capsys, "record", "show", "--vault", vault, record_id, "--json")
    assert "CR/012345/26" not in shown  # not among the answers
    code, out, _ = run(capsys, "caseref", "show", "--vault", vault, record_id)
    assert (code, out.strip()) == (EXIT_OK, "CR/012345/26")
    code, out, _ = run(capsys, "caseref", "purge", "--vault", vault, "--inspection", "i1")
    assert (code, out.strip()) == (EXIT_OK, "Purged 1 force case reference.")
    code, _, err = run(capsys, "caseref", "show", "--vault", vault, record_id)
    assert code == EXIT_USER
    assert "No force case reference" in err


def test_check_reads_choice_files_beside_the_workbook(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    features = data_dir / "xlsform-features"
    code, out, _ = run(capsys, "forms", "check", str(features / "school_visit_from_file.md"))
    assert code == EXIT_OK
    assert ": ok: school_visit" in out
    code, out, err = run(capsys, "forms", "check", str(features / "referral_missing_file.md"))
    assert code == EXIT_USER
    assert 'row 2, column "type": The choice file "services.csv" is not attached' in out
    assert "Traceback" not in out + err

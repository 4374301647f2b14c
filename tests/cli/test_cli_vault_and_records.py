"""The headless face: vault and record commands, their output and their exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import answers_file, run

from ncpi_field.service import VaultService
from ncpi_field.vault import Vault
from ui.cli import EXIT_OK, EXIT_USAGE, EXIT_USER, main

NEW = "the new passphrase for today"


@pytest.mark.usefixtures("env")
def test_init_prints_the_recovery_code_once(
    capsys: pytest.CaptureFixture[str], vault_dir: Path
) -> None:
    code, out, _ = run(capsys, "vault", "init", "--vault", str(vault_dir))
    assert code == EXIT_OK
    recovery = out.splitlines()[-1].strip()
    assert len(recovery.replace("-", "")) == 30
    Vault.unlock_with_recovery(vault_dir, recovery).lock()
    code, _, err = run(capsys, "vault", "init", "--vault", str(vault_dir))
    assert code == EXIT_USER
    assert "already a vault" in err


@pytest.mark.usefixtures("env")
def test_put_show_list_history_delete(
    capsys: pytest.CaptureFixture[str], created_vault: tuple[Path, str], tmp_path: Path
) -> None:
    vault = str(created_vault[0])
    first = answers_file(tmp_path, {"audit_ref": "CA-007", "hmicfrs_grade": "good"})
    code, out, _ = run(
        capsys,
        "record",
        "put",
        "--vault",
        vault,
        "--form",
        "case_audit",
        "--answers",
        str(first),
        "--draft",
    )
    assert code == EXIT_OK
    record_id, version_id = out.split()[1], out.split()[3]

    second = answers_file(tmp_path, {"audit_ref": "CA-007", "hmicfrs_grade": "inadequate"}, "b")
    code, out, _ = run(
        capsys,
        "record",
        "put",
        "--vault",
        vault,
        "--form",
        "case_audit",
        "--answers",
        str(second),
        "--record",
        record_id,
        "--draft",
    )
    assert code == EXIT_OK
    newest = out.split()[3]

    code, out, _ = run(capsys, "record", "show", "--vault", vault, record_id, "--json")
    shown = json.loads(out)
    assert [h["version_id"] for h in shown["heads"]] == [newest]
    assert shown["heads"][0]["parents"] == [version_id]
    assert shown["heads"][0]["answers"]["hmicfrs_grade"] == "inadequate"

    code, out, _ = run(capsys, "record", "list", "--vault", vault, "--json")
    assert [(r["record_id"], r["title"], r["status"]) for r in json.loads(out)] == [
        (record_id, "CA-007", "draft")
    ]
    code, out, _ = run(capsys, "record", "history", "--vault", vault, record_id)
    assert [line.split()[2] for line in out.splitlines()] == [version_id, newest]

    code, out, _ = run(capsys, "record", "delete", "--vault", vault, record_id)
    assert code == EXIT_OK
    _, out, _ = run(capsys, "record", "list", "--vault", vault)
    assert out.strip() == "No records."
    _, out, _ = run(capsys, "record", "list", "--vault", vault, "--all", "--json")
    assert json.loads(out)[0]["deleted"] is True


@pytest.mark.usefixtures("env")
def test_status_reports_counts_schema_and_digest(
    capsys: pytest.CaptureFixture[str], created_vault: tuple[Path, str], tmp_path: Path
) -> None:
    vault = str(created_vault[0])
    _, before, _ = run(capsys, "vault", "status", "--vault", vault, "--json")
    run(
        capsys,
        "record",
        "put",
        "--vault",
        vault,
        "--form",
        "observation",
        "--answers",
        str(answers_file(tmp_path, {"a": 1})),
        "--draft",
    )
    _, after, _ = run(capsys, "vault", "status", "--vault", vault, "--json")
    before_status, after_status = json.loads(before), json.loads(after)
    assert (after_status["records"], after_status["versions"], after_status["conflicts"]) == (
        1,
        1,
        0,
    )
    assert after_status["schema_version"] == before_status["schema_version"] != ""
    assert after_status["state_digest"] != before_status["state_digest"]
    _, text_out, _ = run(capsys, "vault", "status", "--vault", vault)
    assert "State digest:   " + after_status["state_digest"] in text_out


@pytest.mark.usefixtures("env")
def test_passwd_from_the_environment(
    capsys: pytest.CaptureFixture[str],
    created_vault: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NCPI_NEW_PASSPHRASE", NEW)
    code, out, _ = run(capsys, "vault", "passwd", "--vault", str(created_vault[0]))
    assert (code, out.strip()) == (EXIT_OK, "Passphrase changed.")
    Vault.unlock(created_vault[0], NEW).lock()


@pytest.mark.usefixtures("env")
def test_passwd_with_the_recovery_code(
    capsys: pytest.CaptureFixture[str],
    created_vault: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NCPI_RECOVERY_CODE", created_vault[1])
    monkeypatch.setenv("NCPI_NEW_PASSPHRASE", NEW)
    code, _, _ = run(capsys, "vault", "passwd", "--recovery", "--vault", str(created_vault[0]))
    assert code == EXIT_OK
    Vault.unlock(created_vault[0], NEW).lock()


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not valid JSON (line 1, column 2)"),
        ("[1, 2]", "must hold one JSON object"),
        ('{"x": NaN}', "numbers, true/false"),
    ],
)
def test_bad_answers_are_one_clear_line_and_change_nothing(
    capsys: pytest.CaptureFixture[str],
    created_vault: tuple[Path, str],
    tmp_path: Path,
    content: str,
    message: str,
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    code, out, err = run(
        capsys,
        "record",
        "put",
        "--vault",
        str(created_vault[0]),
        "--form",
        "observation",
        "--answers",
        str(path),
        "--draft",
    )
    assert code == EXIT_USER
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert out == ""
    _, status, _ = run(capsys, "vault", "status", "--vault", str(created_vault[0]), "--json")
    assert json.loads(status)["versions"] == 0


@pytest.mark.usefixtures("env")
def test_missing_answers_file_and_unknown_record(
    capsys: pytest.CaptureFixture[str], created_vault: tuple[Path, str], tmp_path: Path
) -> None:
    vault = str(created_vault[0])
    code, _, err = run(
        capsys,
        "record",
        "put",
        "--vault",
        vault,
        "--form",
        "observation",
        "--answers",
        str(tmp_path / "nope.json"),
    )
    assert (code, "does not exist" in err) == (EXIT_USER, True)
    code, _, err = run(capsys, "record", "show", "--vault", vault, "no-such-id")
    assert (code, "No record with that id" in err) == (EXIT_USER, True)


def test_wrong_passphrase_from_stdin_is_exit_3(
    created_vault: tuple[Path, str], tmp_path: Path
) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.cli",
            "vault",
            "status",
            "--vault",
            str(created_vault[0]),
            "--passphrase-stdin",
        ],
        input="not the passphrase\n",
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "XDG_STATE_HOME": str(tmp_path)},
        check=False,
    )
    assert result.returncode == EXIT_USER
    assert result.stderr.strip() == "ncpi-field: That passphrase does not open this vault."


def test_passphrase_from_stdin_opens(created_vault: tuple[Path, str], passphrase: str) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.cli",
            "vault",
            "status",
            "--vault",
            str(created_vault[0]),
            "--passphrase-stdin",
            "--json",
        ],
        input=passphrase + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == EXIT_OK
    assert json.loads(result.stdout)["records"] == 0


def test_no_passphrase_and_no_terminal_is_a_clear_error(created_vault: tuple[Path, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ui.cli", "record", "list", "--vault", str(created_vault[0])],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == EXIT_USER
    assert "set NCPI_PASSPHRASE or use --passphrase-stdin" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors_are_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["vault", "frobnicate"])
    assert caught.value.code == EXIT_USAGE
    with pytest.raises(SystemExit) as caught:
        main(["record", "put", "--vault", "x"])
    assert caught.value.code == EXIT_USAGE
    assert "--form" in capsys.readouterr().err


@pytest.mark.usefixtures("env")
def test_a_bug_is_logged_without_values_and_no_traceback_is_shown(
    capsys: pytest.CaptureFixture[str],
    created_vault: tuple[Path, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secret = "SECRET-ANSWER-VALUE-123"

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError(f"internal failure near {secret}")

    monkeypatch.setattr(VaultService, "put_draft", broken)
    path = answers_file(tmp_path, {"a": secret})
    code, _out, err = run(
        capsys,
        "record",
        "put",
        "--vault",
        str(created_vault[0]),
        "--form",
        "observation",
        "--answers",
        str(path),
        "--draft",
    )
    assert code == 1
    assert "Traceback" not in err
    assert secret not in err
    log = (tmp_path / "state" / "ncpi-field" / "errors.log").read_text()
    assert "RuntimeError" in log
    assert secret not in log


@pytest.mark.usefixtures("env")
def test_vault_given_before_the_subcommand_is_the_one_used(
    capsys: pytest.CaptureFixture[str],
    created_vault: tuple[Path, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NCPI_VAULT", str(tmp_path / "the-default-vault"))
    code, out, err = run(capsys, "--vault", str(created_vault[0]), "vault", "status", "--json")
    assert code == EXIT_OK, err
    assert json.loads(out)["records"] == 0


@pytest.mark.usefixtures("env")
def test_withdraw_keeps_the_record_under_a_new_status(
    capsys: pytest.CaptureFixture[str], created_vault: tuple[Path, str], tmp_path: Path
) -> None:
    vault = str(created_vault[0])
    path = answers_file(tmp_path, {"obs_ref": "OBS-01"})
    code, out, _ = run(
        capsys, "record", "put", "--vault", vault, "--form", "observation", "--answers",
        str(path), "--draft",
    )  # fmt: skip
    assert code == EXIT_OK
    record_id = out.split()[1]
    code, out, _ = run(capsys, "record", "withdraw", "--vault", vault, record_id)
    assert code == EXIT_OK
    assert "withdrawn" in out
    code, out, _ = run(capsys, "record", "list", "--vault", vault, "--json")
    assert [r["status"] for r in json.loads(out)] == ["withdrawn"]

"""``ncpi-field find``: words and filters, plain and JSON output, and refused options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ui.cli import EXIT_OK, EXIT_USAGE, main


@pytest.fixture
def vault(
    monkeypatch: pytest.MonkeyPatch,
    passphrase: str,
    tmp_path: Path,
    created_vault: tuple[Path, str],
) -> str:
    monkeypatch.setenv("NCPI_PASSPHRASE", passphrase)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return str(created_vault[0])


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def put(capsys: pytest.CaptureFixture[str], vault: str, path: Path, answers: dict[str, str]) -> str:
    path.write_text(json.dumps(answers))
    code, out, err = run(
        capsys, "record", "put", "--vault", vault, "--form", "case_audit",
        "--answers", str(path), "--draft",
    )  # fmt: skip
    assert code == EXIT_OK, err
    return out.split()[1]


def test_find_by_words_and_filters(
    capsys: pytest.CaptureFixture[str], vault: str, tmp_path: Path
) -> None:
    first = put(
        capsys,
        vault,
        tmp_path / "a.json",
        {"audit_ref": "CA-001", "case_summary": "Café visit", "hmicfrs_grade": "good"},
    )
    second = put(capsys, vault, tmp_path / "b.json",
                 {"audit_ref": "CA-002", "primary_category": "CSE"})  # fmt: skip
    code, out, _ = run(capsys, "find", "--vault", vault, "CAFE")
    assert code == EXIT_OK
    assert out.split()[:2] == [first, "CA-001"]
    code, out, _ = run(capsys, "find", "--vault", vault, "--json", "--category", "CSE")
    assert [r["record_id"] for r in json.loads(out)] == [second]
    code, out, _ = run(capsys, "find", "--vault", vault, "--grade", "good", "exploitation")
    assert out.strip() == "No record matches."
    code, out, _ = run(capsys, "find", "--vault", vault, "sexual exploitation")  # a choice label
    assert out.split()[0] == second
    code, out, _ = run(capsys, "find", "--vault", vault, "--conflicts")
    assert (code, out.strip()) == (EXIT_OK, "No record matches.")  # nothing edited apart


def test_an_unknown_status_is_a_usage_error(capsys: pytest.CaptureFixture[str], vault: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["find", "--vault", vault, "--status", "lost"])
    assert stopped.value.code == EXIT_USAGE
    assert "invalid choice" in capsys.readouterr().err

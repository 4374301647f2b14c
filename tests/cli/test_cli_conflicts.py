"""``ncpi-field conflicts``: list, show, resolve and merge, their output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ui.cli import EXIT_OK, EXIT_USAGE, EXIT_USER, main


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


def put(
    capsys: pytest.CaptureFixture[str],
    vault: str,
    tmp_path: Path,
    answers: dict[str, object],
    *extra: str,
) -> tuple[str, str]:
    path = tmp_path / f"answers-{len(list(tmp_path.glob('answers-*')))}.json"
    path.write_text(json.dumps(answers))
    code, out, err = run(
        capsys, "record", "put", "--vault", vault, "--form", "case_audit",
        "--answers", str(path), "--draft", *extra,
    )  # fmt: skip
    assert code == EXIT_OK, err
    words = out.split()
    return words[1], words[3]


def split(
    capsys: pytest.CaptureFixture[str],
    vault: str,
    tmp_path: Path,
    left: dict[str, object],
    right: dict[str, object],
) -> tuple[str, str, str]:
    base = {"audit_ref": "CA-007", "hmicfrs_grade": "good", "immediate_risk": "no"}
    record, first = put(capsys, vault, tmp_path, base)
    apart = ("--record", record, "--parent", first)
    _, one = put(capsys, vault, tmp_path, {**base, **left}, *apart)
    _, two = put(capsys, vault, tmp_path, {**base, **right}, *apart)
    return record, one, two


def test_a_soft_conflict_is_listed_shown_and_merged(
    capsys: pytest.CaptureFixture[str], vault: str, tmp_path: Path
) -> None:
    record, one, two = split(
        capsys, vault, tmp_path, {"hmicfrs_grade": "inadequate"}, {"immediate_risk": "yes"}
    )
    code, out, _ = run(capsys, "conflicts", "list", "--vault", vault)
    assert code == EXIT_OK
    assert record in out
    assert "soft" in out
    code, out, _ = run(capsys, "conflicts", "show", record, "--vault", vault)
    assert code == EXIT_OK
    assert one in out
    assert two in out
    assert "hmicfrs_grade  [soft]" in out
    assert "immediate_risk  [soft]" in out
    code, out, _ = run(capsys, "conflicts", "show", record, "--vault", vault, "--json")
    shown = json.loads(out)
    assert shown["kind"] == "soft"
    assert {d["field"] for d in shown["differences"]} == {"hmicfrs_grade", "immediate_risk"}
    code, out, _ = run(capsys, "conflicts", "merge", "--vault", vault)
    assert code == EXIT_OK
    assert "Merged 1 soft conflict(s)" in out
    code, out, _ = run(capsys, "conflicts", "list", "--vault", vault)
    assert out.strip() == "No conflicts."
    code, out, _ = run(capsys, "record", "show", record, "--vault", vault, "--json")
    (head,) = json.loads(out)["heads"]
    assert (head["answers"]["hmicfrs_grade"], head["answers"]["immediate_risk"]) == (
        "inadequate",
        "yes",
    )


def test_a_hard_conflict_is_left_then_resolved_by_taking_a_version(
    capsys: pytest.CaptureFixture[str], vault: str, tmp_path: Path
) -> None:
    record, one, two = split(
        capsys, vault, tmp_path, {"hmicfrs_grade": "inadequate"}, {"hmicfrs_grade": "outstanding"}
    )
    code, out, _ = run(capsys, "conflicts", "merge", "--vault", vault)
    assert code == EXIT_OK
    assert f"Left for a person: {record}" in out
    code, out, _ = run(capsys, "conflicts", "list", "--vault", vault, "--json")
    assert [(c["record_id"], c["kind"]) for c in json.loads(out)] == [(record, "hard")]
    code, out, _ = run(capsys, "conflicts", "resolve", record, "--take", two, "--vault", vault)
    assert code == EXIT_OK
    assert f"record {record} resolved" in out
    code, out, _ = run(capsys, "record", "show", record, "--vault", vault, "--json")
    (head,) = json.loads(out)["heads"]
    assert head["answers"]["hmicfrs_grade"] == "outstanding"
    assert sorted(head["parents"]) == sorted([one, two])


def test_resolve_with_answers_is_validated_and_refusals_change_nothing(
    capsys: pytest.CaptureFixture[str], vault: str, tmp_path: Path
) -> None:
    record, _one, _two = split(
        capsys, vault, tmp_path, {"hmicfrs_grade": "inadequate"}, {"hmicfrs_grade": "outstanding"}
    )
    merged = tmp_path / "merged.json"
    merged.write_text(json.dumps({"audit_ref": "CA-007", "hmicfrs_grade": "inadequate"}))
    _, before, _ = run(capsys, "vault", "status", "--vault", vault, "--json")
    code, _, err = run(
        capsys, "conflicts", "resolve", record, "--answers", str(merged), "--vault", vault
    )
    assert code == EXIT_USER
    assert "not complete" in err
    assert "inadequate" not in err  # problems name fields, never answers
    _, after, _ = run(capsys, "vault", "status", "--vault", vault, "--json")
    assert after == before
    code, out, _ = run(
        capsys,
        "conflicts",
        "resolve",
        record,
        "--answers",
        str(merged),
        "--draft",
        "--vault",
        vault,
    )
    assert code == EXIT_OK
    assert f"record {record} resolved" in out
    code, _, err = run(capsys, "conflicts", "resolve", record, "--take", "x", "--vault", vault)
    assert code == EXIT_USER
    assert "not in conflict" in err


def test_bad_requests_get_clear_errors(
    capsys: pytest.CaptureFixture[str], vault: str, tmp_path: Path
) -> None:
    record, _ = put(capsys, vault, tmp_path, {"audit_ref": "CA-001"})
    code, _, err = run(capsys, "conflicts", "show", record, "--vault", vault)
    assert code == EXIT_USER
    assert "not in conflict" in err
    code, _, err = run(capsys, "conflicts", "show", "no-such-record", "--vault", vault)
    assert code == EXIT_USER
    assert "No record" in err
    with pytest.raises(SystemExit) as usage:
        main(["conflicts", "resolve", record, "--vault", vault])
    assert usage.value.code == EXIT_USAGE
    capsys.readouterr()
    with pytest.raises(SystemExit) as both:
        main(["conflicts", "resolve", record, "--take", "v", "--answers", "f.json"])
    assert both.value.code == EXIT_USAGE
    capsys.readouterr()
    missing = tmp_path / "missing.json"
    code, _, err = run(
        capsys, "conflicts", "resolve", record, "--answers", str(missing), "--vault", vault
    )
    assert code == EXIT_USER
    assert err.startswith("ncpi-field: ")

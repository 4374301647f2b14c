"""``ncpi-field demo``: creates a missing vault, fills an existing one, prints a summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ncpi_field.vault import Vault
from ui.cli import EXIT_USER, main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """The command through the real entry point, as a person or a script runs it."""
    code = main(list(argv))
    return code, capsys.readouterr().out


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, passphrase: str) -> None:
    monkeypatch.setenv("NCPI_PASSPHRASE", passphrase)


@pytest.mark.usefixtures("env")
def test_demo_creates_a_missing_vault_and_prints_its_recovery_code(
    capsys: pytest.CaptureFixture[str], vault_dir: Path, passphrase: str
) -> None:
    code, out = run(capsys, "demo", "--vault", str(vault_dir), "--seed", "4")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"Vault created in {vault_dir}."
    recovery = lines[2].strip()
    Vault.unlock_with_recovery(vault_dir, recovery).lock()
    assert "Demo inspection of Wessex Vale Police (fictional), seed 4." in out
    assert (
        "Records added:  141 (75 case audits, 20 reality tests, 40 observations, 6 debriefs;" in out
    )
    assert "Case grades:    good " in out
    vault = Vault.unlock(vault_dir, passphrase)
    try:
        assert vault.status().records == 142  # 141 records and their inspection
    finally:
        vault.lock()


@pytest.mark.usefixtures("env")
def test_demo_fills_an_existing_vault_and_refuses_a_repeat(
    capsys: pytest.CaptureFixture[str], created_vault: tuple[Path, str]
) -> None:
    vault_dir = str(created_vault[0])
    code, out = run(capsys, "demo", "--vault", vault_dir, "--json")
    assert code == 0
    summary = json.loads(out)
    assert summary["seed"] == 1
    assert summary["records_by_form"]["case_audit"] == 75
    assert sum(summary["grades"].values()) == 75
    assert "Recovery code" not in out
    code = main(["demo", "--vault", vault_dir])
    assert code == EXIT_USER
    assert "already holds the demo inspection for seed 1" in capsys.readouterr().err


def test_demo_needs_the_right_passphrase(
    capsys: pytest.CaptureFixture[str],
    created_vault: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NCPI_PASSPHRASE", "not the passphrase at all")
    monkeypatch.setenv("XDG_STATE_HOME", str(created_vault[0].parent / "state"))
    code = main(["demo", "--vault", str(created_vault[0])])
    assert code == EXIT_USER
    assert (
        capsys.readouterr().err.strip() == "ncpi-field: That passphrase does not open this vault."
    )

"""Issue 7 items 1 and 10 at the command line: no overwrite, one clear line, exit 3."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from cli_helpers import run

from ncpi_field import atomic
from ncpi_field.vault import KEYSLOTS_NAME, Vault
from ui.cli import EXIT_USER


@pytest.mark.usefixtures("env")
def test_init_over_a_database_without_key_slots_is_refused_and_keeps_every_record(
    capsys: pytest.CaptureFixture[str], vault: Vault, vault_dir: Path, passphrase: str
) -> None:
    from ncpi_field import records  # noqa: PLC0415 - local to the one test using it

    with vault.write_transaction("the record") as cursor:
        draft = records.Draft(form_id="observation", answers={"a": "kept"}, status="draft")
        kept = records.save(cursor, draft, vault.identity.device_id, vault.clock)
    vault.lock()
    moved = vault_dir.parent / "keyslots.moved"
    (vault_dir / KEYSLOTS_NAME).rename(moved)
    database = (vault_dir / "vault.db").read_bytes()

    code, out, err = run(capsys, "record", "list", "--vault", str(vault_dir))
    assert code == EXIT_USER
    assert len(err.strip().splitlines()) == 1
    assert "key-slot file (keyslots.json) is missing" in err
    assert "There is no vault" not in err

    code, out, err = run(capsys, "vault", "init", "--vault", str(vault_dir))
    assert code == EXIT_USER
    assert out == ""  # no recovery code printed
    assert len(err.strip().splitlines()) == 1
    assert "vault.db" in err
    assert "recovery code" in err
    assert (vault_dir / "vault.db").read_bytes() == database

    moved.rename(vault_dir / KEYSLOTS_NAME)
    code, out, _ = run(capsys, "record", "list", "--vault", str(vault_dir))
    assert code == 0
    assert kept.record_id[:8] in out


@pytest.mark.usefixtures("env")
def test_init_on_a_full_disk_is_one_line_exit_3_and_leaves_nothing(
    capsys: pytest.CaptureFixture[str], vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(atomic.os, "fsync", full)
        code, out, err = run(capsys, "vault", "init", "--vault", str(vault_dir))
    assert code == EXIT_USER
    assert out == ""
    assert err.strip().splitlines() == [
        f"ncpi-field: Could not create the vault in {vault_dir}: the disk is full. "
        "Nothing was left behind."
    ]
    assert list(vault_dir.iterdir()) == []
    monkeypatch.setenv("NCPI_PASSPHRASE", "a passphrase for the second try")
    code, _, err = run(capsys, "vault", "init", "--vault", str(vault_dir))
    assert code == 0, err


@pytest.mark.usefixtures("env")
def test_demo_does_not_create_over_a_database_without_key_slots(
    capsys: pytest.CaptureFixture[str], created_vault: tuple[Path, str]
) -> None:
    vault_dir, _ = created_vault
    (vault_dir / KEYSLOTS_NAME).unlink()
    database = (vault_dir / "vault.db").read_bytes()
    code, out, err = run(capsys, "demo", "--vault", str(vault_dir))
    assert code == EXIT_USER
    assert "Recovery code" not in out
    assert "keyslots.json" in err
    assert (vault_dir / "vault.db").read_bytes() == database

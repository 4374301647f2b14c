"""The team and bundle commands: a round trip through the command line, and its exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sync_helpers import draft
from team_helpers import PASSPHRASE

from ncpi_field.service import unlock_vault
from ui.cli import EXIT_OK, EXIT_USER, main


@pytest.fixture
def root(team_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NCPI_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    shutil.copytree(team_template, tmp_path / "team")
    return tmp_path / "team"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def device_id(vault: Path) -> str:
    service = unlock_vault(vault, PASSPHRASE)
    try:
        return service.identity.device_id
    finally:
        service.lock()


def test_round_trip_through_the_command_line(
    capsys: pytest.CaptureFixture[str], root: Path
) -> None:
    alice = unlock_vault(root / "alice", PASSPHRASE)
    draft(alice, "from the command line")
    alice.lock()
    bundle, garbage = root / "a.bundle", root / "garbage.bundle"
    garbage.write_bytes(b"not a bundle at all")
    lead = str(root / "lead")

    code, out, _ = run(
        capsys, "bundle", "export", "--vault", str(root / "alice"), "--out", str(bundle)
    )
    assert code == EXIT_OK
    assert "1 version for 1 recipient" in out
    code, out, _ = run(capsys, "bundle", "inspect", str(bundle))
    assert code == EXIT_OK
    assert f"Sender:     {device_id(root / 'alice')}" in out
    assert "(sequence 1)" in out
    assert "post-quantum" in out

    code, out, err = run(capsys, "bundle", "import", "--vault", lead, str(garbage), str(bundle))
    assert code == EXIT_USER
    assert "refused (NotABundle)" in err
    assert "1 new version(s), 0 already present, 0 conflict(s) created" in out
    code, out, _ = run(capsys, "bundle", "import", "--vault", lead, str(bundle))
    assert code == EXIT_OK
    assert "already imported" in out

    code, out, _ = run(capsys, "bundle", "export", "--vault", lead, "--out", str(root / "l.bundle"))
    assert code == EXIT_OK
    assert "for 3 recipient(s)" in out
    code, out, _ = run(
        capsys, "bundle", "import", "--vault", str(root / "bob"), str(root / "l.bundle")
    )
    assert code == EXIT_OK
    assert "1 new version(s)" in out


def test_team_commands(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    lead, bob = str(root / "lead"), device_id(root / "bob")
    code, out, _ = run(capsys, "team", "lead", "--vault", lead)
    assert code == EXIT_OK
    assert "already is the team lead" in out
    code, out, _ = run(capsys, "vault", "status", "--vault", lead)
    fingerprint = (
        next(line for line in out.splitlines() if "fingerprint" in line)
        .split("fingerprint ")[1]
        .rstrip(")")
    )
    key = root / "lead-again.key"
    code, out, _ = run(capsys, "team", "export-key", "--vault", lead, "--out", str(key))
    assert code == EXIT_OK
    assert fingerprint in out
    code, out, _ = run(capsys, "team", "trust", "--vault", str(root / "alice"), "--key", str(key))
    assert code == EXIT_OK
    assert "was already trusted" in out
    assert fingerprint in out
    code, _, err = run(capsys, "team", "trust", "--vault", lead, "--key", str(key))
    assert code == EXIT_USER
    assert "own key" in err
    code, out, _ = run(capsys, "team", "revoke", "--vault", lead, bob[:10])
    assert code == EXIT_OK
    assert bob in out
    code, out, _ = run(capsys, "team", "list", "--vault", lead)
    assert code == EXIT_OK
    rows = out.splitlines()
    assert len(rows) == 3
    assert "revoked" in next(r for r in rows if r.startswith(bob))
    code, _, err = run(capsys, "team", "revoke", "--vault", lead, "ffffffffff")
    assert code == EXIT_USER
    assert "No trusted device" in err


def test_a_tampered_key_file_is_refused(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    text = (root / "alice.key").read_text()
    tampered = root / "tampered.key"
    tampered.write_text(text.replace('"kem_public":"', '"kem_public":"AAAA', 1))
    code, _, err = run(
        capsys, "team", "trust", "--vault", str(root / "bob"), "--key", str(tampered)
    )
    assert code == EXIT_USER
    assert "key file" in err
    (root / "junk.key").write_bytes(b"\x00" * 100)
    code, _, err = run(
        capsys, "team", "trust", "--vault", str(root / "bob"), "--key", str(root / "junk.key")
    )
    assert code == EXIT_USER
    assert "not an NCPI Field device key file" in err

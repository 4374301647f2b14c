"""SECURITY 13 at the store level: a typed sentinel never reaches the disk in any encoding."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import sentinel as scan

from ncpi_field.service import VaultService
from ncpi_field.vault import Vault


def _answers(mark: str, number: int) -> dict[str, object]:
    """One answer of each shape a form can produce, each carrying the sentinel."""
    return {
        "text": f"Child seen at {mark}",
        "integer": number,
        "decimal": number + 0.5,
        "date": "2019-03-17",
        "select_one": mark,
        "select_multiple": [mark, "other"],
        "evidence": [mark],
        "repeat": [{"role": mark, "count": number}],
    }


@pytest.fixture
def roots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    places = {name: tmp_path / name for name in ("tmp", "state", "home")}
    for place in places.values():
        place.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(places["tmp"]))
    monkeypatch.setenv("TMPDIR", str(places["tmp"]))
    monkeypatch.setenv("XDG_STATE_HOME", str(places["state"]))
    monkeypatch.setenv("HOME", str(places["home"]))
    return places


def test_the_scanner_finds_what_it_should(tmp_path: Path) -> None:
    mark = "S" + secrets.token_hex(8)
    for name, data in scan.encodings(mark).items():
        (tmp_path / name).write_bytes(b"xx" + data + b"yy")
    assert len(scan.find(mark, [tmp_path])) >= len(scan.encodings(mark))


def test_sentinel_through_the_python_api(
    vault_dir: Path, passphrase: str, roots: dict[str, Path]
) -> None:
    mark, number = "S" + secrets.token_hex(8), secrets.randbelow(10**12) + 10**11
    vault, _ = Vault.create(vault_dir, passphrase)
    saved = VaultService(vault).put_draft("case_audit", _answers(mark, number)).version
    VaultService(vault).put_draft(
        "case_audit", _answers(mark, number + 1), record_id=saved.record_id
    )
    # While open, the WAL holds the newest pages: it must be ciphertext too.
    assert scan.find(mark, [vault_dir]) == []
    assert scan.find(str(number), [vault_dir]) == []
    vault.lock()
    everywhere = [vault_dir, *roots.values()]
    assert scan.find(mark, everywhere) == []
    assert scan.find(str(number), everywhere) == []


@pytest.mark.slow  # three CLI processes, each deriving keys at the real cost
def test_sentinel_through_the_command_line(
    tmp_path: Path, passphrase: str, roots: dict[str, Path]
) -> None:
    mark, number = "S" + secrets.token_hex(8), secrets.randbelow(10**12) + 10**11
    vault_dir = tmp_path / "cli-vault"
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(_answers(mark, number)))
    env = {**os.environ, "NCPI_PASSPHRASE": passphrase}
    run = [sys.executable, "-m", "ui.cli"]
    subprocess.run(
        [*run, "vault", "init", "--vault", str(vault_dir)], env=env, check=True, capture_output=True
    )
    put = subprocess.run(
        [
            *run,
            "record",
            "put",
            "--vault",
            str(vault_dir),
            "--form",
            "case_audit",
            "--answers",
            str(answers_file),
            "--draft",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    record_id = put.stdout.split()[1]
    shown = subprocess.run(
        [*run, "record", "show", "--vault", str(vault_dir), record_id, "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert mark in shown.stdout  # the person asked to see it: it is there, on stdout only
    everywhere = [vault_dir, *roots.values()]
    assert scan.find(mark, everywhere, skip=[answers_file]) == []
    assert scan.find(str(number), everywhere, skip=[answers_file]) == []

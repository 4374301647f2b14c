"""Issue 7.8-7.12 through the real command line: exit 3, one line, nothing changed, no hang."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ncpi_field.vault import KEYSLOTS_NAME, Vault
from ui.cli import EXIT_OK, EXIT_USER

SENTINEL = "SENTINEL-51c2"  # stands for an answer: it must never reach the output
Document = dict[str, Any]


def cli(*argv: str, passphrase: str | None = None, state: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_STATE_HOME": str(state)}
    env.pop("NCPI_PASSPHRASE", None)
    if passphrase is not None:
        env["NCPI_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *argv],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


def one_line_exit_3(result: subprocess.CompletedProcess[str], says: str) -> None:
    assert result.returncode == EXIT_USER, result.stderr[-300:]
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines[:5]
    assert lines[0].startswith("ncpi-field: ")
    assert says in lines[0]
    assert SENTINEL not in result.stderr + result.stdout


def versions_in(vault_dir: Path, passphrase: str) -> int:
    vault = Vault.unlock(vault_dir, passphrase)
    try:
        return vault.status().versions
    finally:
        vault.lock()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "nests lists and objects"),
        (b'{"children_in_case": ' + b"9" * 5_000 + b"}", "more than 308 digits"),
        (b'{"children_in_case": ' + b"9" * 400 + b"}", "more than 308 digits"),
        (f'{{"audit_ref": "{SENTINEL}\\ud800"}}'.encode(), "unpaired surrogate"),
    ],
    ids=["nested-100000", "integer-5000-digits", "integer-400-digits", "unpaired-surrogate"],
)
def test_bad_answers_files_exit_3_and_change_nothing(
    created_vault: tuple[Path, str], passphrase: str, tmp_path: Path, content: bytes, says: str
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_bytes(content)
    vault_dir = str(created_vault[0])
    put = ("record", "put", "--vault", vault_dir, "--form", "case_audit", "--answers")
    result = cli(*put, str(answers), "--draft", passphrase=passphrase, state=tmp_path)
    one_line_exit_3(result, says)
    assert versions_in(created_vault[0], passphrase) == 0


def test_an_answers_file_with_a_byte_order_mark_is_saved(
    created_vault: tuple[Path, str], passphrase: str, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_bytes(b"\xef\xbb\xbf" + json.dumps({"audit_ref": "CA-001"}).encode())
    vault_dir = str(created_vault[0])
    put = ("record", "put", "--vault", vault_dir, "--form", "case_audit", "--answers")
    result = cli(*put, str(answers), "--draft", passphrase=passphrase, state=tmp_path)
    assert result.returncode == EXIT_OK, result.stderr
    assert versions_in(created_vault[0], passphrase) == 1


def _slot(edit: Callable[[Document], object]) -> Callable[[Document], None]:
    def apply(document: Document) -> None:
        edit(document["slots"][0])

    return apply


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (_slot(lambda s: s.update(salt="")), "damaged: a slot's salt is 0 bytes long"),
        (_slot(lambda s: s.update(nonce="")), "damaged: a slot's nonce is 0 bytes long"),
        (_slot(lambda s: s.update(kdf="argon2id")), "damaged: a slot's kdf is not an object"),
        (_slot(lambda s: s["kdf"].update(lanes=20_000)), "more key-derivation work"),
        (_slot(lambda s: s["kdf"].update(iterations=1_000_000)), "more key-derivation work"),
        (_slot(lambda s: s["kdf"].update(memory_kib=4 * 1024**3)), "more key-derivation work"),
    ],
    ids=["empty-salt", "empty-nonce", "kdf-text", "lanes", "iterations", "memory-4tib"],
)
def test_damaged_key_slots_exit_3_and_change_nothing(
    created_vault: tuple[Path, str],
    passphrase: str,
    tmp_path: Path,
    damage: Callable[[Document], None],
    says: str,
) -> None:
    path = created_vault[0] / KEYSLOTS_NAME
    document = json.loads(path.read_text())
    damage(document)
    path.write_text(json.dumps(document))
    before = path.read_bytes()
    result = cli(
        "vault", "status", "--vault", str(created_vault[0]), passphrase=passphrase, state=tmp_path
    )
    one_line_exit_3(result, says)
    assert path.read_bytes() == before


def test_a_database_that_does_not_match_its_key_prints_one_line(
    passphrase: str, tmp_path: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    Vault.create(first, passphrase)[0].lock()
    Vault.create(second, passphrase)[0].lock()
    for suffix in ("", "-wal", "-shm"):
        (second / f"vault.db{suffix}").unlink(missing_ok=True)
    (second / "vault.db").write_bytes((first / "vault.db").read_bytes())
    result = cli("vault", "status", "--vault", str(second), passphrase=passphrase, state=tmp_path)
    one_line_exit_3(result, "does not open with its key")
    assert "hmac" not in result.stderr.lower()


def test_forms_check_refuses_what_it_must_not_read_at_once(tmp_path: Path) -> None:
    sparse = tmp_path / "huge.xlsx"
    with sparse.open("wb") as file:
        file.truncate(3 * 1024**3)
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    result = cli(
        "forms", "check", str(sparse), "/dev/zero", str(fifo), str(tmp_path), state=tmp_path
    )
    assert result.returncode == EXIT_USER
    assert "larger than 20 MiB" in result.stdout
    assert "(it is a device)" in result.stdout
    assert "(it is a pipe)" in result.stdout
    assert "(it is a directory)" in result.stdout
    assert "4 of 4 file(s) cannot be used" in result.stdout


def test_forms_check_caps_a_long_problem_list(tmp_path: Path) -> None:
    rows = "".join(f"| | geopoint | place_{n} | Place |\n" for n in range(60))
    form = tmp_path / "many.md"
    form.write_text("| survey |\n| | type | name | label |\n" + rows)
    result = cli("forms", "check", str(form), state=tmp_path)
    assert result.returncode == EXIT_USER
    listed = [line for line in result.stdout.splitlines() if line.startswith("  - ")]
    assert len(listed) == 50
    assert "  … and " in result.stdout
    assert "more problems." in result.stdout

"""Issue 7, items 1-4 and 16: create never overwrites, changes are serialised, nothing is left.

Each test here failed on the vault as it was before the fix.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from ncpi_field import database, records, vault_directory
from ncpi_field import vault as vault_module
from ncpi_field.errors import (
    KeySlotsMissing,
    StorageError,
    VaultExists,
    VaultNotFound,
    WrongPassphrase,
)
from ncpi_field.vault import KEYSLOTS_NAME, Vault, check_directory, vault_exists

ROOT = Path(__file__).resolve().parents[2]
NEW_A = "first new passphrase here"
NEW_B = "second new passphrase here"


def _python(code: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


def _names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


# -- 1. a directory holding any vault file is never overwritten ----------------------------------


@pytest.mark.parametrize("present", ["vault.db", "vault.db-wal", "vault.db-shm"])
def test_create_refuses_a_vault_missing_its_key_slots(
    created_vault: tuple[Path, str], passphrase: str, present: str
) -> None:
    vault_dir, _ = created_vault
    (vault_dir / KEYSLOTS_NAME).rename(vault_dir.parent / "keyslots.moved")
    for name in ("vault.db", "vault.db-wal", "vault.db-shm"):
        if name != present:
            (vault_dir / name).unlink(missing_ok=True)
        elif not (vault_dir / name).exists():
            (vault_dir / name).write_bytes(b"journal bytes")
    before = {p.name: p.read_bytes() for p in vault_dir.iterdir()}
    with pytest.raises(VaultExists, match=r"key-slot file \(keyslots\.json\)") as caught:
        Vault.create(vault_dir, passphrase)
    assert present in str(caught.value)
    assert "recovery code" in str(caught.value)
    assert {p.name: p.read_bytes() for p in vault_dir.iterdir()} == before
    assert vault_exists(vault_dir)


def test_unlock_says_the_key_slot_file_is_missing(
    created_vault: tuple[Path, str], passphrase: str
) -> None:
    vault_dir, code = created_vault
    (vault_dir / KEYSLOTS_NAME).rename(vault_dir.parent / "keyslots.moved")
    for attempt in (
        lambda: Vault.unlock(vault_dir, passphrase),
        lambda: Vault.unlock_with_recovery(vault_dir, code),
    ):
        with pytest.raises(KeySlotsMissing, match=r"keyslots\.json\) is missing") as caught:
            attempt()
        assert "no vault" not in str(caught.value)
    with pytest.raises(KeySlotsMissing):
        check_directory(vault_dir)
    # Put back, it opens as before: nothing was touched.
    (vault_dir.parent / "keyslots.moved").rename(vault_dir / KEYSLOTS_NAME)
    Vault.unlock(vault_dir, passphrase).lock()


def test_check_directory_tells_none_from_whole(
    created_vault: tuple[Path, str], tmp_path: Path
) -> None:
    assert check_directory(created_vault[0]) is True
    assert check_directory(tmp_path / "empty") is False
    with pytest.raises(VaultNotFound):
        Vault.unlock(tmp_path / "empty", "whatever passphrase")


_KILLED_CREATE = """
import os, sys
from pathlib import Path
from ncpi_field import vault
real_link = os.link
def link(src, dst, *a, **k):
    if Path(dst).name == sys.argv[2]:
        os._exit(9)  # killed between linking the database and the key slots
    return real_link(src, dst, *a, **k)
vault.os.link = link
vault.Vault.create(Path(sys.argv[1]), "correct horse battery staple")
"""


@pytest.mark.parametrize("killed_at", ["keyslots.json", "unlock-attempts.json"])
def test_a_killed_creation_leaves_only_its_own_files_which_are_cleared(
    vault_dir: Path, passphrase: str, killed_at: str
) -> None:
    child = _python(_KILLED_CREATE, str(vault_dir), killed_at)
    child.communicate(timeout=120)
    assert child.returncode == 9
    assert "vault.db" in _names(vault_dir)  # the half-made database, linked into place
    assert any(n.startswith(vault_module.STAGING_PREFIX) for n in _names(vault_dir))
    # Its staging directory proves it was the dead creation's own: the next create clears it.
    opened, code = Vault.create(vault_dir, passphrase)
    opened.lock()
    assert not any(n.startswith(".") for n in _names(vault_dir))
    Vault.unlock_with_recovery(vault_dir, code).lock()


def test_a_failed_creation_removes_only_what_it_made(
    vault_dir: Path, passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault_dir.mkdir()
    (vault_dir / "notes.txt").write_text("the person's own file")
    real_link = os.link

    def link_then_fill(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if Path(dst).name == KEYSLOTS_NAME:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_link(src, dst, *args, **kwargs)

    monkeypatch.setattr(vault_module.os, "link", link_then_fill)
    with pytest.raises(StorageError, match=r"the disk is full\. Nothing was left behind"):
        Vault.create(vault_dir, passphrase)
    monkeypatch.undo()
    assert _names(vault_dir) == ["notes.txt"]
    Vault.create(vault_dir, passphrase)[0].lock()


# -- 16. a full disk while creating: a clear error, nothing left ---------------------------------


def test_full_database_during_creation_leaves_nothing(
    vault_dir: Path, passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = database.open_engine

    def open_on_a_full_disk(path: Path, key: bytes) -> Any:
        engine = real_open(path, key)
        engine.dispose()

        def cap(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA max_page_count = 3")

        event.listen(engine, "connect", cap)
        return engine

    monkeypatch.setattr(vault_module.database, "open_engine", open_on_a_full_disk)
    with pytest.raises(StorageError, match=r"the disk is full\. Nothing was left behind"):
        Vault.create(vault_dir, passphrase)
    monkeypatch.undo()
    assert _names(vault_dir) == []


# -- 2. two creates, two passphrase changes at once -----------------------------------------------

_CREATE_AT_ONCE = """
import os, sys, time
from pathlib import Path
from ncpi_field.errors import UserError
from ncpi_field.vault import Vault
go = Path(sys.argv[2])
print("ready", flush=True)
while not go.exists():
    time.sleep(0.002)
try:
    vault, code = Vault.create(Path(sys.argv[1]), sys.argv[3])
except UserError as exc:
    print("refused", type(exc).__name__, exc)
else:
    vault.lock()
    print("created", code)
"""


def _start_together(children: list[subprocess.Popen[str]], go: Path) -> list[str]:
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
    go.touch()
    outputs = []
    for child in children:
        out, err = child.communicate(timeout=180)
        assert child.returncode == 0, err
        outputs.append(out.strip())
    return outputs


@pytest.mark.slow
def test_two_creates_at_once_leave_exactly_one_working_vault(
    vault_dir: Path, tmp_path: Path
) -> None:
    go = tmp_path / "go"
    secrets = [f"passphrase number {i} here" for i in range(3)]
    children = [_python(_CREATE_AT_ONCE, str(vault_dir), str(go), s) for s in secrets]
    outputs = _start_together(children, go)
    created = [(s, o.split()[1]) for s, o in zip(secrets, outputs, strict=True) if "created" in o]
    refused = [o for o in outputs if o.startswith("refused")]
    assert len(created) == 1, outputs
    assert len(refused) == len(secrets) - 1
    assert all("VaultExists" in o for o in refused)
    winner, code = created[0]
    Vault.unlock(vault_dir, winner).lock()
    Vault.unlock_with_recovery(vault_dir, code).lock()
    for loser in set(secrets) - {winner}:
        with pytest.raises(WrongPassphrase):
            Vault.unlock(vault_dir, loser)


_CHANGE_AT_ONCE = """
import sys, time
from pathlib import Path
from ncpi_field.errors import UserError
from ncpi_field.vault import Vault
go = Path(sys.argv[2])
print("ready", flush=True)
while not go.exists():
    time.sleep(0.002)
try:
    Vault.change_passphrase(Path(sys.argv[1]), sys.argv[3], sys.argv[4])
except UserError as exc:
    print("refused", type(exc).__name__, exc)
else:
    print("changed")
"""


@pytest.mark.slow
def test_two_passphrase_changes_at_once_leave_one_that_works_and_tell_the_other(
    created_vault: tuple[Path, str], passphrase: str, tmp_path: Path
) -> None:
    vault_dir, _ = created_vault
    go = tmp_path / "go"
    children = [
        _python(_CHANGE_AT_ONCE, str(vault_dir), str(go), passphrase, new) for new in (NEW_A, NEW_B)
    ]
    outputs = _start_together(children, go)
    assert sorted(o.split()[0] for o in outputs) == ["changed", "refused"], outputs
    winner, loser = (NEW_A, NEW_B) if outputs[0] == "changed" else (NEW_B, NEW_A)
    told = next(o for o in outputs if o.startswith("refused"))
    assert "ConcurrentChange" in told or "WrongPassphrase" in told
    Vault.unlock(vault_dir, winner).lock()
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_dir, loser)


def test_a_change_that_raced_another_is_refused_with_a_clear_message(
    created_vault: tuple[Path, str], passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deterministic form of the race: the slots change between reading and locking."""
    vault_dir, _ = created_vault
    real_lock = vault_directory.vault_lock
    calls = 0

    def lock_after_another_change(directory: Path) -> Any:
        nonlocal calls
        calls += 1
        if calls == 1:
            monkeypatch.setattr(vault_directory, "vault_lock", real_lock)
            Vault.change_passphrase(directory, passphrase, NEW_A)
        return real_lock(directory)

    monkeypatch.setattr(vault_directory, "vault_lock", lock_after_another_change)
    with pytest.raises(Exception, match="changed by another process") as caught:
        Vault.change_passphrase(vault_dir, passphrase, NEW_B)
    assert type(caught.value).__name__ == "ConcurrentChange"
    Vault.unlock(vault_dir, NEW_A).lock()


# -- 3. a killed passphrase change leaves no key slot lying about ---------------------------------

_KILLED_PASSWD = """
import os, sys
from pathlib import Path
from ncpi_field import atomic
from ncpi_field.vault import Vault
real_replace = os.replace
def replace(src, dst):
    if Path(dst).name == "keyslots.json":
        os._exit(9)  # killed after the new slot was written, before it replaced the old
    real_replace(src, dst)
atomic.os.replace = replace
Vault.change_passphrase(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
"""


def test_a_killed_passphrase_change_leaves_no_temporary_slot_after_the_next_open(
    created_vault: tuple[Path, str], passphrase: str
) -> None:
    vault_dir, _ = created_vault
    child = _python(_KILLED_PASSWD, str(vault_dir), passphrase, NEW_A)
    child.communicate(timeout=120)
    assert child.returncode == 9
    leftovers = list(vault_dir.glob(".keyslots.json.*.tmp"))
    assert leftovers, "the simulated kill left no temporary slot file"
    Vault.unlock(vault_dir, passphrase).lock()
    assert list(vault_dir.glob(".keyslots.json.*.tmp")) == []
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_dir, NEW_A)


def test_create_clears_stale_temporary_slots(vault_dir: Path, passphrase: str) -> None:
    vault_dir.mkdir()
    (vault_dir / ".keyslots.json.abc123.tmp").write_text("{}")
    Vault.create(vault_dir, passphrase)[0].lock()
    assert list(vault_dir.glob("*.tmp")) + list(vault_dir.glob(".*.tmp")) == []


# -- 4. permissions ---------------------------------------------------------------------------


def test_a_loose_vault_directory_is_made_private_on_open(
    created_vault: tuple[Path, str], passphrase: str
) -> None:
    vault_dir, _ = created_vault
    vault_dir.chmod(0o777)
    Vault.unlock(vault_dir, passphrase).lock()
    assert vault_dir.stat().st_mode & 0o777 == 0o700


def test_create_in_a_loose_existing_directory_makes_it_private(
    vault_dir: Path, passphrase: str
) -> None:
    vault_dir.mkdir()
    vault_dir.chmod(0o777)
    Vault.create(vault_dir, passphrase)[0].lock()
    assert vault_dir.stat().st_mode & 0o777 == 0o700


def test_create_under_umask_zero_makes_nothing_readable_by_others(
    tmp_path: Path, passphrase: str
) -> None:
    vault_dir = tmp_path / "new" / "parents" / "vault"
    old = os.umask(0)
    try:
        vault = Vault.create(vault_dir, passphrase)[0]
        with vault.write_transaction("the record") as cursor:
            draft = records.Draft(form_id="observation", answers={"a": "b"}, status="draft")
            records.save(cursor, draft, vault.identity.device_id, vault.clock)
        for path in [vault_dir, vault_dir.parent, vault_dir.parent.parent, *vault_dir.iterdir()]:
            assert path.stat().st_mode & 0o077 == 0, path
        vault.lock()
        Vault.unlock(vault_dir, passphrase).lock()
    finally:
        os.umask(old)
    for path in vault_dir.iterdir():
        assert path.stat().st_mode & 0o077 == 0, path


def test_the_light_file_list_names_the_real_database() -> None:
    from ncpi_field import vault_files  # noqa: PLC0415 - the module under test

    assert vault_files.DATABASE_NAME == database.DB_NAME
    assert vault_module.KEYSLOTS_NAME == vault_files.KEYSLOTS_NAME

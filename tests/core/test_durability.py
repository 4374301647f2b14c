"""SECURITY 10 and 12: kill -9 mid-save loses nothing acknowledged; a full disk changes nothing."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select, text

from ncpi_field import atomic, keyslots, records
from ncpi_field.errors import StorageError
from ncpi_field.models import VersionRow
from ncpi_field.service import VaultService
from ncpi_field.vault import KEYSLOTS_NAME, Vault

CHILD = Path(__file__).with_name("save_until_killed.py")
ROUNDS = 5


def _run_and_kill(vault_dir: Path, passphrase: str, rng: random.Random) -> list[str]:
    env = {**os.environ, "NCPI_PASSPHRASE": passphrase}
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(vault_dir)], stdout=subprocess.PIPE, env=env, text=True
    )
    acknowledged: list[str] = []
    first = threading.Event()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            acknowledged.append(line.strip())
            first.set()

    reader = threading.Thread(target=read)
    reader.start()
    assert first.wait(60), "the child never saved anything"
    time.sleep(rng.uniform(0.05, 0.6))
    child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join()
    assert child.stdout is not None
    child.stdout.close()
    return [a for a in acknowledged if a]


@pytest.mark.slow
def test_kill_9_during_saves_loses_no_acknowledged_version(
    created_vault: tuple[Path, str], passphrase: str
) -> None:
    vault_dir, _ = created_vault
    rng = random.Random(20261126)
    promised: list[str] = []
    for _ in range(ROUNDS):
        promised += _run_and_kill(vault_dir, passphrase, rng)
    assert len(promised) > ROUNDS
    vault = Vault.unlock(vault_dir, passphrase)
    try:
        with vault.session() as session:
            stored = set(session.scalars(select(VersionRow.version_id)))
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        missing = [v for v in promised if v not in stored]
        assert missing == [], f"{len(missing)} acknowledged versions were lost"
        # At most one unacknowledged save per round may have landed after its ack was cut off.
        assert len(stored) - len(promised) <= ROUNDS
    finally:
        vault.lock()


def _fail_fsync(_fd: int) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_full_disk_during_key_slot_rewrite_changes_nothing(
    created_vault: tuple[Path, str], passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault_dir, _ = created_vault
    before = (vault_dir / KEYSLOTS_NAME).read_bytes()
    real_save = keyslots.save

    def save_on_a_full_disk(path: Path, slots: keyslots.KeySlotFile) -> None:
        # The attempt counter is written first (and must be); the disk fills after it.
        monkeypatch.setattr(atomic.os, "fsync", _fail_fsync)
        real_save(path, slots)

    monkeypatch.setattr(keyslots, "save", save_on_a_full_disk)
    with pytest.raises(StorageError, match=r"the disk is full\. Nothing was changed"):
        Vault.change_passphrase(vault_dir, passphrase, "a brand new passphrase")
    monkeypatch.undo()
    assert (vault_dir / KEYSLOTS_NAME).read_bytes() == before
    assert sorted(p.name for p in vault_dir.iterdir() if p.name.endswith(".tmp")) == []
    Vault.unlock(vault_dir, passphrase).lock()


def test_io_error_on_rename_keeps_the_old_slots(
    created_vault: tuple[Path, str], passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault_dir, _ = created_vault

    def fail_replace(_src: str, _dst: str) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, "replace", fail_replace)
    with pytest.raises(StorageError, match="the disk reported an error"):
        Vault.change_passphrase(vault_dir, passphrase, "a brand new passphrase")
    monkeypatch.undo()
    assert not list(vault_dir.glob("*.tmp"))
    Vault.unlock(vault_dir, passphrase).lock()


def test_full_disk_during_creation_leaves_no_half_vault(
    vault_dir: Path, passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic.os, "fsync", _fail_fsync)
    with pytest.raises(StorageError, match="disk is full"):
        Vault.create(vault_dir, passphrase)
    monkeypatch.undo()
    assert sorted(p.name for p in vault_dir.iterdir()) == []
    Vault.create(vault_dir, passphrase)[0].lock()


def test_full_database_during_save_is_a_clear_error_and_changes_nothing(vault: Vault) -> None:
    kept = VaultService(vault).put_draft("observation", {"a": "kept"}).version
    before = vault.status()

    def cap_growth(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    vault.engine.dispose()
    event.listen(vault.engine, "connect", cap_growth)
    with pytest.raises(StorageError, match="the disk is full"):
        VaultService(vault).put_draft("observation", {"big": "x" * 200_000})
    event.remove(vault.engine, "connect", cap_growth)
    vault.engine.dispose()
    assert vault.status() == before
    again = VaultService(vault).put_draft("observation", {"a": "later"}, record_id=kept.record_id)
    again = again.version
    assert again.parents == (kept.version_id,)


_SAVE_ON_A_FULL_DISK = """
import os, resource, signal, sys
from pathlib import Path
from ncpi_field.errors import StorageError
from ncpi_field import records
from ncpi_field.records import Draft
from ncpi_field.vault import Vault
vault = Vault.unlock(Path(sys.argv[1]), sys.argv[2])
# The disk "fills": no file may grow more than a few pages beyond the largest there now.
largest = max(p.stat().st_size for p in Path(sys.argv[1]).iterdir())
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (largest + 16384, resource.RLIM_INFINITY))
try:
    with vault.write_transaction("the record") as cursor:
        draft = Draft(form_id="observation", answers={"big": "x" * 2_000_000}, status="draft")
        records.save(cursor, draft, vault.identity.device_id, vault.clock)
except StorageError as exc:
    print(exc)
else:
    print("saved")
vault.lock()
"""


def test_a_full_disk_during_save_at_the_os_level_is_a_clear_error_and_changes_nothing(
    vault: Vault, vault_dir: Path, passphrase: str
) -> None:
    """Issue 7 item 16: the file system refuses the write (not an SQLite page cap)."""
    with vault.write_transaction("the record") as cursor:
        draft = records.Draft(form_id="observation", answers={"a": "kept"}, status="draft")
        records.save(cursor, draft, vault.identity.device_id, vault.clock)
    before = vault.status()
    vault.lock()
    child = subprocess.run(
        [sys.executable, "-c", _SAVE_ON_A_FULL_DISK, str(vault_dir), passphrase],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert child.returncode == 0, child.stderr
    said = child.stdout.strip()
    assert said.startswith("Could not save the record: the disk"), said
    assert said.endswith("Nothing was changed.")
    again = Vault.unlock(vault_dir, passphrase)
    try:
        assert again.status() == before
        with again.session() as session:
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        again.lock()

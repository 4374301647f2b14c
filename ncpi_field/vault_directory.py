"""A vault's directory and its key slots: the lock, leftovers, permissions, unwrapping, rekeying.

Light on purpose (no SQLAlchemy, no SQLCipher): unlocking derives the key (Argon2id, 64 MiB)
before the store is imported, so the two never add up in one process's peak memory.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from ncpi_field import backoff, keyslots, locking
from ncpi_field.atomic import storage_error
from ncpi_field.errors import (
    ConcurrentChange,
    UnsafeVaultDirectory,
    VaultBusy,
    VaultNotFound,
    WrongPassphrase,
)
from ncpi_field.keyslots import DEFAULT_KDF, KdfParameters, SlotKind
from ncpi_field.passphrase_policy import check_new_passphrase
from ncpi_field.vault_files import DATABASE_FILES, KEYSLOTS_NAME, check_directory

STAGING_PREFIX: Final = ".creating-"
# A creation is built in a staging directory inside the target, then linked into place, key
# slots last. os.link refuses an existing name, so nothing is ever overwritten.
PUBLISH_ORDER: Final = (*DATABASE_FILES, *backoff.FILE_NAMES, backoff.LOCK_NAME, KEYSLOTS_NAME)
LOCK_WAIT_SECONDS: Final = 30.0


def unwrap_data_key(
    directory: Path, kind: SlotKind, secret: str, clock: backoff.Clock
) -> tuple[bytes, keyslots.KeySlotFile]:
    """Check the back-off, count the attempt, open one slot (under the vault's lock)."""
    with vault_lock(directory):
        return unwrap_locked(directory, kind, secret, clock)


def unwrap_locked(
    directory: Path, kind: SlotKind, secret: str, clock: backoff.Clock
) -> tuple[bytes, keyslots.KeySlotFile]:
    clear_leftovers(directory)
    if not check_directory(directory):
        raise not_found(directory)
    slots = keyslots.load(directory / KEYSLOTS_NAME)
    slot = slots.slot(kind)
    attempts = backoff.begin_attempt(directory, clock)
    try:
        data_key = keyslots.unwrap(slot, secret, slots.vault_id)
    except WrongPassphrase as exc:
        wait = backoff.delay_after(attempts.failures)
        suffix = f" Wait {int(wait)} seconds before the next try." if wait else ""
        raise WrongPassphrase(f"{exc}{suffix}") from None
    backoff.record_success(directory)
    return data_key, slots


def change_passphrase(
    directory: Path, old: str, new: str, *, kdf: KdfParameters = DEFAULT_KDF
) -> None:
    """Rewrap the passphrase slot, proven by the old passphrase. ``vault.db`` is not touched."""
    check_new_passphrase(new)
    rekey(directory, "passphrase", old, new, kdf)


def reset_passphrase(
    directory: Path, recovery_code: str, new: str, *, kdf: KdfParameters = DEFAULT_KDF
) -> None:
    """Set a new passphrase, proven by the recovery code (the forgotten-passphrase path)."""
    check_new_passphrase(new)
    rekey(directory, "recovery", recovery_code, new, kdf)


def rekey(directory: Path, kind: SlotKind, secret: str, new: str, kdf: KdfParameters) -> None:
    """Prove ``secret``, then rewrap the passphrase slot, all under the vault's lock."""
    before = slot_bytes(directory)
    with vault_lock(directory):
        if before is not None and slot_bytes(directory) != before:
            raise ConcurrentChange(
                "The passphrase was changed by another process at the same moment, so this "
                "change was not made. Use the passphrase that change set; change it again if "
                "you need to."
            )
        data_key, slots = unwrap_locked(directory, kind, secret, time.time)
        slot = keyslots.wrap("passphrase", new, data_key, slots.vault_id, kdf)
        keyslots.save(directory / KEYSLOTS_NAME, slots.replace_slot(slot))


def slot_bytes(directory: Path) -> bytes | None:
    try:
        return (directory / KEYSLOTS_NAME).read_bytes()
    except OSError:
        return None


@contextlib.contextmanager
def vault_lock(directory: Path) -> Iterator[None]:
    """The vault's own lock, held to create it, to try a secret and to rewrap a slot."""
    if not directory.is_dir():
        raise not_found(directory)
    secure_directory(directory)
    try:
        with locking.locked_directory(directory, wait=LOCK_WAIT_SECONDS):
            yield
    except locking.LockTimeout:
        raise VaultBusy(
            f"Another NCPI Field process has held the vault in {directory} for over "
            f"{int(LOCK_WAIT_SECONDS)} seconds (creating it or changing its passphrase). "
            "Try again when it has finished."
        ) from None


def not_found(directory: Path) -> VaultNotFound:
    return VaultNotFound(f"There is no vault in {directory}.")


def clear_leftovers(directory: Path) -> None:
    """Remove what killed creations and key-slot rewrites left. Call under the vault's lock.

    A staging directory is a dead creation's (a live one holds the lock). A vault file in the
    directory is removed only when it is the very file (same inode) that staging holds and the
    key slots were never published: it is the dead creation's own, never a vault's.
    """
    for staging in directory.glob(f"{STAGING_PREFIX}*"):
        if staging.is_symlink() or not staging.is_dir():
            continue
        if not (directory / KEYSLOTS_NAME).exists():
            for name in PUBLISH_ORDER:
                unlink_if_same(staging / name, directory / name)
        shutil.rmtree(staging, ignore_errors=True)
    for leftover in directory.glob(f".{KEYSLOTS_NAME}.*.tmp"):
        # An interrupted rewrite's temp file: a complete key slot under a passphrase the person
        # was never told had been set. The key-slot file itself is whole (os.replace).
        with contextlib.suppress(OSError):
            os.unlink(leftover)


def unlink_if_same(ours: Path, theirs: Path) -> None:
    try:
        if os.path.samefile(ours, theirs):
            os.unlink(theirs)
    except OSError:
        return


def remove_stale_counter(directory: Path) -> None:
    """A counter left without a vault (its files deleted) belongs to nothing."""
    for name in (*backoff.FILE_NAMES, backoff.LOCK_NAME):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(directory / name)


def make_private_directory(directory: Path) -> None:
    """Create ``directory`` and any missing parents 0700 (whatever the umask); tighten it."""
    missing: list[Path] = []
    for candidate in (directory, *directory.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    try:
        for path in reversed(missing):
            with contextlib.suppress(FileExistsError):
                path.mkdir(mode=0o700)
    except OSError as exc:
        raise storage_error(exc, "the new vault") from exc
    secure_directory(directory)


def secure_directory(directory: Path) -> None:
    """A vault directory open to other users is made private (0700), or refused."""
    try:
        info = directory.stat()
    except OSError as exc:
        raise storage_error(exc, "the vault") from exc
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeVaultDirectory(f"{directory} is not a directory.")
    if info.st_mode & 0o077 == 0:
        return
    try:
        os.chmod(directory, 0o700)
    except OSError:
        raise UnsafeVaultDirectory(
            f"The vault directory {directory} can be read or changed by other users and its "
            "permissions could not be tightened. Make it private (chmod 700) as its owner, "
            "then try again."
        ) from None

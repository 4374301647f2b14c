"""The vault: one person's encrypted store on one machine. Create, unlock, lock, rekey."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ncpi_field import backoff, database, device, keyslots, locking, records, schema
from ncpi_field.atomic import disk_reason, fsync_directory, storage_error
from ncpi_field.errors import (
    ConcurrentChange,
    StorageError,
    UnsafeVaultDirectory,
    VaultBusy,
    VaultCorrupt,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    WrongPassphrase,
)
from ncpi_field.hlc import ZERO, HybridClock
from ncpi_field.keyslots import DEFAULT_KDF, KdfParameters, SlotKind
from ncpi_field.models import Setting
from ncpi_field.passphrase_policy import check_new_passphrase
from ncpi_field.vault_files import (
    DATABASE_FILES,
    KEYSLOTS_NAME,
    VAULT_FILES,
    check_directory,
    vault_exists,
    vault_files,
)

# The names callers use; those from vault_files are re-exported so imports keep working.
__all__ = [
    "KEYSLOTS_NAME",
    "VAULT_FILES",
    "Vault",
    "VaultStatus",
    "check_directory",
    "check_new_passphrase",
    "unwrap_data_key",
    "vault_exists",
    "vault_files",
]

STAGING_PREFIX: Final = ".creating-"
# A creation is built in a staging directory inside the target, then linked into place, key
# slots last. os.link refuses an existing name, so nothing is ever overwritten.
_PUBLISH_ORDER: Final = (*DATABASE_FILES, *backoff.FILE_NAMES, backoff.LOCK_NAME, KEYSLOTS_NAME)
LOCK_WAIT_SECONDS: Final = 30.0


@dataclass(frozen=True)
class VaultStatus:
    vault_id: str
    device_id: str
    fingerprint: str
    records: int
    versions: int
    conflicts: int
    schema_version: str
    state_digest: str


class Vault:
    """An unlocked vault. ``lock()`` drops the engine and the key; the object is then inert."""

    def __init__(self, directory: Path, engine: Engine, identity: device.DevicePublic) -> None:
        self.directory = directory
        self._engine: Engine | None = engine
        self.identity = identity
        self._write_lock = threading.Lock()
        with self.session() as session:
            self._clock = HybridClock(identity.device_id, records.latest_stamp(session) or ZERO)

    # -- opening and closing -------------------------------------------------------------------

    @classmethod
    def create(
        cls, directory: Path, passphrase: str, *, kdf: KdfParameters = DEFAULT_KDF
    ) -> tuple[Vault, str]:
        """Make a new vault; returns it unlocked with the recovery code, shown once.

        Refuses a directory that holds any vault file, and a directory another process is
        creating a vault in. Files are built in a staging directory and linked into place, so
        an interruption leaves nothing this call did not make, and the next create or unlock
        clears what a killed one left.
        """
        check_new_passphrase(passphrase)
        _make_private_directory(directory)
        try:
            with locking.locked_directory(directory, wait=0):
                _clear_leftovers(directory)
                if vault_exists(directory):
                    raise _exists_error(directory)
                return cls._create_locked(directory, passphrase, kdf)
        except locking.LockTimeout:
            raise VaultExists(
                f"Another process is creating a vault in {directory} right now. "
                "Wait for it to finish, then unlock that vault."
            ) from None

    @classmethod
    def _create_locked(
        cls, directory: Path, passphrase: str, kdf: KdfParameters
    ) -> tuple[Vault, str]:
        _remove_stale_counter(directory)
        data_key, vault_id = keyslots.new_data_key(), str(uuid.uuid4())
        recovery_code = keyslots.new_recovery_code()
        staging = directory / f"{STAGING_PREFIX}{uuid.uuid4().hex}"
        published: list[str] = []
        try:
            try:
                staging.mkdir(mode=0o700)
                _initialise(staging, data_key, vault_id)
                backoff.reset(staging)
                slots = keyslots.KeySlotFile(
                    vault_id,
                    (
                        keyslots.wrap("passphrase", passphrase, data_key, vault_id, kdf),
                        keyslots.wrap("recovery", recovery_code, data_key, vault_id, kdf),
                    ),
                )
                keyslots.save(staging / KEYSLOTS_NAME, slots)
                _publish(staging, directory, published)
            except OSError as exc:
                raise _creation_failed(directory, disk_reason(exc)) from None
            except StorageError as exc:
                raise _creation_failed(directory, exc.reason) from None
            vault = cls._open_engine(directory, data_key, vault_id)
        except BaseException:
            _unpublish(directory, published)
            raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return vault, recovery_code

    @classmethod
    def unlock(cls, directory: Path, passphrase: str, *, clock: backoff.Clock = time.time) -> Vault:
        return cls._open_with(directory, "passphrase", passphrase, clock)

    @classmethod
    def unlock_with_recovery(
        cls, directory: Path, recovery_code: str, *, clock: backoff.Clock = time.time
    ) -> Vault:
        return cls._open_with(directory, "recovery", recovery_code, clock)

    @classmethod
    def _open_with(
        cls, directory: Path, kind: SlotKind, secret: str, clock: backoff.Clock
    ) -> Vault:
        data_key, slots = unwrap_data_key(directory, kind, secret, clock)
        return cls._open_engine(directory, data_key, slots.vault_id)

    @classmethod
    def _open_engine(cls, directory: Path, data_key: bytes, vault_id: str) -> Vault:
        engine = database.open_engine(directory / database.DB_NAME, data_key)
        try:
            schema.upgrade(engine)
            with Session(engine) as session:
                stored_id = session.scalar(select(Setting.value).where(Setting.key == "vault_id"))
                identity = device.load_public(session)
        except BaseException:
            engine.dispose()
            raise
        if stored_id != vault_id:
            engine.dispose()
            raise VaultCorrupt("The key slots and the database belong to different vaults.")
        return cls(directory, engine, identity)

    @staticmethod
    def change_passphrase(
        directory: Path, old: str, new: str, *, kdf: KdfParameters = DEFAULT_KDF
    ) -> None:
        """Rewrap the passphrase slot. ``vault.db`` is not touched.

        Serialised with every other change: a change that raced another one is refused with
        ``ConcurrentChange``, and the passphrase the other one set is the one that works.
        """
        check_new_passphrase(new)
        _rekey(directory, "passphrase", old, new, kdf)

    @staticmethod
    def reset_passphrase(
        directory: Path, recovery_code: str, new: str, *, kdf: KdfParameters = DEFAULT_KDF
    ) -> None:
        """Set a new passphrase with the recovery code (the forgotten-passphrase path)."""
        check_new_passphrase(new)
        _rekey(directory, "recovery", recovery_code, new, kdf)

    def lock(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    @property
    def locked(self) -> bool:
        return self._engine is None

    # -- working with records ------------------------------------------------------------------

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work; committed if the block ends normally, rolled back otherwise."""
        if self._engine is None:
            raise VaultLocked("The vault is locked. Unlock it to continue.")
        with Session(self._engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextlib.contextmanager
    def write_transaction(self, what: str) -> Iterator[records.Cursor]:
        """One writer at a time, on a raw cursor, in an immediate transaction."""
        with self._write_lock:
            connection = self.engine.raw_connection()
            try:
                cursor = connection.cursor()
                cursor.execute("BEGIN IMMEDIATE")
                try:
                    yield cursor
                    connection.commit()
                except BaseException:
                    connection.rollback()
                    raise
            except database.DRIVER_ERRORS as exc:
                raise database.write_error(exc, what) from None
            finally:
                connection.close()

    @contextlib.contextmanager
    def write_session(self, what: str) -> Iterator[Session]:
        """One writer at a time, through the ORM, in an immediate transaction.

        For the rarer writes that read and write through models (case references); the hot
        save path uses ``write_transaction``. ``records.cursor_of`` gives a cursor inside it.
        """
        with self._write_lock:
            try:
                with Session(self.engine, expire_on_commit=False) as session:
                    session.connection().exec_driver_sql("BEGIN IMMEDIATE")
                    try:
                        yield session
                        session.commit()
                    except BaseException:
                        session.rollback()
                        raise
            except DBAPIError as exc:
                if isinstance(exc.orig, database.DRIVER_ERRORS):
                    raise database.write_error(exc.orig, what) from None
                raise
            except database.DRIVER_ERRORS as exc:
                raise database.write_error(exc, what) from None

    @property
    def clock(self) -> HybridClock:
        """The clock that stamps versions, for writers that batch saves in one write_transaction."""
        return self._clock

    def status(self) -> VaultStatus:
        with self.session() as session:
            vault_id = session.scalar(select(Setting.value).where(Setting.key == "vault_id"))
            totals = records.counts(session)
            digest = records.state_digest(session)
        assert self._engine is not None
        return VaultStatus(
            vault_id=vault_id or "",
            device_id=self.identity.device_id,
            fingerprint=self.identity.fingerprint,
            records=totals.records,
            versions=totals.versions,
            conflicts=totals.conflicts,
            schema_version=schema.current_revision(self._engine) or "",
            state_digest=digest,
        )

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise VaultLocked("The vault is locked. Unlock it to continue.")
        return self._engine


def unwrap_data_key(
    directory: Path, kind: SlotKind, secret: str, clock: backoff.Clock
) -> tuple[bytes, keyslots.KeySlotFile]:
    """Check the back-off, count the attempt, open one slot (under the vault's lock)."""
    with _vault_lock(directory):
        return _unwrap_locked(directory, kind, secret, clock)


def _unwrap_locked(
    directory: Path, kind: SlotKind, secret: str, clock: backoff.Clock
) -> tuple[bytes, keyslots.KeySlotFile]:
    _clear_leftovers(directory)
    if not check_directory(directory):
        raise _not_found(directory)
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


def _rekey(directory: Path, kind: SlotKind, secret: str, new: str, kdf: KdfParameters) -> None:
    """Prove ``secret``, then rewrap the passphrase slot, all under the vault's lock."""
    before = _slot_bytes(directory)
    with _vault_lock(directory):
        if before is not None and _slot_bytes(directory) != before:
            raise ConcurrentChange(
                "The passphrase was changed by another process at the same moment, so this "
                "change was not made. Use the passphrase that change set; change it again if "
                "you need to."
            )
        data_key, slots = _unwrap_locked(directory, kind, secret, time.time)
        slot = keyslots.wrap("passphrase", new, data_key, slots.vault_id, kdf)
        keyslots.save(directory / KEYSLOTS_NAME, slots.replace_slot(slot))


def _slot_bytes(directory: Path) -> bytes | None:
    try:
        return (directory / KEYSLOTS_NAME).read_bytes()
    except OSError:
        return None


@contextlib.contextmanager
def _vault_lock(directory: Path) -> Iterator[None]:
    """The vault's own lock, held to create it, to try a secret and to rewrap a slot."""
    if not directory.is_dir():
        raise _not_found(directory)
    _secure_directory(directory)
    try:
        with locking.locked_directory(directory, wait=LOCK_WAIT_SECONDS):
            yield
    except locking.LockTimeout:
        raise VaultBusy(
            f"Another NCPI Field process has held the vault in {directory} for over "
            f"{int(LOCK_WAIT_SECONDS)} seconds (creating it or changing its passphrase). "
            "Try again when it has finished."
        ) from None


def _not_found(directory: Path) -> VaultNotFound:
    return VaultNotFound(f"There is no vault in {directory}.")


def _exists_error(directory: Path) -> VaultExists:
    present = vault_files(directory)
    if KEYSLOTS_NAME in present:
        return VaultExists(f"There is already a vault in {directory}.")
    return VaultExists(
        f"{directory} already holds part of a vault ({', '.join(present)}) without its "
        f"key-slot file ({KEYSLOTS_NAME}); creating a vault there would destroy its records, "
        f"so nothing was done. Put {KEYSLOTS_NAME} back from a backup or from wherever it was "
        "moved: the recovery code cannot open the vault without it. To start a new vault, "
        "choose an empty directory."
    )


# -- creating -----------------------------------------------------------------------------------


def _initialise(staging: Path, data_key: bytes, vault_id: str) -> None:
    """The new database, complete and closed (so its journal is folded back into it)."""
    db_path = staging / database.DB_NAME
    engine = database.open_engine(db_path, data_key)
    try:
        db_path.chmod(0o600)
        schema.upgrade(engine)
        with Session(engine) as session, session.begin():
            session.add(Setting(key="vault_id", value=vault_id))
            device.create(session)
    except (DBAPIError, *database.DRIVER_ERRORS) as exc:
        raise _database_refused(exc) from None
    finally:
        engine.dispose()


def _database_refused(exc: Exception) -> Exception:
    """A driver error while building the database: the disk's refusal, or a real fault."""
    cause = exc.orig if isinstance(exc, DBAPIError) and isinstance(exc.orig, Exception) else exc
    error = database.write_error(cause, "the new vault")
    if not isinstance(error, StorageError):
        return error
    message = str(cause).lower()
    reason = "the disk is full" if "full" in message else "the disk refused the write"
    return StorageError(str(error), reason)


def _creation_failed(directory: Path, reason: str) -> StorageError:
    why = reason or "the disk refused the write"
    return StorageError(
        f"Could not create the vault in {directory}: {why}. Nothing was left behind.", why
    )


def _publish(staging: Path, directory: Path, published: list[str]) -> None:
    """Link the staged files into place, key slots last; ``published`` lists what was linked."""
    for name in _PUBLISH_ORDER:
        source = staging / name
        if not source.exists():
            continue
        os.link(source, directory / name)  # refuses an existing name: nothing is overwritten
        published.append(name)
    fsync_directory(directory)


def _unpublish(directory: Path, published: list[str]) -> None:
    for name in reversed(published):
        with contextlib.suppress(OSError):
            os.unlink(directory / name)
    with contextlib.suppress(OSError):
        fsync_directory(directory)


def _clear_leftovers(directory: Path) -> None:
    """Remove what killed creations and key-slot rewrites left. Call under the vault's lock.

    A staging directory is a dead creation's (a live one holds the lock). A vault file in the
    directory is removed only when it is the very file (same inode) that staging holds and the
    key slots were never published: it is the dead creation's own, never a vault's.
    """
    for staging in directory.glob(f"{STAGING_PREFIX}*"):
        if staging.is_symlink() or not staging.is_dir():
            continue
        if not (directory / KEYSLOTS_NAME).exists():
            for name in _PUBLISH_ORDER:
                _unlink_if_same(staging / name, directory / name)
        shutil.rmtree(staging, ignore_errors=True)
    for leftover in directory.glob(f".{KEYSLOTS_NAME}.*.tmp"):
        # An interrupted rewrite's temp file: a complete key slot under a passphrase the person
        # was never told had been set. The key-slot file itself is whole (os.replace).
        with contextlib.suppress(OSError):
            os.unlink(leftover)


def _unlink_if_same(ours: Path, theirs: Path) -> None:
    try:
        if os.path.samefile(ours, theirs):
            os.unlink(theirs)
    except OSError:
        return


def _remove_stale_counter(directory: Path) -> None:
    """A counter left without a vault (its files deleted) belongs to nothing."""
    for name in (*backoff.FILE_NAMES, backoff.LOCK_NAME):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(directory / name)


# -- the directory ------------------------------------------------------------------------------


def _make_private_directory(directory: Path) -> None:
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
    _secure_directory(directory)


def _secure_directory(directory: Path) -> None:
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

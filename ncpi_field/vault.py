"""The vault: one person's encrypted store on one machine. Create, unlock, lock, rekey."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ncpi_field import (
    backoff,
    database,
    device,
    keyslots,
    locking,
    records,
    schema,
    vault_directory,
)
from ncpi_field.atomic import disk_reason, fsync_directory
from ncpi_field.errors import (
    StorageError,
    VaultCorrupt,
    VaultExists,
    VaultLocked,
)
from ncpi_field.hlc import ZERO, HybridClock
from ncpi_field.keyslots import DEFAULT_KDF, KdfParameters, SlotKind
from ncpi_field.models import Setting
from ncpi_field.passphrase_policy import check_new_passphrase
from ncpi_field.vault_directory import PUBLISH_ORDER, STAGING_PREFIX, unwrap_data_key
from ncpi_field.vault_files import (
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
        vault_directory.make_private_directory(directory)
        try:
            with locking.locked_directory(directory, wait=0):
                vault_directory.clear_leftovers(directory)
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
        vault_directory.remove_stale_counter(directory)
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
        return cls.open_with_key(directory, data_key, slots.vault_id)

    @classmethod
    def open_with_key(cls, directory: Path, data_key: bytes, vault_id: str) -> Vault:
        """Open the store with a data key already unwrapped (``vault_directory``)."""
        return cls._open_engine(directory, data_key, vault_id)

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
        vault_directory.change_passphrase(directory, old, new, kdf=kdf)

    @staticmethod
    def reset_passphrase(
        directory: Path, recovery_code: str, new: str, *, kdf: KdfParameters = DEFAULT_KDF
    ) -> None:
        """Set a new passphrase with the recovery code (the forgotten-passphrase path)."""
        vault_directory.reset_passphrase(directory, recovery_code, new, kdf=kdf)

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
    for name in PUBLISH_ORDER:
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


# -- the directory ------------------------------------------------------------------------------

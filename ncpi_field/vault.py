"""The vault: one person's encrypted store on one machine. Create, unlock, lock, rekey."""

from __future__ import annotations

import contextlib
import os
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ncpi_field import backoff, database, device, keyslots, records, schema
from ncpi_field.atomic import storage_error
from ncpi_field.errors import (
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
from ncpi_field.vault_files import KEYSLOTS_NAME, vault_exists


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
        """Make a new vault; returns it unlocked with the recovery code, shown once."""
        check_new_passphrase(passphrase)
        if vault_exists(directory):
            raise VaultExists(f"There is already a vault in {directory}.")
        try:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise storage_error(exc, "the new vault") from exc
        _remove_unkeyed_database(directory)
        data_key, vault_id = keyslots.new_data_key(), str(uuid.uuid4())
        recovery_code = keyslots.new_recovery_code()
        vault: Vault | None = None
        try:
            vault = cls._initialise(directory, data_key, vault_id)
            slots = keyslots.KeySlotFile(
                vault_id,
                (
                    keyslots.wrap("passphrase", passphrase, data_key, vault_id, kdf),
                    keyslots.wrap("recovery", recovery_code, data_key, vault_id, kdf),
                ),
            )
            keyslots.save(directory / KEYSLOTS_NAME, slots)
        except BaseException:
            if vault is not None:
                vault.lock()
            _remove_unkeyed_database(directory)
            raise
        return vault, recovery_code

    @classmethod
    def _initialise(cls, directory: Path, data_key: bytes, vault_id: str) -> Vault:
        db_path = directory / database.DB_NAME
        engine = database.open_engine(db_path, data_key)
        db_path.chmod(0o600)
        try:
            schema.upgrade(engine)
            with Session(engine) as session, session.begin():
                session.add(Setting(key="vault_id", value=vault_id))
                identity = device.create(session)
        except BaseException:
            engine.dispose()
            raise
        return cls(directory, engine, identity)

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
        engine = database.open_engine(directory / database.DB_NAME, data_key)
        try:
            schema.upgrade(engine)
            with Session(engine) as session:
                stored_id = session.scalar(select(Setting.value).where(Setting.key == "vault_id"))
                identity = device.load_public(session)
        except BaseException:
            engine.dispose()
            raise
        if stored_id != slots.vault_id:
            engine.dispose()
            raise VaultCorrupt("The key slots and the database belong to different vaults.")
        return cls(directory, engine, identity)

    @staticmethod
    def change_passphrase(
        directory: Path, old: str, new: str, *, kdf: KdfParameters = DEFAULT_KDF
    ) -> None:
        """Rewrap the passphrase slot. ``vault.db`` is not touched."""
        check_new_passphrase(new)
        data_key, slots = unwrap_data_key(directory, "passphrase", old, time.time)
        _rewrap(directory, slots, data_key, new, kdf)

    @staticmethod
    def reset_passphrase(
        directory: Path, recovery_code: str, new: str, *, kdf: KdfParameters = DEFAULT_KDF
    ) -> None:
        """Set a new passphrase with the recovery code (the forgotten-passphrase path)."""
        check_new_passphrase(new)
        data_key, slots = unwrap_data_key(directory, "recovery", recovery_code, time.time)
        _rewrap(directory, slots, data_key, new, kdf)

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
    """Check the back-off, open one slot, and count the attempt."""
    if not vault_exists(directory):
        raise VaultNotFound(f"There is no vault in {directory}.")
    backoff.check(directory, clock)
    slots = keyslots.load(directory / KEYSLOTS_NAME)
    try:
        data_key = keyslots.unwrap(slots.slot(kind), secret, slots.vault_id)
    except WrongPassphrase as exc:
        attempts = backoff.record_failure(directory, clock)
        wait = backoff.delay_after(attempts.failures)
        suffix = f" Wait {int(wait)} seconds before the next try." if wait else ""
        raise WrongPassphrase(f"{exc}{suffix}") from None
    backoff.record_success(directory)
    return data_key, slots


def _rewrap(
    directory: Path,
    slots: keyslots.KeySlotFile,
    data_key: bytes,
    new: str,
    kdf: KdfParameters,
) -> None:
    slot = keyslots.wrap("passphrase", new, data_key, slots.vault_id, kdf)
    keyslots.save(directory / KEYSLOTS_NAME, slots.replace_slot(slot))


def _remove_unkeyed_database(directory: Path) -> None:
    """Files left by an interrupted creation: without key slots nobody can ever open them."""
    for name in (database.DB_NAME, f"{database.DB_NAME}-wal", f"{database.DB_NAME}-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(directory / name)

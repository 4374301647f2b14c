"""The SQLCipher engine: keyed with the raw data key; pragmas set and checked per connection."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import sqlcipher3
from sqlalchemy import URL, Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.pool import QueuePool

from ncpi_field.errors import StorageError, VaultCorrupt

DB_NAME: Final = "vault.db"

# Each pragma is set on every connection, then read back and asserted.
EXPECTED_PRAGMAS: Final[dict[str, str]] = {
    "journal_mode": "wal",
    "synchronous": "2",  # FULL
    "temp_store": "2",  # MEMORY
    "secure_delete": "1",
    "cipher_memory_security": "1",
    "foreign_keys": "1",
}
_SETTERS: Final = (
    "PRAGMA cipher_memory_security = ON",
    "PRAGMA secure_delete = ON",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
)


def open_engine(path: Path, data_key: bytes) -> Engine:
    """Open (or create) the encrypted database at ``path`` with the raw 256-bit key."""
    # "x'…'" is SQLCipher's raw-key syntax: the key is used as is, with no KDF of its own.
    url = URL.create("sqlite+pysqlcipher", password=f"x'{data_key.hex()}'", database=str(path))
    engine = create_engine(
        url,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=2,
        connect_args={"check_same_thread": False},
    )
    event.listen(engine, "connect", _configure_connection)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
    except (DatabaseError, OperationalError) as exc:
        engine.dispose()
        raise _open_error(exc) from None
    return engine


def _configure_connection(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # SQLCipher logs at WARN to stderr by default: a wrong key printed three "ERROR CORE ...
        # hmac check failed" lines before our own message. Errors reach the user as exceptions;
        # the log level is process-wide, and this pragma touches no page, so it comes first.
        cursor.execute("PRAGMA cipher_log_level = NONE")
        # Reading the schema first proves the key before any pragma writes to the file.
        cursor.execute("SELECT count(*) FROM sqlite_master")
        for statement in _SETTERS:
            cursor.execute(statement)
        for name, expected in EXPECTED_PRAGMAS.items():
            actual = str(cursor.execute(f"PRAGMA {name}").fetchone()[0]).lower()
            if actual != expected:
                raise VaultCorrupt(
                    f"The database refused a required safety setting ({name}); "
                    "the vault cannot be opened safely."
                )
    finally:
        cursor.close()


def _open_error(exc: Exception) -> Exception:
    message = str(getattr(exc, "orig", exc)).lower()
    if "full" in message or "disk i/o" in message or "readonly" in message:
        return StorageError("The vault could not be opened: the disk refused the write.")
    if isinstance(getattr(exc, "orig", None), VaultCorrupt):
        return exc.orig  # type: ignore[attr-defined,no-any-return]
    return VaultCorrupt(
        "The vault database does not open with its key: it is damaged or is not this vault's "
        "database."
    )


DRIVER_ERRORS: Final = (sqlcipher3.OperationalError, sqlcipher3.DatabaseError)


def write_error(exc: Exception, what: str) -> Exception:
    """A driver error on write, in words. SQLite's messages name no values, only conditions."""
    message = str(exc).lower()
    if "full" in message:
        return StorageError(f"Could not save {what}: the disk is full. Nothing was changed.")
    if "disk i/o" in message or "readonly" in message or "read-only" in message:
        return StorageError(
            f"Could not save {what}: the disk refused the write. Nothing was changed."
        )
    if "locked" in message or "busy" in message:
        return StorageError(
            f"Could not save {what}: the vault is busy in another window. Try again."
        )
    return VaultCorrupt(f"Could not save {what}: the database reported a fault ({message}).")


def read_pragmas(engine: Engine) -> dict[str, str]:
    """The pragmas as one fresh connection reports them (used by status and tests)."""
    with engine.connect() as connection:
        return {
            name: str(connection.execute(text(f"PRAGMA {name}")).scalar()).lower()
            for name in EXPECTED_PRAGMAS
        }

"""SECURITY 14: every connection carries the safety pragmas; the file is ciphertext."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from ncpi_field import database, keyslots
from ncpi_field.errors import VaultCorrupt
from ncpi_field.service import VaultService
from ncpi_field.vault import Vault


def test_every_pooled_connection_reports_the_pragmas(vault: Vault) -> None:
    seen: list[dict[str, str]] = []

    def read() -> None:
        seen.append(database.read_pragmas(vault.engine))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with vault.engine.connect() as a, vault.engine.connect() as b:
        for connection in (a, b):
            seen.append(
                {
                    name: str(connection.execute(text(f"PRAGMA {name}")).scalar()).lower()
                    for name in database.EXPECTED_PRAGMAS
                }
            )
    assert len(seen) == 6
    assert all(pragmas == database.EXPECTED_PRAGMAS for pragmas in seen)


def test_the_cipher_is_sqlcipher_4(vault: Vault) -> None:
    with vault.engine.connect() as connection:
        version = connection.execute(text("PRAGMA cipher_version")).scalar()
    assert str(version).startswith("4.")


def test_the_file_is_not_plain_sqlite(vault: Vault, vault_dir: Path) -> None:
    VaultService(vault).put_draft("observation", {"evidence_statement": "text"})
    vault.lock()
    header = (vault_dir / database.DB_NAME).read_bytes()[:16]
    assert header != b"SQLite format 3\x00"


def test_a_wrong_key_does_not_open_the_database(vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    with pytest.raises(VaultCorrupt, match="does not open with its key"):
        database.open_engine(vault_dir / database.DB_NAME, keyslots.new_data_key())


def test_integrity_checks_pass(vault: Vault) -> None:
    VaultService(vault).put_draft("observation", {"n": 1})
    with vault.engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert connection.execute(text("PRAGMA cipher_integrity_check")).fetchall() == []

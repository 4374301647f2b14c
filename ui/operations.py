"""One-line, typed calls from the desktop app into the core; run them through ``ui.worker``."""

from __future__ import annotations

from pathlib import Path

from ncpi_field import backoff, records
from ncpi_field.records import RecordSummary
from ncpi_field.vault import Vault, VaultStatus, vault_exists


def has_vault(directory: Path) -> bool:
    return vault_exists(directory)


def create_vault(directory: Path, passphrase: str) -> tuple[Vault, str]:
    """A new vault, unlocked, and its recovery code (to be shown once)."""
    return Vault.create(directory, passphrase)


def unlock_vault(directory: Path, passphrase: str) -> Vault:
    return Vault.unlock(directory, passphrase)


def recover_vault(directory: Path, recovery_code: str, new_passphrase: str) -> Vault:
    """The forgotten-passphrase path: set a new passphrase with the recovery code, then unlock."""
    Vault.reset_passphrase(directory, recovery_code, new_passphrase)
    return Vault.unlock(directory, new_passphrase)


def seconds_before_next_try(directory: Path) -> float:
    return backoff.seconds_left(directory)


def record_summaries(vault: Vault) -> list[RecordSummary]:
    with vault.session() as session:
        return records.list_records(session)


def vault_status(vault: Vault) -> VaultStatus:
    return vault.status()

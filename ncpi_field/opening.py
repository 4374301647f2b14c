"""Opening a vault: the key first, with only the key-slot code loaded; the store after.

Argon2id holds 64 MiB while it runs. The store (SQLAlchemy, SQLCipher, the forms engine) is
imported once the key is unwrapped, so a command's peak memory is the larger of the two, not
their sum. The command line and the app both open vaults here.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from ncpi_field import vault_directory

if TYPE_CHECKING:
    from ncpi_field.service import VaultService


def unlock_vault(directory: Path, passphrase: str) -> VaultService:
    data_key, slots = vault_directory.unwrap_data_key(
        directory, "passphrase", passphrase, time.time
    )
    return _open(directory, data_key, slots.vault_id)


def recover_vault(directory: Path, recovery_code: str, new_passphrase: str) -> VaultService:
    """The forgotten-passphrase path: a new passphrase set with the recovery code, unlocked."""
    vault_directory.reset_passphrase(directory, recovery_code, new_passphrase)
    return unlock_vault(directory, new_passphrase)


def change_passphrase(directory: Path, old: str, new: str) -> None:
    """Rewrap the passphrase slot; ``vault.db`` is not touched."""
    vault_directory.change_passphrase(directory, old, new)


def _open(directory: Path, data_key: bytes, vault_id: str) -> VaultService:
    from ncpi_field.service import VaultService  # noqa: PLC0415 - after the KDF, on purpose
    from ncpi_field.vault import Vault  # noqa: PLC0415

    return VaultService(Vault.open_with_key(directory, data_key, vault_id))

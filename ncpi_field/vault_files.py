"""Which files make a vault, and what a directory holds: light enough for the app's first screen.

No database or crypto import here, so the desktop app can decide between "create" and "unlock"
before SQLAlchemy and SQLCipher load.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from ncpi_field.errors import KeySlotsMissing

KEYSLOTS_NAME: Final = "keyslots.json"
DATABASE_NAME: Final = "vault.db"  # ncpi_field.database.DB_NAME; a test keeps them equal
DATABASE_FILES: Final = (DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm")
# Any of these in a directory means a vault (or part of one) lives there: create never runs.
VAULT_FILES: Final = (KEYSLOTS_NAME, *DATABASE_FILES)


def vault_files(directory: Path) -> list[str]:
    """The names of the vault files present in ``directory`` (key slots, database, journal)."""
    return [name for name in VAULT_FILES if os.path.lexists(directory / name)]


def vault_exists(directory: Path) -> bool:
    """True when the directory holds any vault file: a place to unlock, never to create."""
    return bool(vault_files(directory))


def check_directory(directory: Path) -> bool:
    """True for a whole vault, False for none; raises for a vault missing its key slots.

    What a first-run screen asks before it offers to create one.
    """
    present = vault_files(directory)
    if not present:
        return False
    if KEYSLOTS_NAME not in present:
        raise slots_missing(directory, present)
    return True


def slots_missing(directory: Path, present: list[str]) -> KeySlotsMissing:
    return KeySlotsMissing(
        f"The vault in {directory} has its database ({', '.join(present)}) but its key-slot "
        f"file ({KEYSLOTS_NAME}) is missing, so it cannot be opened. Put {KEYSLOTS_NAME} back "
        "from a backup or from wherever it was moved: the passphrase and the recovery code "
        "both need it. Do not create a new vault here."
    )

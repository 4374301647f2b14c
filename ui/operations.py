"""The desktop app's calls into the core: the vault service's use cases, run through ``ui.worker``.

Each is one line into ``ncpi_field.service``, the same functions the command line calls. The
core is imported on first use, so the unlock window can paint before SQLAlchemy and the
crypto libraries load.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ncpi_field.service import RecordSummary, VaultService


def has_vault(directory: Path) -> bool:
    from ncpi_field.service import has_vault as found  # noqa: PLC0415 - see the module note

    return found(directory)


def create_vault(directory: Path, passphrase: str) -> tuple[VaultService, str]:
    """A new vault, unlocked, and its recovery code (to be shown once)."""
    from ncpi_field import service  # noqa: PLC0415

    return service.create_vault(directory, passphrase)


def unlock_vault(directory: Path, passphrase: str) -> VaultService:
    from ncpi_field import opening  # noqa: PLC0415 - the key first, then the store

    return opening.unlock_vault(directory, passphrase)


def recover_vault(directory: Path, recovery_code: str, new_passphrase: str) -> VaultService:
    """The forgotten-passphrase path: set a new passphrase with the recovery code, then unlock."""
    from ncpi_field import opening  # noqa: PLC0415

    return opening.recover_vault(directory, recovery_code, new_passphrase)


def seconds_before_next_try(directory: Path) -> float:
    from ncpi_field import service  # noqa: PLC0415

    return service.seconds_before_next_try(directory)


def record_summaries(vault: VaultService) -> list[RecordSummary]:
    return vault.list_records()

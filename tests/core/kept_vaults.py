"""Vaults made by earlier code and kept in tests/data/vaults, opened (and so upgraded) as copies."""

from __future__ import annotations

import shutil
from pathlib import Path

from ncpi_field.service import VaultService, unlock_vault
from tests.conftest import PASSPHRASE


def upgraded(data_dir: Path, tmp_path: Path, schema: str) -> VaultService:
    """A copy of the vault kept at ``schema`` (e.g. "schema-0004"), unlocked: migrated to head."""
    copy = tmp_path / "vault"
    shutil.copytree(data_dir / "vaults" / schema, copy)
    return unlock_vault(copy, PASSPHRASE)

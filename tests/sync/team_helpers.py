"""The team the sync tests work with: its passphrase, and its four unlocked vaults."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ncpi_field.service import VaultService, unlock_vault

PASSPHRASE = "correct horse battery staple"
NAMES = ("lead", "alice", "bob", "carol")


@dataclass
class Team:
    root: Path
    lead: VaultService
    alice: VaultService
    bob: VaultService
    carol: VaultService

    def key(self, name: str) -> Path:
        return self.root / f"{name}.key"

    def reopen(self, name: str) -> VaultService:
        getattr(self, name).lock()
        service = unlock_vault(self.root / name, PASSPHRASE)
        setattr(self, name, service)
        return service

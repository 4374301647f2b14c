"""A team of four vaults (a lead and three inspectors) that trust each other, copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ncpi_field.service import VaultService, create_vault, unlock_vault
from sync import team

PASSPHRASE = "correct horse battery staple"
NAMES = ("lead", "alice", "bob", "carol")


@pytest.fixture(scope="session")
def team_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("team")
    services = {name: create_vault(root / name, PASSPHRASE)[0] for name in NAMES}
    team.become_lead(services["lead"])
    for name, service in services.items():
        team.export_key(service, root / f"{name}.key")
    for member in NAMES[1:]:
        team.trust(services["lead"], root / f"{member}.key")
        team.trust(services[member], root / "lead.key")
    for service in services.values():
        service.lock()
    return root


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


@pytest.fixture
def team_vaults(team_template: Path, tmp_path: Path) -> Iterator[Team]:
    root = tmp_path / "team"
    shutil.copytree(team_template, root)
    opened = Team(root, *(unlock_vault(root / name, PASSPHRASE) for name in NAMES))
    yield opened
    for name in NAMES:
        getattr(opened, name).lock()

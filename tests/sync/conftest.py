"""A team of four vaults (a lead and three inspectors) that trust each other, copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from team_helpers import NAMES, PASSPHRASE, Team

from ncpi_field.service import create_vault, unlock_vault
from sync import team


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


@pytest.fixture
def team_vaults(team_template: Path, tmp_path: Path) -> Iterator[Team]:
    root = tmp_path / "team"
    shutil.copytree(team_template, root)
    opened = Team(root, *(unlock_vault(root / name, PASSPHRASE) for name in NAMES))
    yield opened
    for name in NAMES:
        getattr(opened, name).lock()

"""Shared fixtures. Qt runs offscreen; vaults live in per-test temporary directories."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ncpi_field.vault import Vault

settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

PASSPHRASE = "correct horse battery staple"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session", autouse=True)
def _form_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Parsed forms are cached on disk (ncpi_field.form_cache): not in the developer's cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


@pytest.fixture
def passphrase() -> str:
    return PASSPHRASE


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture(scope="session")
def template_vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One new vault a session, locked, with its recovery code: tests get copies of it.

    Creating a vault derives two keys at the real cost and builds the schema; a copy costs a few
    milliseconds. Copies share the vault id and device identity: a test that needs two distinct
    vaults creates them itself.
    """
    directory = tmp_path_factory.mktemp("template") / "vault"
    opened, code = Vault.create(directory, PASSPHRASE)
    opened.lock()
    return directory, code


@pytest.fixture
def created_vault(vault_dir: Path, template_vault: tuple[Path, str]) -> tuple[Path, str]:
    """A new vault, locked: its directory and its recovery code (a copy of the template)."""
    template, code = template_vault
    shutil.copytree(template, vault_dir)
    return vault_dir, code


@pytest.fixture
def vault(created_vault: tuple[Path, str]) -> Iterator[Vault]:
    """A new vault, unlocked with the passphrase."""
    opened = Vault.unlock(created_vault[0], PASSPHRASE)
    yield opened
    opened.lock()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """Third-party test data kept in the repository (tests/data/README.md says whose)."""
    return DATA

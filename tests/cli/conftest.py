"""Fixtures for the command-line tests: a passphrase in the environment and a private state dir."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, passphrase: str, tmp_path: Path) -> None:
    """The passphrase as scripts pass it, and errors.log kept in the test's own directory."""
    monkeypatch.setenv("NCPI_PASSPHRASE", passphrase)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))

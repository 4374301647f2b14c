"""Fixtures for the desktop app tests: an app shell on a per-test vault and settings file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from app_helpers import WAIT_MS
from pytestqt.qtbot import QtBot

from ui import worker
from ui.app import AppShell
from ui.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.at(tmp_path / "settings.ini")


@pytest.fixture
def make_shell(
    qtbot: QtBot, vault_dir: Path, settings: Settings
) -> Iterator[Callable[[], AppShell]]:
    """Start an app shell on the test's vault directory; it is quit and cleaned up afterwards."""
    shells: list[AppShell] = []

    def start() -> AppShell:
        shell = AppShell(vault_dir, settings)
        qtbot.addWidget(shell.window)
        shells.append(shell)
        shell.start()
        return shell

    yield start
    qtbot.waitUntil(lambda: not worker.busy(), timeout=WAIT_MS)
    for shell in shells:
        shell.quit()

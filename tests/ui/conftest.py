"""Fixtures for the desktop app tests: an app shell on a per-test vault and settings file.

Every test here is marked ``gui`` by collection, not by a mark pasted per file: a new file cannot
forget it. Qt's log settings (warnings fail a test) are set once in pyproject.toml.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from app_helpers import WAIT_MS
from pytestqt.qtbot import QtBot

from ui import worker
from ui.app import AppShell
from ui.settings import Settings

HERE = Path(__file__).resolve().parent
QT_FIXTURES = frozenset({"qtbot", "qapp", "qtmodeltester"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``gui`` the tests in this folder and any other test that starts Qt through a fixture."""
    for item in items:
        in_here = item.path.is_relative_to(HERE)
        if in_here or QT_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


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


@pytest.fixture(autouse=True)
def _release_frozen_objects() -> Iterator[None]:
    """A form view left open by a test keeps the objects alive at its build frozen out of the
    garbage collector (FormView._hold_still); the next test starts without them."""
    yield
    gc.unfreeze()

"""Settings, default paths, resources, ``run_app`` and the screenshot script."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from app_helpers import unlock
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui import app as app_module
from ui import paths, screenshots, style
from ui.dialogs.create_vault import CreateVaultDialog
from ui.settings import IDLE_TIMEOUT_MS, KNOWN_KEYS, Settings


def test_defaults(settings: Settings) -> None:
    assert settings.idle_timeout_ms == 10 * 60 * 1000
    assert settings.lock_on_minimise is True
    assert settings.window_geometry is None
    assert settings.keys() == []


def test_values_round_trip_through_the_file(tmp_path: Path) -> None:
    first = Settings.at(tmp_path / "s.ini")
    first.idle_timeout_ms = 1234
    first.lock_on_minimise = False
    first.sync()
    again = Settings.at(tmp_path / "s.ini")
    assert again.idle_timeout_ms == 1234
    assert again.lock_on_minimise is False
    assert set(again.keys()) <= KNOWN_KEYS


def test_bad_or_negative_values_fall_back(tmp_path: Path) -> None:
    raw = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    raw.setValue(IDLE_TIMEOUT_MS.key, "ten minutes")
    raw.sync()
    settings = Settings.at(tmp_path / "s.ini")
    assert settings.idle_timeout_ms == IDLE_TIMEOUT_MS.default
    settings.idle_timeout_ms = -5
    assert settings.idle_timeout_ms == 0


def test_window_geometry_is_kept_on_quit(
    qtbot: QtBot, make_shell, settings: Settings, created_vault, passphrase: str
) -> None:
    shell = make_shell()
    unlock(qtbot, shell, passphrase)
    shell.window.resize(900, 500)
    shell.quit()
    assert settings.window_geometry is not None
    assert set(settings.keys()) <= KNOWN_KEYS


def test_default_vault_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NCPI_VAULT", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert paths.default_vault_dir() == tmp_path / "data" / "ncpi-field" / "vault"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert paths.default_vault_dir() == tmp_path / "home" / ".local/share/ncpi-field/vault"
    monkeypatch.setenv("NCPI_VAULT", str(tmp_path / "elsewhere"))
    assert paths.default_vault_dir() == tmp_path / "elsewhere"


def test_stylesheet_and_icon_load() -> None:
    assert "QTableView#recordTable" in style.stylesheet()
    icon = style.app_icon()
    assert not icon.isNull()
    assert not icon.pixmap(32, 32).isNull()


def test_run_app_opens_on_the_vault_and_quits(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_app installs its own
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    seen: list[str] = []

    def press_quit() -> None:
        dialogs = [w for w in qapp.topLevelWidgets() if isinstance(w, CreateVaultDialog)]
        visible = [d for d in dialogs if d.isVisible()]
        seen.append(visible[0].windowTitle())
        visible[0].quit_button.click()

    QTimer.singleShot(200, press_quit)
    try:
        assert app_module.run_app(tmp_path / "new-vault") == 0
    finally:
        qapp.setStyleSheet("")
        qapp.setQuitOnLastWindowClosed(True)
    assert seen == ["Create your vault"]
    assert not (tmp_path / "new-vault" / "keyslots.json").exists()
    assert (tmp_path / "cfg").is_dir()


def test_screenshot_script_writes_every_image(qtbot: QtBot, tmp_path: Path) -> None:
    written = screenshots.take(tmp_path / "out", tmp_path / "work")
    names = [p.name for p in written]
    assert names == [
        "screenshot-unlock.png",
        "screenshot-main.png",
        "screenshot-form.png",
        "screenshot-inspection.png",
    ]
    for path in written:
        image = QImage(str(path))
        assert image.width() > 300
        assert image.height() > 150

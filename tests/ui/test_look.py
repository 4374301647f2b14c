"""The look: the system's light or dark scheme followed, readable contrast, nothing clipped at
1366x768 in either scheme."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from app_helpers import unlock
from layout_checks import clipped_widgets
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui import style
from ui.app import AppShell

MakeShell = Callable[[], AppShell]
HERE = Path(__file__).resolve().parent
# Text on its ground, as the stylesheet pairs them.
PAIRS = [
    ("text", "base"),
    ("text", "window"),
    ("muted", "base"),
    ("status_text", "base"),
    ("error", "base"),
    ("wait_text", "window"),
    ("warning_text", "warning_bg"),
    ("on_accent", "accent"),
    ("text", "selection"),
    ("text", "header"),
    ("text", "alternate"),
]


def luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", sorted(style.SCHEMES))
def test_every_colour_the_stylesheet_names_is_filled(scheme: str) -> None:
    rules = re.sub(r"/\*.*?\*/", "", style.stylesheet(scheme), flags=re.DOTALL)
    assert "@" not in rules
    assert set(style.SCHEMES[scheme]) == set(style.SCHEMES[style.LIGHT])


@pytest.mark.parametrize("scheme", sorted(style.SCHEMES))
@pytest.mark.parametrize(("text", "ground"), PAIRS)
def test_text_keeps_wcag_aa_contrast_in_each_scheme(scheme: str, text: str, ground: str) -> None:
    colours = style.SCHEMES[scheme]
    assert contrast(colours[text], colours[ground]) >= 4.5


def test_the_app_follows_the_system_scheme_as_it_changes(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    style.apply(app)
    hints = app.styleHints()
    try:
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert app.property("colorScheme") == style.DARK
        window = app.palette().color(QPalette.ColorRole.Window).name()
        assert window == style.SCHEMES[style.DARK]["window"]
        assert style.SCHEMES[style.DARK]["text"] in app.styleSheet()
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
        assert app.property("colorScheme") == style.LIGHT
        assert style.SCHEMES[style.LIGHT]["text"] in app.styleSheet()
    finally:
        app.setStyleSheet("")
        app.setPalette(QPalette())


@pytest.mark.parametrize("scheme", sorted(style.SCHEMES))
@pytest.mark.usefixtures("created_vault")
def test_nothing_is_clipped_at_1366x768(
    qtbot: QtBot, make_shell: MakeShell, passphrase: str, scheme: str
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    style.apply(app)
    style.apply_scheme(app, scheme)
    try:
        shell = make_shell()
        shell.window.resize(1366, 768)
        shell.window.show()
        qtbot.waitExposed(shell.window)
        unlock(qtbot, shell, passphrase)
        qtbot.wait(50)
        assert clipped_widgets(shell.window) == []
        for form_id in ("case_audit", "reality_test", "observation", "debrief"):
            shell.new_record(form_id)
            shell.window.form_view.finish_building()
            qtbot.wait(50)
            assert shell.window.width() <= 1366
            assert clipped_widgets(shell.window) == [], form_id
    finally:
        app.setStyleSheet("")
        app.setPalette(QPalette())


@pytest.mark.usefixtures("created_vault")
def test_nothing_is_clipped_at_twice_the_pixel_density(vault_dir: Path, passphrase: str) -> None:
    """High-DPI: the same window at device pixel ratio 2 (its own process: Qt reads the scale
    factor once, at start)."""
    env = {
        **os.environ,
        "NCPI_PASSPHRASE": passphrase,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_SCALE_FACTOR": "2",
        "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, str(HERE / "clip_at_scale.py"), str(vault_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["ratio"] == 2
    assert result["size"] == [1366, 768]
    assert result["clipped"] == {key: [] for key in result["clipped"]}
    assert len(result["clipped"]) == 5

"""The look of the app: the stylesheet and icon shipped in the ``resources`` folder.

The stylesheet names its colours (``@text``, ``@base``...); they are filled from the light or the
dark scheme, whichever the system asks for, and again whenever it changes its mind. Sizes stay
in points and the layouts' own hints, so high-DPI scaling needs nothing here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

# Installed beside this package (the wheel's resources/, or the clone's). Found by path, never by
# importing the generic name "resources", which any folder of that name on sys.path would shadow.
RESOURCES_DIR: Final = Path(__file__).resolve().parent.parent / "resources"
STYLESHEET: Final = "app.qss"
ICON: Final = "app-icon.svg"
LIGHT: Final = "light"
DARK: Final = "dark"
# Each pair of text and ground keeps WCAG AA contrast (4.5:1) in its scheme.
SCHEMES: Final[dict[str, dict[str, str]]] = {
    LIGHT: {
        "window": "#f7f8fa",
        "base": "#ffffff",
        "text": "#1b1f24",
        "muted": "#4a5561",
        "status_text": "#33404d",
        "line": "#d9dde3",
        "grid": "#e6e9ed",
        "alternate": "#f3f5f8",
        "header": "#eef1f4",
        "hover": "#eef3f8",
        "hover_border": "#9fb3c8",
        "input_border": "#b8c0ca",
        "button_border": "#9aa5b1",
        "accent": "#1f4e79",
        "on_accent": "#ffffff",
        "selection": "#cfe0f1",
        "track": "#dde5ee",
        "disabled_text": "#6f7882",
        "disabled_bg": "#eceef1",
        "disabled_border": "#cfd4da",
        "error": "#a1260d",
        "wait_text": "#6b4a00",
        "warning_text": "#7a4a00",
        "warning_bg": "#fff4ce",
        "warning_border": "#d8b65a",
    },
    DARK: {
        "window": "#1b1f24",
        "base": "#24292f",
        "text": "#e6e9ed",
        "muted": "#aeb8c2",
        "status_text": "#c9d1d9",
        "line": "#3b434c",
        "grid": "#333a42",
        "alternate": "#2a3037",
        "header": "#2d333b",
        "hover": "#2f3a46",
        "hover_border": "#5f7d9c",
        "input_border": "#5a646f",
        "button_border": "#66717d",
        "accent": "#8cbcf0",
        "on_accent": "#0d1b2a",
        "selection": "#2e4c6b",
        "track": "#37414c",
        "disabled_text": "#8d97a1",
        "disabled_bg": "#2a2f35",
        "disabled_border": "#3b434c",
        "error": "#ff9580",
        "wait_text": "#f2c46d",
        "warning_text": "#f5d58a",
        "warning_bg": "#3a3220",
        "warning_border": "#8c7437",
    },
}
_TOKEN: Final = re.compile(r"@([a-z_]+)\b")


def read_resource(name: str) -> bytes:
    return (RESOURCES_DIR / name).read_bytes()


def stylesheet(scheme: str = LIGHT) -> str:
    """The stylesheet with its colours filled in for ``scheme``."""
    colours = SCHEMES[scheme]
    text = read_resource(STYLESHEET).decode("utf-8")
    return _TOKEN.sub(lambda found: colours.get(found.group(1), found.group(0)), text)


def palette(scheme: str) -> QPalette:
    """Fusion's palette in the scheme's colours: what the stylesheet does not paint."""
    colours = SCHEMES[scheme]
    roles = {
        QPalette.ColorRole.Window: "window",
        QPalette.ColorRole.WindowText: "text",
        QPalette.ColorRole.Base: "base",
        QPalette.ColorRole.AlternateBase: "alternate",
        QPalette.ColorRole.Text: "text",
        QPalette.ColorRole.Button: "base",
        QPalette.ColorRole.ButtonText: "text",
        QPalette.ColorRole.ToolTipBase: "base",
        QPalette.ColorRole.ToolTipText: "text",
        QPalette.ColorRole.PlaceholderText: "muted",
        QPalette.ColorRole.Highlight: "selection",
        QPalette.ColorRole.HighlightedText: "text",
        QPalette.ColorRole.Link: "accent",
        QPalette.ColorRole.Mid: "line",
    }
    shown = QPalette()
    for role, name in roles.items():
        shown.setColor(role, QColor(colours[name]))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        shown.setColor(QPalette.ColorGroup.Disabled, role, QColor(colours["disabled_text"]))
    return shown


def scheme_of(asked: Qt.ColorScheme) -> str:
    return DARK if asked == Qt.ColorScheme.Dark else LIGHT


def system_scheme() -> str:
    """The scheme the system asks for (light when it says nothing)."""
    return scheme_of(QGuiApplication.styleHints().colorScheme())


def app_icon() -> QIcon:
    data = read_resource(ICON)
    pixmap = QPixmap()
    pixmap.loadFromData(data, "SVG")
    return QIcon(pixmap)


def apply_scheme(app: QApplication, scheme: str | None = None) -> None:
    """Paint the app in ``scheme``, or the system's."""
    chosen = scheme or system_scheme()
    app.setPalette(palette(chosen))
    app.setStyleSheet(stylesheet(chosen))
    app.setProperty("colorScheme", chosen)


def apply(app: QApplication) -> None:
    app.setStyle("Fusion")  # the same look on every platform, so the stylesheet reads the same
    apply_scheme(app)
    app.setWindowIcon(app_icon())
    if not app.property("followsColorScheme"):
        app.setProperty("followsColorScheme", True)
        hints = app.styleHints()
        hints.colorSchemeChanged.connect(lambda asked: apply_scheme(app, scheme_of(asked)))

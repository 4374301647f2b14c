"""The look of the app: the stylesheet and icon shipped in the ``resources`` package."""

from __future__ import annotations

from importlib import resources
from typing import Final

from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication

STYLESHEET: Final = "app.qss"
ICON: Final = "app-icon.svg"


def stylesheet() -> str:
    return resources.files("resources").joinpath(STYLESHEET).read_text("utf-8")


def app_icon() -> QIcon:
    data = resources.files("resources").joinpath(ICON).read_bytes()
    pixmap = QPixmap()
    pixmap.loadFromData(data, "SVG")
    return QIcon(pixmap)


def apply(app: QApplication) -> None:
    app.setStyle("Fusion")  # the same look on every platform, so the stylesheet reads the same
    app.setStyleSheet(stylesheet())
    app.setWindowIcon(app_icon())

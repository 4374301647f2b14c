"""The look of the app: the stylesheet and icon shipped in the ``resources`` folder."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication

# Installed beside this package (the wheel's resources/, or the clone's). Found by path, never by
# importing the generic name "resources", which any folder of that name on sys.path would shadow.
RESOURCES_DIR: Final = Path(__file__).resolve().parent.parent / "resources"
STYLESHEET: Final = "app.qss"
ICON: Final = "app-icon.svg"


def read_resource(name: str) -> bytes:
    return (RESOURCES_DIR / name).read_bytes()


def stylesheet() -> str:
    return read_resource(STYLESHEET).decode("utf-8")


def app_icon() -> QIcon:
    data = read_resource(ICON)
    pixmap = QPixmap()
    pixmap.loadFromData(data, "SVG")
    return QIcon(pixmap)


def apply(app: QApplication) -> None:
    app.setStyle("Fusion")  # the same look on every platform, so the stylesheet reads the same
    app.setStyleSheet(stylesheet())
    app.setWindowIcon(app_icon())

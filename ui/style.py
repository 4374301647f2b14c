"""The look of the app: the stylesheet and icon shipped in the ``resources`` package."""

from __future__ import annotations

import importlib
from importlib import resources
from pathlib import Path
from typing import Final

from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication

PACKAGE: Final = "resources"
STYLESHEET: Final = "app.qss"
ICON: Final = "app-icon.svg"


def read_resource(name: str) -> bytes:
    try:
        return resources.files(PACKAGE).joinpath(name).read_bytes()
    except NotADirectoryError:
        # An editable install made before resources/ had an __init__.py sees a namespace package,
        # which Python 3.11's importlib.resources cannot read; its directories still can be.
        for base in importlib.import_module(PACKAGE).__path__:
            candidate = Path(base) / name
            if candidate.is_file():
                return candidate.read_bytes()
        raise


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

"""How the desktop app tells a person about errors: their message, or an apology and a safe log."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ncpi_field.errors import UserError
from ui import crashlog
from ui.paths import log_dir

LOGGER: Final = logging.getLogger("ncpi_field.ui")
APOLOGY: Final = (
    "Sorry, something went wrong inside NCPI Field. What you had already saved is safe: every "
    "save is on disk before it is confirmed."
)


# A box without a parent is owned by Python alone: hold it until it is closed, or it vanishes.
_open_boxes: set[QMessageBox] = set()


def configure_logging(directory: Path | None = None) -> Path | None:
    """Send internal-error entries to ``errors.log``; the entries never hold field values."""
    try:
        target = crashlog.prepare(directory or log_dir())
        handler = logging.FileHandler(target, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("[%(asctime)s] %(levelname)s %(message)s"))
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    return target


def stop_logging() -> None:
    for handler in list(LOGGER.handlers):
        LOGGER.removeHandler(handler)
        handler.close()


def log_file() -> Path | None:
    for handler in LOGGER.handlers:
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None


def log_internal_error(exc: BaseException) -> None:
    """Type and code locations only: an exception's message may quote a value it choked on."""
    LOGGER.error("internal error\n%s", crashlog.describe(exc))


def show_user_error(exc: UserError, parent: QWidget | None = None) -> QMessageBox:
    """The core's message, as written, in a dialog."""
    return _open_box(QMessageBox.Icon.Warning, "NCPI Field", str(exc), parent)


def show_crash(exc: BaseException, parent: QWidget | None = None) -> QMessageBox:
    log_internal_error(exc)
    path = log_file()
    where = (
        f" Details for the developers, with no case data in them, are in {path}." if path else ""
    )
    text = f"{APOLOGY}\n\nThe problem was an internal {type(exc).__name__}.{where}"
    return _open_box(QMessageBox.Icon.Critical, "NCPI Field: internal error", text, parent)


def report_unexpected(exc: BaseException, parent: QWidget | None = None) -> QMessageBox:
    """Route any exception: a ``UserError`` shows its message, anything else is a crash."""
    if isinstance(exc, UserError):
        return show_user_error(exc, parent)
    return show_crash(exc, parent)


def _open_box(icon: QMessageBox.Icon, title: str, text: str, parent: QWidget | None) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorDialog")
    box.setAccessibleName(title)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    _open_boxes.add(box)
    box.finished.connect(lambda _result: _open_boxes.discard(box))
    box.open()
    return box


def handle_uncaught(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        QApplication.quit()
        return
    exc.__traceback__ = tb
    report_unexpected(exc, QApplication.activeWindow())


def install_excepthook() -> None:
    """No traceback reaches the person: uncaught exceptions in slots become these dialogs."""
    sys.excepthook = handle_uncaught

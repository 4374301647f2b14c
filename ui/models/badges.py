"""The record list's badges: a coloured mark for each status, and words for a conflict."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPixmap

BADGE_SIZE: Final = 12


@dataclass(frozen=True)
class StatusBadge:
    colour: str
    description: str

    def icon(self) -> QIcon | None:
        # A pixmap needs the GUI application (a model may be read before, or without, one).
        return _dot(self.colour) if QGuiApplication.instance() is not None else None


STATUS_BADGES: Final = {
    "draft": StatusBadge("#b26a00", "Draft: saved, not yet checked as complete"),
    "complete": StatusBadge("#2e7d32", "Complete: the form's checks passed"),
    "withdrawn": StatusBadge("#616161", "Withdrawn: kept with its history, out of the sample"),
}
UNKNOWN_STATUS: Final = StatusBadge("#616161", "Status not known to this version of the app")

# Under the column header "Conflict": the kind alone says it; the description says the rest.
CONFLICT_TEXT: Final = {"soft": "⚠ Soft", "hard": "⚠ Hard", "": "⚠ Conflict"}
CONFLICT_TIP: Final = {
    "soft": "different fields were changed on two devices: they can be merged automatically",
    "hard": "the same answers were changed in different ways: a person decides",
    "": "open the record to resolve them",
}


def status_badge(status: str) -> StatusBadge:
    return STATUS_BADGES.get(status, UNKNOWN_STATUS)


def conflict_badge(head_count: int, kind: str) -> tuple[str, str]:
    """The conflict cell's text and its description ("", "" for a record with one head)."""
    if head_count <= 1:
        return "", ""
    kind = kind if kind in CONFLICT_TEXT else ""
    named = f"{kind.capitalize()} conflict: " if kind else ""
    return CONFLICT_TEXT[kind], f"{named}{head_count} versions disagree; {CONFLICT_TIP[kind]}."


@cache
def _dot(colour: str) -> QIcon:
    pixmap = QPixmap(BADGE_SIZE, BADGE_SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(1, 1, BADGE_SIZE - 2, BADGE_SIZE - 2)
    painter.end()
    return QIcon(pixmap)

"""The returned-to-force model: one row per case marked immediate risk, from the service's list.

It holds titles (pseudonymous audit references), statuses and times, never answers or the
force's case reference; ``clear()`` on lock drops them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from enum import IntEnum
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, Qt

from ui.models.rows_model import RowsModel

if TYPE_CHECKING:  # the window shows before the core (and SQLAlchemy) is loaded
    from ncpi_field.service import ReturnedCase

RECORD_ID_ROLE: Final = Qt.ItemDataRole.UserRole + 2


class Column(IntEnum):
    CASE = 0
    STATUS = 1
    MARKED = 2


HEADERS: Final = {Column.CASE: "Case", Column.STATUS: "Return status", Column.MARKED: "Marked"}


class ReturnedCasesModel(RowsModel["ReturnedCase"]):
    """Read-only rows; ``tick()`` moves "marked N hours ago" on without reading the vault."""

    headers = tuple(HEADERS[c] for c in Column)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._now = datetime.now(UTC)

    def load(self, rows: Sequence[ReturnedCase], now: datetime | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._now = now or datetime.now(UTC)
        self.endResetModel()

    def tick(self, now: datetime | None = None) -> None:
        self._now = now or datetime.now(UTC)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, Column.MARKED), self.index(len(self._rows) - 1, Column.MARKED)
            )

    def record_id(self, row: int) -> str:
        return self._rows[row].record_id

    def cell(self, row: ReturnedCase, column: int) -> str:
        if column == Column.CASE:
            suffix = " (withdrawn)" if row.record_status == "withdrawn" else ""
            return f"{'⚠ ' if row.in_conflict else ''}{row.title}{suffix}"
        if column == Column.STATUS:
            return row.status_label
        return row.marked_ago(self._now)

    def describe(self, row: ReturnedCase, column: int) -> str:
        words = [f"{row.title}: {row.status_label}, marked {row.marked_ago(self._now)}"]
        if row.record_status == "withdrawn":
            words.append("the audit is withdrawn")
        if row.in_conflict:
            words.append("the record is in conflict")
        return "; ".join(words) + ". Press Enter to open it."

    def other_role(self, row: ReturnedCase, column: int, role: int) -> str | None:
        return row.record_id if role == RECORD_ID_ROLE else None

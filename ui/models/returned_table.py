"""The returned-to-force model: one row per case marked immediate risk, from the service's list.

It holds titles (pseudonymous audit references), statuses and times, never answers or the
force's case reference; ``clear()`` on lock drops them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from enum import IntEnum
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

if TYPE_CHECKING:  # the window shows before the core (and SQLAlchemy) is loaded
    from ncpi_field.service import ReturnedCase

RECORD_ID_ROLE: Final = Qt.ItemDataRole.UserRole + 2
AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    CASE = 0
    STATUS = 1
    MARKED = 2


HEADERS: Final = {Column.CASE: "Case", Column.STATUS: "Return status", Column.MARKED: "Marked"}


class ReturnedCasesModel(QAbstractTableModel):
    """Read-only rows; ``tick()`` moves "marked N hours ago" on without reading the vault."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ReturnedCase] = []
        self._now = datetime.now(UTC)

    def load(self, rows: Sequence[ReturnedCase], now: datetime | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._now = now or datetime.now(UTC)
        self.endResetModel()

    def clear(self) -> None:
        self.load(())

    def tick(self, now: datetime | None = None) -> None:
        self._now = now or datetime.now(UTC)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, Column.MARKED), self.index(len(self._rows) - 1, Column.MARKED)
            )

    def record_id(self, row: int) -> str:
        return self._rows[row].record_id

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(Column)
        ):
            return HEADERS[Column(section)]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        if not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < len(Column):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(row, column)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._describe(row)
        if role == RECORD_ID_ROLE:
            return row.record_id
        return None

    def _cell(self, row: ReturnedCase, column: Column) -> str:
        if column == Column.CASE:
            suffix = " (withdrawn)" if row.record_status == "withdrawn" else ""
            return f"{'⚠ ' if row.in_conflict else ''}{row.title}{suffix}"
        if column == Column.STATUS:
            return row.status_label
        return row.marked_ago(self._now)

    def _describe(self, row: ReturnedCase) -> str:
        words = [f"{row.title}: {row.status_label}, marked {row.marked_ago(self._now)}"]
        if row.record_status == "withdrawn":
            words.append("the audit is withdrawn")
        if row.in_conflict:
            words.append("the record is in conflict")
        return "; ".join(words) + ". Press Enter to open it."

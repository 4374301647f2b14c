"""Records in conflict, as a list shows them: title, instrument, soft or hard, heads, why."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ui.models.record_table import form_label

if TYPE_CHECKING:
    from sync.resolution import ConflictSummary

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    RECORD = 0
    INSTRUMENT = 1
    KIND = 2
    HEADS = 3
    REASON = 4


HEADERS: Final = {
    Column.RECORD: "Record",
    Column.INSTRUMENT: "Instrument",
    Column.KIND: "Kind",
    Column.HEADS: "Versions",
    Column.REASON: "Why",
}


class ConflictListModel(QAbstractTableModel):
    """Read-only rows from ``ConflictResolution.list_conflicts``; cleared on lock."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ConflictSummary] = []

    def load(self, rows: Sequence[ConflictSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record_id(self, row: int) -> str:
        return self._rows[row].record_id

    def row_of(self, record_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.record_id == record_id), None)

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
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(row, Column(index.column()))
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{row.title}: {row.kind} conflict, {row.head_count} versions; {row.reason}."
        return None


def _cell(row: ConflictSummary, column: Column) -> str:
    if column == Column.RECORD:
        return row.title
    if column == Column.INSTRUMENT:
        return form_label(row.form_id)
    if column == Column.KIND:
        return row.kind
    if column == Column.HEADS:
        return str(row.head_count)
    return row.reason

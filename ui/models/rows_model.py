"""One read-only table model for rows loaded whole: headers, a cell per column, a description.

A subclass names its ``headers`` and says what a row shows in a column (``cell``), what a
reader hears and a tooltip shows for it (``describe``, by default the cell), and any role of
its own (``other_role``). Rows are dropped whole by ``clear()`` (on lock).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

AnyIndex = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")
DESCRIBED: tuple[Qt.ItemDataRole, ...] = (
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
)


class RowsModel(QAbstractTableModel, Generic[RowT]):
    """Read-only rows; a subclass gives ``headers`` and ``cell``."""

    headers: tuple[str, ...] = ()  # a subclass may set its own per load
    described_roles: ClassVar[tuple[Qt.ItemDataRole, ...]] = DESCRIBED
    header_roles: ClassVar[tuple[Qt.ItemDataRole, ...]] = (Qt.ItemDataRole.DisplayRole,)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RowT] = []

    def load(self, rows: Sequence[RowT]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.load(())

    def row_at(self, row: int) -> RowT:
        return self._rows[row]

    def cell(self, row: RowT, column: int) -> Any:
        raise NotImplementedError

    def describe(self, row: RowT, column: int) -> Any:
        return self.cell(row, column)

    def other_role(self, row: RowT, column: int, role: int) -> Any:
        return None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role in self.header_roles
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not self.valid(index):
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, column)
        if role in self.described_roles:
            return self.describe(row, column)
        return self.other_role(row, column, role)

    def valid(self, index: AnyIndex) -> bool:
        """Whether the index names a cell of this table."""
        return (
            index.isValid()
            and not index.parent().isValid()
            and 0 <= index.row() < len(self._rows)
            and 0 <= index.column() < len(self.headers)
        )

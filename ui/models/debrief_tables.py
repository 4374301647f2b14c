"""The debrief view's two models: the debrief's items (what is shared) and what was issued.

``SharedItemsModel`` holds the items of the debrief record as the internal version reads them
(number, type, headline, shared); its share column is a check box the lead ticks, and
``changes()`` says what differs from the record, for ``VaultService.share_debrief_items``.
``IssuedModel`` lists the issued documents: title, version, when, and the PDF's SHA-256.
Both are cleared on lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from ncpi_field.reports.issued import Issued

AnyIndex = QModelIndex | QPersistentModelIndex
ISSUE_ID_ROLE: Final = Qt.ItemDataRole.UserRole + 3


@dataclass(frozen=True)
class Item:
    number: int  # the item's place in the debrief record (1 first)
    kind: str
    headline: str
    shared: bool


class _Table(QAbstractTableModel):
    headers: tuple[str, ...] = ()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else self._count()

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def _valid(self, index: AnyIndex) -> bool:
        return (
            index.isValid()
            and not index.parent().isValid()
            and 0 <= index.row() < self._count()
            and 0 <= index.column() < len(self.headers)
        )

    def _count(self) -> int:
        raise NotImplementedError


class SharedItemsModel(_Table):
    headers = ("No.", "Type", "Headline", "Shared")
    SHARE = 3

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Item] = []
        self._shared: list[bool] = []

    def load(self, items: Sequence[Item]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._shared = [i.shared for i in items]
        self.endResetModel()

    def clear(self) -> None:
        self.load(())

    def changes(self) -> dict[int, bool]:
        """Item number -> shared, for the items ticked differently from the record."""
        return {
            item.number: now
            for item, now in zip(self._items, self._shared, strict=True)
            if item.shared != now
        }

    def _count(self) -> int:
        return len(self._items)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not self._valid(index):
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.SHARE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        item, shared = self._items[index.row()], self._shared[index.row()]
        column = index.column()
        if column == self.SHARE:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if shared else Qt.CheckState.Unchecked
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return "Shared" if shared else "Not shared"
            return None
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return (str(item.number), item.kind, item.headline)[column]
        return None

    def setData(  # noqa: N802 - Qt API
        self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if not self._valid(index) or index.column() != self.SHARE:
            return False
        if role != Qt.ItemDataRole.CheckStateRole:
            return False
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(value)
        self._shared[index.row()] = state == Qt.CheckState.Checked
        self.dataChanged.emit(index, index, [role, Qt.ItemDataRole.DisplayRole])
        return True


class IssuedModel(_Table):
    headers = ("Document", "Version", "Issued (UTC)", "PDF SHA-256")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Issued] = []

    def load(self, rows: Sequence[Issued]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.load(())

    def _count(self) -> int:
        return len(self._rows)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not self._valid(index):
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        row = self._rows[index.row()]
        if role == ISSUE_ID_ROLE:
            return row.issue_id
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            cells = (
                row.title,
                str(row.number),
                row.issued_at.replace("T", " ")[:19],
                row.pdf_sha256 if role == Qt.ItemDataRole.ToolTipRole else row.pdf_sha256[:16],
            )
            return cells[index.column()]
        return None

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

from PySide6.QtCore import QObject, Qt

from ui.models.rows_model import AnyIndex, RowsModel

if TYPE_CHECKING:
    from ncpi_field.reports.issued import Issued

ISSUE_ID_ROLE: Final = Qt.ItemDataRole.UserRole + 3


@dataclass(frozen=True)
class Item:
    number: int  # the item's place in the debrief record (1 first)
    kind: str
    headline: str
    shared: bool


class SharedItemsModel(RowsModel[Item]):
    """The items; the share column is a check box, the others read-only."""

    headers = ("No.", "Type", "Headline", "Shared")
    SHARE = 3

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._shared: list[bool] = []

    def load(self, rows: Sequence[Item]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._shared = [i.shared for i in rows]
        self.endResetModel()

    def changes(self) -> dict[int, bool]:
        """Item number -> shared, for the items ticked differently from the record."""
        return {
            item.number: now
            for item, now in zip(self._rows, self._shared, strict=True)
            if item.shared != now
        }

    def cell(self, row: Item, column: int) -> str:
        return (str(row.number), row.kind, row.headline)[column]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.valid(index) and index.column() == self.SHARE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index) or index.column() != self.SHARE:
            return super().data(index, role)
        shared = self._shared[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if shared else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return "Shared" if shared else "Not shared"
        return None

    def setData(  # noqa: N802 - Qt API
        self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if not self.valid(index) or index.column() != self.SHARE:
            return False
        if role != Qt.ItemDataRole.CheckStateRole:
            return False
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(value)
        self._shared[index.row()] = state == Qt.CheckState.Checked
        self.dataChanged.emit(index, index, [role, Qt.ItemDataRole.DisplayRole])
        return True


class IssuedModel(RowsModel["Issued"]):
    """The issued documents; the tooltip of the hash column gives it whole."""

    headers = ("Document", "Version", "Issued (UTC)", "PDF SHA-256")
    described_roles = (Qt.ItemDataRole.AccessibleTextRole,)

    def cell(self, row: Issued, column: int) -> str:
        cells = (
            row.title,
            str(row.number),
            row.issued_at.replace("T", " ")[:19],
            row.pdf_sha256[:16],
        )
        return cells[column]

    def other_role(self, row: Issued, column: int, role: int) -> Any:
        if role == ISSUE_ID_ROLE:
            return row.issue_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.pdf_sha256 if column == len(self.headers) - 1 else self.cell(row, column)
        return None

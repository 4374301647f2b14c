"""The inspection team being edited: one row per member, name as they choose to appear and role.

Held only while the Inspection screen is open; the dialog closes (and drops it) on lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

AnyIndex = QModelIndex | QPersistentModelIndex
HEADERS: Final = ("Name", "Role")


@dataclass(frozen=True)
class Member:
    name: str
    role: str  # the code stored in the answers
    role_label: str


class InspectionTeamModel(QAbstractTableModel):
    """Read-only rows; members are added and removed through ``add`` and ``remove``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Member] = []

    def load(self, members: Sequence[Member]) -> None:
        self.beginResetModel()
        self._rows = list(members)
        self.endResetModel()

    def add(self, member: Member) -> None:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(member)
        self.endInsertRows()

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def members(self) -> list[Member]:
        return list(self._rows)

    def answers(self) -> list[dict[str, str]]:
        """The ``team`` repeat as the inspection form stores it."""
        return [{"member_name": m.name, "member_role": m.role} for m in self._rows]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        member = self._rows[index.row()]
        return member.name if index.column() == 0 else member.role_label

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

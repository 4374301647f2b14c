"""The team's devices as a table: id, fingerprint, role and whether it is revoked."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from sync.team import TeamMember

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    DEVICE = 0
    FINGERPRINT = 1
    ROLE = 2
    STATE = 3


HEADERS: Final = {
    Column.DEVICE: "Device",
    Column.FINGERPRINT: "Fingerprint",
    Column.ROLE: "Role",
    Column.STATE: "State",
}


class TeamMembersModel(QAbstractTableModel):
    """Read-only rows, loaded whole from ``sync.team.members``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TeamMember] = []

    def load(self, rows: Sequence[TeamMember]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def member(self, row: int) -> TeamMember:
        return self._rows[row]

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
        member = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(member, Column(index.column()))
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                f"Device {member.device_id}, {member.role}, {_state(member)}; "
                f"fingerprint {member.fingerprint}"
            )
        return None


def _cell(member: TeamMember, column: Column) -> str:
    if column == Column.DEVICE:
        return member.device_id[:12]
    if column == Column.FINGERPRINT:
        return member.fingerprint
    if column == Column.ROLE:
        return member.role
    return _state(member)


def _state(member: TeamMember) -> str:
    return f"revoked {member.revoked_at[:10]}" if member.revoked_at else "trusted"

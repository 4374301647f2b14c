"""The inspection team being edited: one row per member, name as they choose to appear and role.

Held only while the Inspection screen is open; the dialog closes (and drops it) on lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QModelIndex, Qt

from ui.models.rows_model import RowsModel

HEADERS: Final = ("Name", "Role")


@dataclass(frozen=True)
class Member:
    name: str
    role: str  # the code stored in the answers
    role_label: str


class InspectionTeamModel(RowsModel[Member]):
    """Read-only rows; members are added and removed through ``add`` and ``remove``."""

    headers = HEADERS
    described_roles = (Qt.ItemDataRole.AccessibleTextRole,)

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

    def cell(self, row: Member, column: int) -> str:
        return row.name if column == 0 else row.role_label

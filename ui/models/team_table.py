"""The team's devices as a table: id, fingerprint, role and whether it is revoked."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Final

from ui.models.rows_model import RowsModel

if TYPE_CHECKING:
    from sync.team import TeamMember


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


class TeamMembersModel(RowsModel["TeamMember"]):
    """Read-only rows, loaded whole from ``sync.team.members``."""

    headers = tuple(HEADERS[c] for c in Column)

    def member(self, row: int) -> TeamMember:
        return self._rows[row]

    def cell(self, row: TeamMember, column: int) -> str:
        return _cell(row, Column(column))

    def describe(self, row: TeamMember, column: int) -> str:
        return f"Device {row.device_id}, {row.role}, {_state(row)}; fingerprint {row.fingerprint}"


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

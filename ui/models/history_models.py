"""The history dialog's models: the versions of a record, and one version's changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt

from ui.models.rows_model import AnyIndex, RowsModel

if TYPE_CHECKING:
    from ncpi_field.service import VersionChanges

CHANGE_HEADERS: Final = ("Field", "Before", "After")
NOTHING: Final = "—"
SHORT_ID: Final = 8


def when(saved_at: str) -> str:
    """'2026-03-06 17:00', local time (as the record list shows it), from the ISO save time."""
    try:
        return datetime.fromisoformat(saved_at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return saved_at[:16].replace("T", " ")


def version_line(entry: VersionChanges) -> str:
    count = len(entry.changes)
    merged = f" (against {entry.compared_with[:SHORT_ID]})" if _is_merge_part(entry) else ""
    return (
        f"{when(entry.version.saved_at)} · {entry.version.status.capitalize()} · "
        f"{entry.author} · {count} change{'s' * (count != 1)}{merged}"
    )


def _is_merge_part(entry: VersionChanges) -> bool:
    return len(entry.version.parents) > 1 and entry.compared_with is not None


class VersionListModel(QAbstractListModel):
    """One row per (version, parent) pair, newest version first."""

    def __init__(self, entries: Sequence[VersionChanges], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries = list(reversed(entries))
        self._lines = [version_line(e) for e in self._entries]

    def entry(self, row: int) -> VersionChanges:
        return self._entries[row]

    def caption(self, row: int) -> str:
        entry = self._entries[row]
        if entry.compared_with:
            against = f"compared with version {entry.compared_with[:SHORT_ID]}"
        elif entry.version.parents:
            against = "its earlier versions have not arrived here: everything it holds"
        else:
            against = "the first version: everything it holds"
        return (
            f"Version {entry.version.version_id[:SHORT_ID]}, saved {when(entry.version.saved_at)}"
            f" by {entry.author}, {against}."
        )

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._entries):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._lines[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.caption(index.row())
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


class ChangeTableModel(RowsModel[tuple[str, str, str]]):
    """The chosen version's changes: field label, before, after ('—' for no answer)."""

    headers = CHANGE_HEADERS
    header_roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)

    def show(self, entry: VersionChanges | None) -> None:
        self.load(
            [(c.label, c.before or NOTHING, c.after or NOTHING) for c in entry.changes]
            if entry is not None
            else []
        )

    def cell(self, row: tuple[str, str, str], column: int) -> str:
        return row[column]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemNeverHasChildren if self.valid(index) else flags

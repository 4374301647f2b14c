"""The record list model: record ids plus a cache of display rows from ``records.list_records``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from ncpi_field.hlc import Stamp
from ui.models.badges import conflict_badge, status_badge

if TYPE_CHECKING:  # the window shows before the core (and SQLAlchemy) is loaded
    from ncpi_field.service import RecordId, RecordSummary

SORT_ROLE: Final = Qt.ItemDataRole.UserRole + 1
RECORD_ID_ROLE: Final = Qt.ItemDataRole.UserRole + 2
CONFLICT_COLOUR: Final = QColor("#a1260d")
AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    TITLE = 0
    FORM = 1
    STATUS = 2
    CONFLICT = 3
    UPDATED = 4


HEADERS: Final = {
    Column.TITLE: "Title",
    Column.FORM: "Form",
    Column.STATUS: "Status",
    Column.CONFLICT: "Conflict",
    Column.UPDATED: "Updated",
}


@dataclass(frozen=True)
class RecordRow:
    """What one row shows, the keys it sorts by, and the text the filter searches."""

    cells: tuple[str, str, str, str, str]
    sort_keys: tuple[str, str, str, int, str]
    conflict_tip: str
    status: str = ""
    conflict_kind: str = ""  # "soft", "hard", or "" when not known (yet)

    @property
    def haystack(self) -> str:
        """Every cell, case-folded, kept apart so a match never spans two columns."""
        return "\n".join(self.cells).casefold()


def row_for(summary: RecordSummary, conflict_kind: str = "") -> RecordRow:
    conflict, tip = conflict_badge(summary.head_count, conflict_kind)
    return RecordRow(
        cells=(
            summary.title,
            form_label(summary.form_id),
            summary.status.capitalize(),
            conflict,
            updated_label(summary.updated_hlc),
        ),
        sort_keys=(
            summary.title.casefold(),
            summary.form_id,
            summary.status,
            summary.head_count,
            summary.updated_hlc,
        ),
        conflict_tip=tip,
        status=summary.status,
        conflict_kind=conflict_kind if summary.in_conflict else "",
    )


def form_label(form_id: str) -> str:
    return form_id.replace("_", " ").strip().capitalize()


def updated_label(hlc: str) -> str:
    try:
        wall_ms = Stamp.decode(hlc).wall_ms
    except ValueError:
        return ""
    return datetime.fromtimestamp(wall_ms / 1000).astimezone().strftime("%Y-%m-%d %H:%M")


def _conflict_decoration(role: int, tip: str) -> Any:
    if role == Qt.ItemDataRole.ToolTipRole:
        return tip
    if role == Qt.ItemDataRole.ForegroundRole:
        return CONFLICT_COLOUR
    return None


def _badge(row: RecordRow, column: Column, role: int) -> Any:
    """The status and conflict columns' marks, tips and accessible descriptions."""
    if column is Column.CONFLICT and row.conflict_tip:
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return row.conflict_tip
        return _conflict_decoration(role, row.conflict_tip)
    if column is Column.STATUS and row.status:
        return _status_decoration(role, row.status)
    return None


def _status_decoration(role: int, status: str) -> Any:
    badge = status_badge(status)
    if role == Qt.ItemDataRole.DecorationRole:
        return badge.icon()
    if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
        return badge.description
    return None


class RecordTableModel(QAbstractTableModel):
    """Rows are record ids; cells come from a cache filled by ``load`` and dropped by ``clear``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: list[RecordId] = []
        self._cache: dict[RecordId, RecordRow] = {}
        self._haystacks: list[str] = []
        self._sort: tuple[Column, Qt.SortOrder] | None = None  # None: the order loaded
        self._kinds: dict[str, str] = {}  # conflict kinds by record id (soft/hard)

    def load(self, summaries: Sequence[RecordSummary]) -> None:
        self.beginResetModel()
        self._ids = [s.record_id for s in summaries]
        kinds = self._kinds  # the last known kinds, until they are read again
        self._cache = {s.record_id: row_for(s, kinds.get(s.record_id, "")) for s in summaries}
        self._order_rows()
        self.endResetModel()

    def clear(self) -> None:
        """Forget every row: used on lock, so nothing of the vault stays in memory here."""
        self.beginResetModel()
        self._ids = []
        self._cache = {}
        self._haystacks = []
        self._kinds = {}
        self.endResetModel()

    def update(self, summary: RecordSummary) -> bool:
        """Show a record's new listing in its row, where it is; False if it has no row yet.

        An autosave changes one record: this costs one row, where ``load`` costs them all.
        The row keeps its place until the list is next sorted or loaded.
        """
        if summary.record_id not in self._cache:
            return False
        row = self._ids.index(summary.record_id)
        kind = self._kinds.get(summary.record_id, "")
        self._cache[summary.record_id] = row_for(summary, kind)
        self._haystacks[row] = self._cache[summary.record_id].haystack
        last = self.columnCount() - 1
        self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        return True

    def add(self, summary: RecordSummary) -> None:
        """A record saved for the first time: its row inserted where the list's order puts it
        (last among equal keys, as the newest), the others untouched; a row already there is
        updated instead."""
        if self.update(summary):
            return
        added = row_for(summary, self._kinds.get(summary.record_id, ""))
        row = self._place_of(added)
        self.beginInsertRows(QModelIndex(), row, row)
        self._ids.insert(row, summary.record_id)
        self._cache[summary.record_id] = added
        self._haystacks.insert(row, added.haystack)
        self.endInsertRows()

    def _place_of(self, added: RecordRow) -> int:
        if self._sort is None:
            return len(self._ids)  # the listing's order: the newest last
        column, order = self._sort
        key = added.sort_keys[column]
        descending = order == Qt.SortOrder.DescendingOrder
        for row, record_id in enumerate(self._ids):
            other = self._cache[record_id].sort_keys[column]
            if (other < key) if descending else (key < other):
                return row
        return len(self._ids)

    def record_id(self, row: int) -> RecordId:
        return self._ids[row]

    def form_of(self, row: int) -> str:
        """The form id of ``row`` (the instrument filter reads it)."""
        return self._cache[self._ids[row]].sort_keys[1]

    def row_matches(self, row: int, needle: str) -> bool:
        """Whether any cell of ``row`` holds ``needle`` (already case-folded): for the filter."""
        return needle in self._haystacks[row]

    # -- sorting -------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the row list by the cached keys: no ``data()`` call per comparison."""
        if column not in range(len(Column)):
            return
        self._sort = (Column(column), order)
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        moved = [(self._ids[i.row()], i.column()) for i in before]
        self._order_rows()
        position = {record_id: row for row, record_id in enumerate(self._ids)}
        self.changePersistentIndexList(
            before, [self.index(position[record_id], c) for record_id, c in moved]
        )
        self.layoutChanged.emit()

    def _order_rows(self) -> None:
        if self._sort is not None:
            column, order = self._sort
            # Stable, and stable when reversed too: equal keys keep the order they were loaded in.
            self._ids.sort(
                key=lambda record_id: self._cache[record_id].sort_keys[column],
                reverse=order == Qt.SortOrder.DescendingOrder,
            )
        self._haystacks = [self._cache[record_id].haystack for record_id in self._ids]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(Column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        record_id = self._ids[index.row()]
        row = self._cache[record_id]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.cells[column]
        if role == SORT_ROLE:
            return row.sort_keys[column]
        if role == RECORD_ID_ROLE:
            return record_id
        return _badge(row, column, role)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or section not in range(len(Column)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return HEADERS[Column(section)]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    # -- conflict kinds (issue 9) ----------------------------------------------------------

    def set_conflict_kinds(self, kinds: Mapping[str, str]) -> None:
        """Name each conflict soft or hard in its row's badge (record id -> kind)."""
        self._kinds = dict(kinds)
        for record_id, kind in kinds.items():
            old = self._cache.get(record_id)  # a RecordId is a str
            if old is None or not old.conflict_tip or old.conflict_kind == kind:
                continue
            text, tip = conflict_badge(old.sort_keys[Column.CONFLICT], kind)
            cells = (*old.cells[: Column.CONFLICT], text, *old.cells[Column.CONFLICT + 1 :])
            new = RecordRow(cells, old.sort_keys, tip, old.status, kind)
            row = self._ids.index(record_id)
            self._cache[self._ids[row]] = new
            self._haystacks[row] = new.haystack
            index = self.index(row, Column.CONFLICT)
            self.dataChanged.emit(index, index)

    def conflict_kind(self, record_id: str) -> str:
        row = self._cache.get(record_id)
        return row.conflict_kind if row is not None else ""

    def has_conflicts(self) -> bool:
        return any(row.conflict_tip for row in self._cache.values())

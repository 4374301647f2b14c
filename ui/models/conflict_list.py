"""Records in conflict, as a list shows them: title, instrument, soft or hard, heads, why."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Final

from ui.models.record_table import form_label
from ui.models.rows_model import RowsModel

if TYPE_CHECKING:
    from sync.resolution import ConflictSummary


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


class ConflictListModel(RowsModel["ConflictSummary"]):
    """Read-only rows from ``ConflictResolution.list_conflicts``; cleared on lock."""

    headers = tuple(HEADERS[c] for c in Column)

    def record_id(self, row: int) -> str:
        return self._rows[row].record_id

    def row_of(self, record_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.record_id == record_id), None)

    def cell(self, row: ConflictSummary, column: int) -> str:
        return _cell(row, Column(column))

    def describe(self, row: ConflictSummary, column: int) -> str:
        return f"{row.title}: {row.kind} conflict, {row.head_count} versions; {row.reason}."


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

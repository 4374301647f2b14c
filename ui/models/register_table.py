"""The recommendations register as a table model, and its filter by status and inspection.

The model holds the service's register rows (identifier, status, timescale, inspection,
progress at a revisit, and the drafted wording); ``clear()`` on lock drops them all.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from ui.models.rows_model import RowsModel

if TYPE_CHECKING:  # the core loads after the window paints
    from ncpi_field.service import Recommendation

AnyIndex = QModelIndex | QPersistentModelIndex
KEY_ROLE: Final = Qt.ItemDataRole.UserRole + 3  # (inspection id, REC-##)
STATUS_ROLE: Final = Qt.ItemDataRole.UserRole + 4
INSPECTION_ROLE: Final = Qt.ItemDataRole.UserRole + 5
PROGRESS_WORDS: Final = {"met": "Met", "partly_met": "Partly met", "not_met": "Not met"}
TIMESCALE_WORDS: Final = {
    "immediately": "Immediately",
    "within_3_months": "Within three months",
    "within_6_months": "Within six months",
    "other": "Other timescale",
}


class Column(IntEnum):
    REC = 0
    STATUS = 1
    TIMESCALE = 2
    INSPECTION = 3
    PROGRESS = 4
    TEXT = 5


HEADERS: Final = {
    Column.REC: "Recommendation",
    Column.STATUS: "Status",
    Column.TIMESCALE: "Timescale",
    Column.INSPECTION: "Inspection",
    Column.PROGRESS: "Progress at revisit",
    Column.TEXT: "What is recommended",
}


def inspection_words(inspection_id: str) -> str:
    return inspection_id[:8] if inspection_id else "This inspection"


class RecommendationsModel(RowsModel["Recommendation"]):
    """Read-only rows of the register, in the service's order."""

    headers = tuple(HEADERS[c] for c in Column)

    def inspections(self) -> list[tuple[str, str]]:
        """(inspection id, label) of every inspection with a row, by id."""
        return sorted({(r.inspection_id, r.inspection_label) for r in self._rows})

    def cell(self, row: Recommendation, column: int) -> str:
        return self._cell(row, Column(column))

    def describe(self, row: Recommendation, column: int) -> str:
        return self._describe(row)

    def other_role(self, row: Recommendation, column: int, role: int) -> Any:
        keys = {
            KEY_ROLE: (row.inspection_id, row.rec_id),
            STATUS_ROLE: row.status,
            INSPECTION_ROLE: row.inspection_id,
        }
        return keys.get(role)

    @staticmethod
    def _cell(row: Recommendation, column: Column) -> str:
        if column == Column.REC:
            return f"{'⚠ ' if row.in_conflict else ''}{row.rec_id}"
        if column == Column.STATUS:
            return row.status_label
        if column == Column.TIMESCALE:
            return TIMESCALE_WORDS.get(row.timescale, row.timescale)
        if column == Column.INSPECTION:
            return row.inspection_label or inspection_words(row.inspection_id)
        if column == Column.PROGRESS:
            return _progress(row)
        return row.text.replace("\n", " ")

    @staticmethod
    def _describe(row: Recommendation) -> str:
        words = [f"{row.rec_id}: {row.status_label}"]
        if row.progress is not None:
            words.append(f"progress at the revisit: {_progress(row)}")
        if row.in_conflict:
            words.append("two team members recorded different statuses")
        described = "; ".join(words) + "."
        return f"{described}\n{row.text}" if row.text else described


def _progress(row: Recommendation) -> str:
    if row.progress is None:
        return ""
    evidence = len(row.progress.evidence)
    return (
        f"{PROGRESS_WORDS.get(row.progress.progress, row.progress.progress)} "
        f"({evidence} record{'s' * (evidence != 1)} of evidence)"
    )


class RegisterFilter(QSortFilterProxyModel):
    """Shows the rows of one status and one inspection ("" for any); sorts by the shown text."""

    def __init__(self, source: RecommendationsModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status = ""
        self._inspection: str | None = None
        self.setSourceModel(source)

    def set_status(self, status: str) -> None:
        self._change(lambda: setattr(self, "_status", status))

    def set_inspection(self, inspection_id: str | None) -> None:
        """Show one inspection's rows (None for every inspection)."""
        self._change(lambda: setattr(self, "_inspection", inspection_id))

    def _change(self, apply: Any) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            apply()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            apply()
            self.invalidateRowsFilter()

    def filterAcceptsRow(  # noqa: N802 - Qt API
        self, source_row: int, source_parent: AnyIndex
    ) -> bool:
        source = self.sourceModel()
        assert isinstance(source, RecommendationsModel)
        row = source.row_at(source_row)
        if self._status and row.status != self._status:
            return False
        return self._inspection is None or row.inspection_id == self._inspection

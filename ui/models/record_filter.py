"""The record list's filter and sort: a configured ``QSortFilterProxyModel``."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt

from ui.models.record_table import SORT_ROLE, RecordTableModel


class RecordFilterProxy(QSortFilterProxyModel):
    """Case-insensitive match of the filter text in any column; sorts by raw keys, not labels."""

    def __init__(self, source: RecordTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_filter_text(self, text: str) -> None:
        self.setFilterFixedString(text.strip())

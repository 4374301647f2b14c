"""A record's history: every saved version, newest first, and what each changed from its parent.

The list of versions (arrow keys move through it) drives the table of changes beside it: field,
before, after. A merge shows one entry per parent it brought together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListView,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.models.history_models import ChangeTableModel, VersionListModel

if TYPE_CHECKING:
    from ncpi_field.service import VersionChanges

FIELD_WIDTH: Final = 220


class HistoryDialog(QDialog):
    """Versions on the left, newest first; the chosen one's changes on the right."""

    def __init__(self, entries: Sequence[VersionChanges], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record history")
        self.setAccessibleName("Record history")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(900, 520)
        self.version_model = VersionListModel(entries, self)
        self.change_model = ChangeTableModel(self)
        self.versions = self._version_list()
        self.changes = self._change_table()
        self.caption = QLabel()
        self.caption.setObjectName("historyCaption")
        self.caption.setAccessibleName("Chosen version")
        self.caption.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.versions)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.caption)
        column.addWidget(self.changes, 1)
        splitter.addWidget(right)
        splitter.setSizes([320, 580])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.setTabOrder(self.versions, self.changes)
        if self.version_model.rowCount() > 0:
            self.versions.setCurrentIndex(self.version_model.index(0, 0))
        self.versions.setFocus()

    def _version_list(self) -> QListView:
        view = QListView()
        view.setObjectName("historyList")
        view.setAccessibleName("Versions, newest first")
        view.setModel(self.version_model)
        view.setWordWrap(True)
        view.setSpacing(3)
        view.setAlternatingRowColors(True)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.selectionModel().selectionChanged.connect(self._on_version_chosen)
        return view

    def _change_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("historyChanges")
        table.setAccessibleName("What this version changed")
        table.setModel(self.change_model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setWordWrap(True)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, FIELD_WIDTH)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        # Long answers wrap: each row as tall as its text, again whenever a column changes.
        header.sectionResized.connect(lambda *_: table.resizeRowsToContents())
        return table

    def _on_version_chosen(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        entry = self.version_model.entry(indexes[0].row())
        self.change_model.show(entry)
        self.caption.setText(self.version_model.caption(indexes[0].row()))
        self.changes.resizeRowsToContents()

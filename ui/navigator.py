"""The navigator pane: a filter box over the record list, or a message when there is nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.models.record_filter import RecordFilterProxy
from ui.models.record_table import Column, RecordTableModel, form_label

if TYPE_CHECKING:  # the window shows before the core (and SQLAlchemy) is loaded
    from ncpi_field.service import RecordSummary

EMPTY_VAULT: Final = (
    "No records yet. Case audits, reality tests, observations and debriefs you save will be "
    "listed here."
)
NO_MATCH: Final = "No records match the filter. Press Escape in the filter box to clear it."
LIST_PAGE: Final = 0
MESSAGE_PAGE: Final = 1
# The widest text each narrow column shows: its width comes from these, never from measuring
# every row (ResizeToContents over thousands of rows cost more than loading them).
WIDEST_CELL: Final = {
    Column.FORM: "Observation",
    Column.STATUS: "Withdrawn",
    Column.CONFLICT: "⚠ Conflict",
    Column.UPDATED: "0000-00-00 00:00",
}
CELL_PADDING: Final = 40


class NavigatorPane(QWidget):
    """Shows what the model holds; never reads the vault itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigator")
        self.model = RecordTableModel(self)
        self.proxy = RecordFilterProxy(self.model, self)
        self.instrument = QComboBox()
        self.instrument.setObjectName("instrumentChooser")
        self.instrument.setAccessibleName("Instrument")
        self.instrument.setToolTip("Show the records of one instrument; Ctrl+N adds one of it")
        self.instrument.currentIndexChanged.connect(self._on_instrument)
        self.filter_box = self._make_filter_box()
        self.table = self._make_table()
        self.empty_message = QLabel(EMPTY_VAULT)
        self.empty_message.setObjectName("emptyState")
        self.empty_message.setWordWrap(True)
        self.empty_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_message.setAccessibleName("Record list message")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        chooser_row = QVBoxLayout()
        chooser_row.setContentsMargins(8, 8, 8, 0)  # lined up with the filter box below
        chooser_row.addWidget(self.instrument)
        layout.addLayout(chooser_row)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.stack, 1)
        self.setTabOrder(self.instrument, self.filter_box)
        self.setTabOrder(self.filter_box, self.table)
        self.filter_box.textChanged.connect(self._on_filter_changed)
        self.model.modelReset.connect(self._update_stack)
        self._update_stack()

    def _make_filter_box(self) -> QLineEdit:
        box = QLineEdit()
        box.setObjectName("filterBox")
        box.setPlaceholderText("Filter records  (Ctrl+F)")
        box.setClearButtonEnabled(True)
        box.setAccessibleName("Filter records")
        box.setAccessibleDescription("Shows only records whose title, form or status match")
        clear = QAction("Clear the filter", box)
        clear.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear.triggered.connect(box.clear)
        box.addAction(clear)
        return box

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("recordTable")
        table.setModel(self.proxy)
        table.setAccessibleName("Records")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSortingEnabled(True)
        table.sortByColumn(Column.UPDATED, Qt.SortOrder.DescendingOrder)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move within it
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        metrics = table.fontMetrics()
        for column, widest in WIDEST_CELL.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            label = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            text = max(metrics.horizontalAdvance(widest), metrics.horizontalAdvance(label))
            header.resizeSection(column, text + CELL_PADDING)
        return table

    def show_records(
        self, summaries: Sequence[RecordSummary], instruments: Sequence[str] = ()
    ) -> None:
        self.model.load(summaries)
        self._count_instruments(summaries, instruments)
        self._update_stack()

    def _count_instruments(
        self, summaries: Sequence[RecordSummary], instruments: Sequence[str]
    ) -> None:
        """The instrument chooser, each with its count of records."""
        counts: dict[str, int] = dict.fromkeys(instruments, 0)
        for summary in summaries:
            counts[summary.form_id] = counts.get(summary.form_id, 0) + 1
        current = self.current_instrument()
        self.instrument.blockSignals(True)
        self.instrument.clear()
        self.instrument.addItem(f"All instruments ({len(summaries)})", "")
        for form_id in sorted(counts):
            self.instrument.addItem(f"{form_label(form_id)} ({counts[form_id]})", form_id)
        self.instrument.setCurrentIndex(max(self.instrument.findData(current), 0))
        self.instrument.blockSignals(False)
        self.proxy.set_form(self.current_instrument())

    def current_instrument(self) -> str:
        data = self.instrument.currentData()
        return data if isinstance(data, str) else ""

    def _on_instrument(self, _index: int) -> None:
        self.proxy.set_form(self.current_instrument())
        self._update_stack()

    def selected_record(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.record_id(self.proxy.mapToSource(index).row())

    def clear(self) -> None:
        """Drop every row and the filter text (on lock)."""
        self.filter_box.clear()
        self.model.clear()
        self.instrument.blockSignals(True)
        self.instrument.clear()
        self.instrument.blockSignals(False)
        self.proxy.set_form("")

    def focus_filter(self) -> None:
        self.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_box.selectAll()

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.currentIndex().isValid() and self.proxy.rowCount() > 0:
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def _on_filter_changed(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self._update_stack()

    def _update_stack(self) -> None:
        if self.model.rowCount() == 0:
            self.empty_message.setText(EMPTY_VAULT)
            self.stack.setCurrentIndex(MESSAGE_PAGE)
        elif self.proxy.rowCount() == 0:
            self.empty_message.setText(NO_MATCH)
            self.stack.setCurrentIndex(MESSAGE_PAGE)
        else:
            self.stack.setCurrentIndex(LIST_PAGE)

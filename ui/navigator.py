"""The navigator pane: a filter box over the record list, or a message when there is nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import Qt, QTimer, Signal
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

from ncpi_field.record_query import FilterChoices, RecordQuery
from ui.models.badges import BADGE_SIZE
from ui.models.record_filter import RecordFilterProxy
from ui.models.record_table import Column, RecordTableModel, form_label
from ui.record_filters import FilterBar

if TYPE_CHECKING:  # the window shows before the core (and SQLAlchemy) is loaded
    from ncpi_field.service import RecordSummary

EMPTY_VAULT: Final = (
    "No records yet. Case audits, reality tests, observations and debriefs you save will be "
    "listed here."
)
NO_MATCH: Final = (
    "No records match the search and filters. Press Escape in the search box to clear the "
    "words, or choose Clear filters."
)
SEARCH_DELAY_MS: Final = 200  # typing pauses this long before the vault is searched
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
BADGE_GAP: Final = 6


class NavigatorPane(QWidget):
    """Shows what the model holds; never reads the vault itself."""

    search_requested = Signal(object)  # a RecordQuery: the shell asks the vault

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
        self._make_search(layout)
        layout.addWidget(self.stack, 1)
        self.setTabOrder(self.instrument, self.filter_box)
        self.setTabOrder(self.filter_box, self.table)
        self._order_filters()
        self.filter_box.textChanged.connect(self._on_filter_changed)
        self.model.modelReset.connect(self._update_stack)
        self._update_stack()

    def _make_filter_box(self) -> QLineEdit:
        box = QLineEdit()
        box.setObjectName("filterBox")
        box.setPlaceholderText("Search titles and answers  (Ctrl+F)")
        box.setClearButtonEnabled(True)
        box.setAccessibleName("Search records")
        box.setAccessibleDescription(
            "Shows only records whose title or answers hold these words; case and accents aside"
        )
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
        status = header.sectionSize(Column.STATUS)  # its badge stands before the words
        header.resizeSection(Column.STATUS, status + BADGE_SIZE + BADGE_GAP)
        return table

    def show_records(
        self, summaries: Sequence[RecordSummary], instruments: Sequence[str] = ()
    ) -> None:
        self.model.load(summaries)
        self._count_instruments(summaries, instruments)
        self._update_stack()
        self._on_query_changed()  # a search's result is of the old list: ask again

    def add_record(self, summary: RecordSummary) -> None:
        """A record's first save: its row added and its instrument's count moved on, without
        reloading the list (thousands of rows); a search or filter asks again."""
        self.model.add(summary)
        counts = dict(self._form_counts)
        counts[summary.form_id] = counts.get(summary.form_id, 0) + 1
        self._show_instrument_counts(counts, self.model.rowCount())
        self._update_stack()

    def _count_instruments(
        self, summaries: Sequence[RecordSummary], instruments: Sequence[str]
    ) -> None:
        """The instrument chooser, each with its count of records."""
        counts: dict[str, int] = dict.fromkeys(instruments, 0)
        for summary in summaries:
            counts[summary.form_id] = counts.get(summary.form_id, 0) + 1
        self._show_instrument_counts(counts, len(summaries))

    def _show_instrument_counts(self, counts: dict[str, int], total: int) -> None:
        self._form_counts = counts
        current = self.current_instrument()
        self.instrument.blockSignals(True)
        self.instrument.clear()
        self.instrument.addItem(f"All instruments ({total})", "")
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
        self._debounce.stop()
        self.filters.forget_choices()
        self.proxy.set_matches(None)
        self._form_counts = {}
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
        self._on_query_changed()

    def _update_stack(self) -> None:
        if self.model.rowCount() == 0:
            self.empty_message.setText(EMPTY_VAULT)
            self.stack.setCurrentIndex(MESSAGE_PAGE)
        elif self.proxy.rowCount() == 0:
            self.empty_message.setText(NO_MATCH)
            self.stack.setCurrentIndex(MESSAGE_PAGE)
        else:
            self.stack.setCurrentIndex(LIST_PAGE)
        self._count_shown()

    # -- search and filters (issue 9) ------------------------------------------------------

    def _make_search(self, layout: QVBoxLayout) -> None:
        self._form_counts: dict[str, int] = {}  # records of each instrument, as loaded
        self.filters = FilterBar()
        self.filters.changed.connect(self._on_query_changed)
        self.shown_label = QLabel()
        self.shown_label.setObjectName("shownCount")
        self.shown_label.setAccessibleName("Records shown")
        self.shown_label.setContentsMargins(8, 0, 8, 0)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._request_search)
        layout.addWidget(self.filters)
        layout.addWidget(self.shown_label)

    def _order_filters(self) -> None:
        previous: QWidget = self.filter_box
        filters = self.filters
        for widget in (*filters.combos, filters.clear_button, filters.conflicts, self.table):
            self.setTabOrder(previous, widget)
            previous = widget

    def query(self) -> RecordQuery:
        """What the search box and filters ask for (the instrument is the proxy's own)."""
        value = self.filters.value
        return RecordQuery(
            text=self.filter_box.text().strip(),
            status=value(self.filters.status),
            category=value(self.filters.category),
            grade=value(self.filters.grade),
            author=value(self.filters.author),
            in_conflict=self.filters.conflicts.isChecked(),
        )

    def _on_query_changed(self) -> None:
        if self.query().shows_everything:
            self._debounce.stop()
            self.proxy.set_matches(None)
            self._update_stack()
        else:
            self._debounce.start()

    def _request_search(self) -> None:
        if self.model.rowCount() > 0:
            self.search_requested.emit(self.query())

    def show_matches(self, query: RecordQuery, record_ids: Sequence[str]) -> None:
        """Show a search's result, unless the words or filters changed while it ran."""
        if query != self.query():
            return
        self.proxy.set_matches(frozenset(record_ids))
        self._update_stack()

    def set_filter_choices(self, choices: FilterChoices) -> None:
        self.filters.set_choices(choices)

    def _count_shown(self) -> None:
        form = self.current_instrument()
        total = self._form_counts.get(form, 0) if form else self.model.rowCount()
        shown = self.proxy.rowCount()
        self.shown_label.setText(f"{shown} of {total} shown" if total else "")

    def search_again(self) -> None:
        """After a save: the search (if any) runs again on what is now stored."""
        if not self.query().shows_everything:
            self._debounce.start()

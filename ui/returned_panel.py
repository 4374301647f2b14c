"""The "Returned to force" panel: always in view while the vault is open (DOMAIN.md §5E).

A pane under the record list, with no way to close it: a case passed to the force must not
drop out of sight while the team waits for the force's answer. It sits in the list's column so
the form view keeps its full height at 1366×768. Enter or a
double-click opens the case audit in the form view; the force's reference is never shown here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.models.returned_table import Column, ReturnedCasesModel

if TYPE_CHECKING:
    from ncpi_field.service import ReturnedCase

TITLE: Final = "Returned to force"
EMPTY: Final = (
    "No case is marked immediate risk. A case audit answered yes to immediate risk is "
    "listed here, with where its return to the force stands."
)
TICK_MS: Final = 60_000  # "marked N minutes ago" moves on once a minute
WIDEST_CELL: Final = {Column.STATUS: "No action, with rationale", Column.MARKED: "59 minutes ago"}
HEIGHT_ROWS: Final = 4  # compact: a few rows in view, the rest scroll


class ReturnedPanel(QWidget):
    open_record_requested = Signal(str)  # record id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("returnedPanel")
        self.setAccessibleName(TITLE)
        self.heading = QLabel(TITLE)
        self.heading.setObjectName("returnedHeading")
        self.heading.setAccessibleName("Returned to force heading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.model = ReturnedCasesModel(self)
        self.table = self._make_table()
        self.empty_message = QLabel(EMPTY)
        self.empty_message.setObjectName("returnedEmpty")
        self.empty_message.setWordWrap(True)
        self.empty_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_message.setAccessibleName("Returned to force message")
        # Focusable, so Ctrl+2 on an empty list lands somewhere a screen reader reads out.
        self.empty_message.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_message)
        self.heading.setBuddy(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.model.tick)
        self.table.activated.connect(self._open)
        self.table.doubleClicked.connect(self._open)
        self._update()

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("returnedTable")
        table.setModel(self.model)
        table.setAccessibleName("Cases returned to the force")
        table.setAccessibleDescription(
            "Each case audit marked immediate risk, its return status and when it was marked"
        )
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.setSectionResizeMode(Column.CASE, QHeaderView.ResizeMode.Stretch)
        metrics = table.fontMetrics()
        for column, widest in WIDEST_CELL.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(widest) + 40)
        row = table.verticalHeader().defaultSectionSize()
        table.setMinimumHeight(header.sizeHint().height() + row * 2 + 4)
        self.preferred_height = header.sizeHint().height() + row * HEIGHT_ROWS + 4
        return table

    def show_cases(self, rows: Sequence[ReturnedCase]) -> None:
        self.model.load(rows)
        self._update()
        self.timer.start()

    def clear(self) -> None:
        """Drop every row (on lock)."""
        self.timer.stop()
        self.model.clear()
        self._update()

    def count(self) -> int:
        return self.model.rowCount()

    def focus_list(self) -> None:
        target = self.table if self.model.rowCount() else self.empty_message
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def selected_record(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.record_id(index.row()) if index.isValid() else None

    def _open(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_record_requested.emit(self.model.record_id(index.row()))

    def _update(self) -> None:
        count = self.model.rowCount()
        self.heading.setText(f"{TITLE} ({count})")
        self.stack.setCurrentIndex(0 if count else 1)

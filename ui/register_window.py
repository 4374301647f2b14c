"""The recommendations register window: the table, its filters, a status change, the workbook.

A face only: each button calls one ``VaultService`` method (through ``ui.worker`` for the
workbook, which takes a while and reports progress). Before the workbook is written the window
says, and asks, because the file is not encrypted. Closing it (or locking) clears the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ncpi_field.errors import UserError
from ui import errors
from ui.models.register_table import (
    KEY_ROLE,
    STATUS_ROLE,
    RecommendationsModel,
    RegisterFilter,
    inspection_words,
)
from ui.worker import run_in_background

if TYPE_CHECKING:
    from ncpi_field.service import VaultService

NOT_ENCRYPTED: Final = (
    "The workbook is not encrypted. Keep it on an encrypted disk, share it only as the "
    "inspection's data rules allow, and delete it when done. It never holds the force's "
    "case references."
)
EMPTY: Final = "No recommendation has been drafted yet: they come from debrief items."

VaultGetter = Callable[[], "VaultService | None"]


class RegisterWindow(QDialog):
    """Non-modal; the app shell gives it the open vault (None once locked)."""

    exported = Signal(str)  # the path written

    def __init__(self, vault: VaultGetter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self.setWindowTitle("Recommendations register")
        self.setAccessibleName("Recommendations register")
        self.setObjectName("registerWindow")
        self.resize(1100, 560)
        self.model = RecommendationsModel(self)
        self.proxy = RegisterFilter(self.model, self)
        self._build()
        self.finished.connect(self.clear)

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._filters())
        self.table = self._table()
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel(EMPTY)
        self.empty_label.setAccessibleName("Register empty")
        layout.addWidget(self.empty_label)
        layout.addLayout(self._status_row())
        self.warning = QLabel(NOT_ENCRYPTED)
        self.warning.setWordWrap(True)
        self.warning.setObjectName("notEncryptedWarning")
        self.warning.setAccessibleName("The workbook is not encrypted")
        layout.addWidget(self.warning)
        layout.addLayout(self._export_row())

    def _filters(self) -> QHBoxLayout:
        from ncpi_field.recommendations import REC_STATUSES, STATUS_LABELS  # noqa: PLC0415

        row = QHBoxLayout()
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Show the recommendations with status")
        self.status_filter.addItem("Any status", "")
        for status in REC_STATUSES:
            self.status_filter.addItem(STATUS_LABELS[status], status)
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_status(self.status_filter.currentData())
        )
        self.inspection_filter = QComboBox()
        self.inspection_filter.setAccessibleName("Show the recommendations of inspection")
        self.inspection_filter.currentIndexChanged.connect(self._filter_inspection)
        form = QFormLayout()
        status_label = QLabel("&Status:")
        status_label.setBuddy(self.status_filter)
        inspection_label = QLabel("&Inspection:")
        inspection_label.setBuddy(self.inspection_filter)
        form.addRow(status_label, self.status_filter)
        row.addLayout(form)
        inspection_form = QFormLayout()
        inspection_form.addRow(inspection_label, self.inspection_filter)
        row.addLayout(inspection_form)
        row.addStretch(1)
        return row

    def _table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("registerTable")
        table.setAccessibleName("Recommendations")
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        table.selectionModel().currentRowChanged.connect(lambda *_a: self._offer_statuses())
        return table

    def _status_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.new_status = QComboBox()
        self.new_status.setAccessibleName("New status for the selected recommendation")
        label = QLabel("&New status:")
        label.setBuddy(self.new_status)
        self.note = QLineEdit()
        self.note.setAccessibleName("What changed (no names)")
        self.note.setPlaceholderText("What changed, in a line (no names)")
        self.record_button = QPushButton("&Record status")
        self.record_button.setAccessibleName("Record the new status")
        self.record_button.clicked.connect(self.record_status)
        for widget in (label, self.new_status, self.note, self.record_button):
            row.addWidget(widget, 1 if widget is self.note else 0)
        self._offer_statuses()
        return row

    def _export_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.export_button = QPushButton("&Export workbook…")
        self.export_button.setAccessibleName("Export the workbook (not encrypted)")
        self.export_button.setToolTip("Write every record, the register and the figures (Ctrl+E)")
        self.export_button.clicked.connect(self.choose_export_file)
        QShortcut(QKeySequence("Ctrl+E"), self, self.choose_export_file)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Workbook export progress")
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.message = QLabel()
        self.message.setAccessibleName("Register messages")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.export_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.message, 2)
        return row

    # -- showing ---------------------------------------------------------------------------------

    def reload(self) -> None:
        vault = self._vault()
        if vault is None:
            self.clear()
            return
        try:
            rows = vault.recommendations()
        except UserError as exc:
            errors.show_user_error(exc, self)
            return
        kept = self.selected_key()
        self.model.load(rows)
        self._fill_inspections()
        self.empty_label.setVisible(not rows)
        self._select(kept)
        self._offer_statuses()

    def clear(self) -> None:
        self.model.clear()
        self.inspection_filter.clear()
        self.new_status.clear()
        self.note.clear()
        self.message.clear()

    def _fill_inspections(self) -> None:
        current = self.inspection_filter.currentData()
        self.inspection_filter.blockSignals(True)
        self.inspection_filter.clear()
        self.inspection_filter.addItem("Every inspection", None)
        for inspection_id, label in self.model.inspections():
            self.inspection_filter.addItem(label or inspection_words(inspection_id), inspection_id)
        found = self.inspection_filter.findData(current)
        self.inspection_filter.setCurrentIndex(max(found, 0))
        self.inspection_filter.blockSignals(False)
        self._filter_inspection()

    def _filter_inspection(self, _index: int = 0) -> None:
        self.proxy.set_inspection(self.inspection_filter.currentData())

    def selected_key(self) -> tuple[str, str] | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        key = index.data(KEY_ROLE)
        return (str(key[0]), str(key[1])) if key else None

    def _select(self, key: tuple[str, str] | None) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if key is None or tuple(index.data(KEY_ROLE)) == key:
                self.table.setCurrentIndex(index)
                return

    def _offer_statuses(self) -> None:
        from ncpi_field.recommendations import ALLOWED, REC_STATUSES, STATUS_LABELS  # noqa: PLC0415

        self.new_status.clear()
        index = self.table.currentIndex()
        current = index.data(STATUS_ROLE) if index.isValid() else None
        if current is not None:
            for status in REC_STATUSES:
                if status in ALLOWED[current]:
                    self.new_status.addItem(STATUS_LABELS[status], status)
        self.record_button.setEnabled(self.new_status.count() > 0)

    # -- doing -----------------------------------------------------------------------------------

    def record_status(self) -> None:
        vault, key = self._vault(), self.selected_key()
        status = self.new_status.currentData()
        if vault is None or key is None or not status:
            return
        try:
            row, _changes = vault.set_recommendation_status(
                key[1], status, inspection_id=key[0], note=self.note.text()
            )
        except UserError as exc:
            errors.show_user_error(exc, self)
            return
        self.note.clear()
        self.message.setText(f"{row.rec_id} is now {row.status_label.lower()}.")
        self.reload()

    def choose_export_file(self) -> None:
        if self._vault() is None or self.progress.isVisible():
            return
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export the workbook (not encrypted)", "", "Excel workbook (*.xlsx)"
        )
        if name:
            self.confirm_export(Path(name))

    def confirm_export(self, path: Path) -> QMessageBox:
        """Ask before writing: the file is not encrypted. Writing starts if the person agrees."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "The workbook is not encrypted",
            NOT_ENCRYPTED,
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setAccessibleName("The workbook is not encrypted")
        write = box.addButton("Write the workbook", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: self.start_export(path) if button is write else None
        )
        box.open()
        return box

    def start_export(self, path: Path) -> None:
        vault = self._vault()
        if vault is None:
            return
        self.export_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.message.setText("Writing the workbook…")
        run_in_background(
            lambda report: vault.export_workbook(
                path, progress=lambda done, total: report(done * 100 // max(total, 1), "")
            ),
            self._exported,
            self._export_failed,
            on_progress=lambda percent, _label: self.progress.setValue(percent),
            write=True,
        )

    def _exported(self, written: object) -> None:
        self._export_done()
        path = str(getattr(written, "path", ""))
        self.message.setText(f"Wrote {path} (not encrypted).")
        self.exported.emit(path)

    def _export_failed(self, exc: BaseException) -> None:
        self._export_done()
        self.message.setText("The workbook was not written.")
        if isinstance(exc, UserError):
            errors.show_user_error(exc, self)
        else:
            errors.report_unexpected(exc, self)

    def _export_done(self) -> None:
        self.progress.setVisible(False)
        self.export_button.setEnabled(True)

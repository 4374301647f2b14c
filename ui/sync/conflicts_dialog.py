"""The conflicts view: records edited apart, and for one of them its versions side by side,
field by field, with "take this version" per version and "edit merged"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.dialogs.common import close_buttons
from ui.models.conflict_fields import ConflictFieldsModel, head_letter, side_by_side
from ui.models.conflict_list import Column, ConflictListModel
from ui.sync import calls
from ui.sync.attempt import attempt

if TYPE_CHECKING:
    from ncpi_field.service import Saved, VaultService
    from ncpi_field.xlsform.spec import FormSpec
    from sync.conflicts import Conflict

TITLE: Final = "Conflicts"
NONE_LEFT: Final = "No record is in conflict."


def head_title(index: int, head: object) -> str:
    """'A: complete', and below it 'device 1a2b3c4d, 2026-03-06 17:00' (no field values)."""
    from ncpi_field.service import Version  # noqa: PLC0415
    from ui.models.record_table import updated_label  # noqa: PLC0415

    assert isinstance(head, Version)
    state = "deleted" if head.tombstone else head.status
    return (
        f"{head_letter(index)}: {state}\ndevice {head.author_device[:8]}, {updated_label(head.hlc)}"
    )


def form_spec(form_id: str) -> FormSpec | None:
    """The installed form, for labels; None if this vault has no such instrument installed."""
    from ncpi_field.errors import FormNotFound  # noqa: PLC0415
    from ncpi_field.formstore import installed_spec  # noqa: PLC0415

    try:
        return installed_spec(form_id)
    except FormNotFound:
        return None


class ConflictsDialog(QDialog):
    resolved = Signal(object)  # the Saved resolution

    def __init__(
        self, service: VaultService, parent: QWidget | None = None, select: str | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.conflict: Conflict | None = None
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.setObjectName("conflictsDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1200, 640)
        self.list_model = ConflictListModel(self)
        self.fields_model = ConflictFieldsModel(self)
        self.list = self._table("conflictList", "Records in conflict", self.list_model)
        self.fields = self._table("conflictFields", "The versions side by side", self.fields_model)
        self.fields.setWordWrap(True)
        self.heading = QLabel(NONE_LEFT)
        self.heading.setObjectName("conflictHeading")
        self.heading.setAccessibleName("The conflict shown")
        self.heading.setWordWrap(True)
        self.take_row = QHBoxLayout()
        self.take_buttons: list[QPushButton] = []
        self.edit_button = QPushButton("&Edit merged…")
        self.edit_button.setAccessibleName("Edit the merged answers")
        self.edit_button.setAutoDefault(False)
        self.edit_button.clicked.connect(self.edit_merged)
        self._lay_out()
        self.list.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.reload(keep=select)

    def _table(self, name: str, accessible: str, model: object) -> QTableView:
        table = QTableView()
        table.setObjectName(name)
        table.setAccessibleName(accessible)
        table.setModel(model)  # type: ignore[arg-type]
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def _lay_out(self) -> None:
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        label = QLabel("&Records in conflict")
        label.setBuddy(self.list)
        left_column.addWidget(label)
        left_column.addWidget(self.list)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.heading)
        right_column.addWidget(self.fields, 1)
        self.take_row.addStretch(1)
        self.take_row.addWidget(self.edit_button)
        right_column.addLayout(self.take_row)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([380, 800])
        close = close_buttons(self)
        column = QVBoxLayout(self)
        column.addWidget(splitter, 1)
        column.addWidget(close)

    # -- what is shown ---------------------------------------------------------------------------

    def reload(self, keep: str | None = None) -> None:
        found = attempt(self, lambda: calls.conflicts(self.service))
        if found is None:
            return
        self.list_model.load(found)
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(Column.RECORD, QHeaderView.ResizeMode.ResizeToContents)
        row = self.list_model.row_of(keep) if keep else None
        if self.list_model.rowCount():
            self.list.setCurrentIndex(self.list_model.index(row or 0, 0))
        self._show_current()

    def _show_current(self) -> None:
        index = self.list.currentIndex()
        if not index.isValid():
            self._show(None)
            return
        record_id = self.list_model.record_id(index.row())
        self._show(attempt(self, lambda: calls.conflict(self.service, record_id)))

    def _show(self, conflict: Conflict | None) -> None:
        self.conflict = conflict
        for button in self.take_buttons:
            self.take_row.removeWidget(button)
            button.hide()  # until deleted it is still a child of the dialog
            button.deleteLater()
        self.take_buttons = []
        self.edit_button.setEnabled(conflict is not None)
        if conflict is None:
            self.fields_model.clear()
            self.heading.setText(NONE_LEFT)
            return
        titles = [head_title(i, h) for i, h in enumerate(conflict.heads)]
        spec = form_spec(conflict.winner.form_id)
        self.fields_model.load(side_by_side(conflict, spec), titles)
        header = self.fields.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        differing = sum(1 for d in conflict.differences)
        self.heading.setText(
            f"{conflict.kind.capitalize()} conflict: {conflict.reason}. "
            f"{len(conflict.heads)} versions, {differing} field(s) differ (marked ≠)."
        )
        for index, head in enumerate(conflict.heads):
            letter = head_letter(index)
            button = QPushButton(f"Take version &{letter}")
            button.setObjectName(f"take{letter}")
            button.setAccessibleName(f"Take version {letter} as it is")
            button.setToolTip(titles[index].replace("\n", ", "))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, v=head.version_id: self.take(v))
            self.take_row.insertWidget(index, button)
            self.take_buttons.append(button)

    # -- resolving -------------------------------------------------------------------------------

    def take(self, version_id: str) -> None:
        conflict = self.conflict
        if conflict is None:
            return
        saved = attempt(self, lambda: calls.take(self.service, conflict.record_id, version_id))
        if saved is not None:
            self._after(saved)

    def edit_merged(self) -> None:
        from ui.sync.merge_editor import MergeEditor  # noqa: PLC0415

        conflict = self.conflict
        if conflict is None:
            return
        editor = MergeEditor(self.service, conflict, form_spec(conflict.winner.form_id), self)
        editor.saved.connect(self._after)
        editor.open()

    def _after(self, saved: Saved) -> None:
        self.reload()
        self.resolved.emit(saved)

"""Edit merged: for each field the versions disagree on, choose which version's answer to
keep, then save the merged answers as the resolution (through ``sync.resolution``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ncpi_field.service import IncompleteRecord
from ui.dialogs.common import message_label, show_message
from ui.models.conflict_fields import head_letter
from ui.sync import calls
from ui.sync.answer_text import question_label, shown
from ui.sync.attempt import attempt

if TYPE_CHECKING:
    from ncpi_field.service import Saved, VaultService
    from ncpi_field.xlsform.spec import FormSpec
    from sync.conflicts import Conflict

TITLE: Final = "Edit the merged answers"
STATUSES: Final = (("draft", "Save as a draft (never refused)"), ("complete", "Mark complete"))


class MergeEditor(QDialog):
    saved = Signal(object)  # the Saved resolution

    def __init__(
        self,
        service: VaultService,
        conflict: Conflict,
        spec: FormSpec | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from sync.conflicts import MISSING, STATUS_FIELD  # noqa: PLC0415

        self.service = service
        self.conflict = conflict
        self._missing = MISSING
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.setObjectName("mergeEditor")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(760, 520)
        self.pickers: dict[str, QComboBox] = {}
        fields = QWidget()
        form = QFormLayout(fields)
        for difference in conflict.differences:
            if difference.field == STATUS_FIELD:
                continue
            picker = QComboBox()
            picker.setAccessibleName(f"Answer kept for {question_label(spec, difference.field)}")
            for index, (_version, value) in enumerate(difference.heads):
                picker.addItem(
                    f"{head_letter(index)}: {shown(spec, difference.field, value)}", value
                )
            if difference.kind == "soft":
                picker.setCurrentIndex(self._index_of(difference.heads, difference.merged))
            self.pickers[difference.field] = picker
            form.addRow(question_label(spec, difference.field), picker)
        self.status = QComboBox()
        self.status.setAccessibleName("Save the merged record as")
        for value, text in STATUSES:
            self.status.addItem(text, value)
        form.addRow("Save as", self.status)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(fields)
        scroll.setAccessibleName("The fields the versions disagree on")
        intro = QLabel(
            "For each field the versions disagree on, choose the answer to keep. Fields they "
            "agree on are kept as they are."
        )
        intro.setWordWrap(True)
        self.message = message_label("Merge message")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Save the resolution")
        self.save_button.setAccessibleName("Save the resolution")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(scroll, 1)
        column.addWidget(self.message)
        column.addWidget(buttons)

    def _index_of(self, heads: tuple[tuple[str, Any], ...], merged: Any) -> int:
        return next((i for i, (_v, value) in enumerate(heads) if value == merged), 0)

    def merged_answers(self) -> dict[str, object]:
        """The first version's answers, with each disputed field set as chosen."""
        first = next((h for h in self.conflict.heads if not h.tombstone), self.conflict.winner)
        answers: dict[str, object] = dict(first.answers)
        for name, picker in self.pickers.items():
            value = picker.currentData()
            if value is self._missing or value is None:
                answers.pop(name, None)
            else:
                answers[name] = value
        return answers

    def save(self) -> None:
        draft = self.status.currentData() == "draft"
        saved = attempt(self, lambda: self._resolve(draft))
        if saved is not None:
            self.saved.emit(saved)
            self.accept()

    def _resolve(self, draft: bool) -> Saved | None:
        """The resolution, or None with the form's problems listed here (names, no values)."""
        try:
            return calls.resolve_with_answers(
                self.service, self.conflict.record_id, self.merged_answers(), draft=draft
            )
        except IncompleteRecord as exc:
            lines = [str(exc), *(f"• {i.field}: {i.message}" for i in exc.issues[:8])]
            show_message(self.message, "\n".join(lines))
            return None

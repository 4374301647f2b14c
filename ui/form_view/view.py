"""The form view: a record's form, a table of contents, and its save, complete and history.

Every edit goes to the live ``FormState``; ``set_answer`` says which nodes it recomputed and
only their widgets are refreshed. Saving goes through ``RecordSession`` to the vault service.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Final

import shiboken6
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ncpi_field import pii
from ncpi_field.errors import UserError
from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.evaluate_answers import Instance
from ncpi_field.xpath import RawValue
from ui import errors
from ui.form_view.questions import EvidenceChoices, QuestionField
from ui.form_view.sections import GROUP_ROLE, FormBody, SectionListModel
from ui.form_view.session import Head, RecordSession

if TYPE_CHECKING:
    from ncpi_field.service import Saved, VaultService

CONFLICT_TEXT: Final = (
    "This record was edited apart on two devices: you are seeing one version. "
    "Saving keeps your edits on top of it; see its history for the other."
)
PII_TEXT: Final = "This text seems to contain {found}. Use roles and month-level dates only."
ISSUE_ROLE: Final = Qt.ItemDataRole.UserRole + 1


class FormView(QWidget):
    """Shows one record at a time; ``clear`` drops it (on lock) and every widget that held it."""

    status_message = Signal(str)
    record_saved = Signal(object)  # Saved
    history_requested = Signal(str)  # record id
    withdraw_requested = Signal(str)  # record id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formView")
        self.session: RecordSession | None = None
        self.body: FormBody | None = None
        self._evidence: Callable[[], EvidenceChoices] = list
        self._vault: Callable[[], VaultService | None] = lambda: None
        self.title = QLabel()
        self.title.setObjectName("formTitle")
        self.title.setAccessibleName("Form title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel()
        self.status.setObjectName("saveStatus")
        self.status.setAccessibleName("Save status")
        self.language = QComboBox()
        self.language.setAccessibleName("Form language")
        self.language.currentIndexChanged.connect(self._on_language)
        self.save_button = self._button("Save draft", "Save the answers as a draft (Ctrl+S)")
        self.complete_button = self._button("Mark complete", "Check and store as complete")
        self.withdraw_button = self._button("Withdraw", "Withdraw this record (kept in history)")
        self.history_button = self._button("History", "Every saved version of this record")
        self.save_button.clicked.connect(self.save_draft)
        self.complete_button.clicked.connect(self.complete)
        self.withdraw_button.clicked.connect(self._withdraw)
        self.history_button.clicked.connect(self._history)
        self.banner = QLabel(CONFLICT_TEXT)
        self.banner.setObjectName("conflictBanner")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Conflict")
        self.banner.setVisible(False)
        self.reasons = self._reason_list()
        self.toc_model = SectionListModel(self)
        self.toc = QListView()
        self.toc.setObjectName("tableOfContents")
        self.toc.setAccessibleName("Sections")
        self.toc.setModel(self.toc_model)
        self.toc.setWordWrap(True)
        self.toc.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.toc.setSpacing(2)
        self.toc.clicked.connect(self._go_to_section)
        self.toc.activated.connect(self._go_to_section)
        self.form_scroll = QScrollArea()
        self.form_scroll.setObjectName("formScroll")
        self.form_scroll.setAccessibleName("Form")
        self.form_scroll.setWidgetResizable(True)
        self._layout()

    def _reason_list(self) -> QListWidget:
        """What stops completion, one line a reason; each goes to its question."""
        reasons = QListWidget()
        reasons.setObjectName("blockReasons")
        reasons.setAccessibleName("What stops this record being complete")
        reasons.setVisible(False)
        reasons.setWordWrap(True)
        reasons.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        reasons.setToolTip("Click a reason to go to its question")
        reasons.itemActivated.connect(self._go_to_issue)
        reasons.itemClicked.connect(self._go_to_issue)
        return reasons

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(text)
        return button

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.status)
        bar.addWidget(self.language)
        buttons = QHBoxLayout()
        for button in (
            self.save_button,
            self.complete_button,
            self.withdraw_button,
            self.history_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self.toc)
        split.addWidget(self.form_scroll)
        split.setStretchFactor(1, 1)
        split.setSizes([170, 600])
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addLayout(bar)
        column.addLayout(buttons)
        column.addWidget(self.banner)
        column.addWidget(self.reasons)
        column.addWidget(split, 1)

    # -- opening and closing -------------------------------------------------------------------

    def open_state(
        self,
        vault: Callable[[], VaultService | None],
        state: FormState,
        head: Head,
        *,
        evidence: Callable[[], EvidenceChoices] = list,
        overrides: dict[str, str] | None = None,
        in_conflict: bool = False,
        status: str = "",
    ) -> None:
        """Show ``state`` (a new record when ``head.record_id`` is None)."""
        self.clear()
        self._vault = vault
        self._evidence = evidence
        self.session = RecordSession(vault, state, head, overrides, self)
        self.session.saved.connect(self._on_saved)
        self.session.failed.connect(self._on_failed)
        self.session.dirty_changed.connect(self._on_dirty)
        spec = state.spec
        self.title.setText(spec.title.get(state.language) or spec.form_id)
        self.language.blockSignals(True)
        for name in spec.languages:
            self.language.addItem(name.split(" (")[0], name)
        self.language.setCurrentIndex(max(self.language.findData(state.language), 0))
        self.language.setVisible(len(spec.languages) > 1)
        self.language.blockSignals(False)
        self.banner.setVisible(in_conflict)
        self.status.setText(status or ("New record" if head.record_id is None else "Saved"))
        self._build_body()

    def _build_body(self) -> None:
        assert self.session is not None
        old = self.body
        self.body = FormBody(self.session.state, self._evidence)
        self.body.edited.connect(self._on_edited)
        self.body.left.connect(self._on_left)
        self.body.override_changed.connect(self._on_override)
        self.body.repeats_changed.connect(self._on_repeats_changed)
        self.body.sections_grew.connect(self._on_sections_grew)
        self.body.finished_building.connect(self._hold_still)
        self._on_sections_grew()
        # Taken out first: setWidget would delete it at once, and a rebuild can come from a
        # button inside it whose click is still being delivered.
        if old is not None:
            self.form_scroll.takeWidget()
            old.deleteLater()
        self.form_scroll.setWidget(self.body)

    def _on_sections_grew(self) -> None:
        """Sections built since: their overrides, PII warnings and contents entries."""
        if self.body is None or self.session is None:
            return
        for field in self.body.all_fields():
            if field.linted:
                continue
            field.linted = True
            reason = self.session.overrides.get(field.question.name)
            if reason:
                field.pii_reason.blockSignals(True)
                field.pii_reason.setText(reason)
                field.pii_reason.blockSignals(False)
            self._lint(field)
        if self.toc_model.rowCount() != len(self.body.sections):
            self.toc_model.load(self.body.sections)

    @staticmethod
    def _hold_still() -> None:
        """Every object alive once the form is built is kept out of the garbage collector's
        full passes until the form closes: a full pass over an open long form took ~75 ms,
        a frame dropped at a random keystroke. Objects still free themselves by reference
        count; ``clear`` lets the collector see them again."""
        gc.freeze()

    def finish_building(self) -> None:
        """Build every section still waiting to be drawn."""
        if self.body is not None:
            self.body.finish()

    def clear(self) -> None:
        """Forget the record: the state, every field widget, the lists and labels."""
        gc.unfreeze()
        if self.session is not None:
            self.session.close()
            self.session.deleteLater()
            self.session = None
        if self.body is not None:
            # At once, not deleteLater: on lock no widget may hold an answer for even one
            # more turn of the event loop. Nothing of the body is on the stack here. (Deleted
            # in place: taking it out of the scroll area first costs a restyle of every field.)
            shiboken6.delete(self.body)
            self.body = None
        self.toc_model.load([])
        self.reasons.clear()
        self.reasons.setVisible(False)
        self.title.clear()
        self.status.clear()
        self.language.blockSignals(True)
        self.language.clear()
        self.language.blockSignals(False)
        self.banner.setVisible(False)
        self._evidence = list

    def focus_first(self) -> None:
        """Put the cursor in the first field a person can answer."""
        if self.body is None:
            return
        for field in self.body.all_fields():
            if field.editor is not None and field.isVisibleTo(self.body) and field.isEnabled():
                field.editor.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def flush(self) -> None:
        """Save unsaved answers now (the vault is about to lock)."""
        if self.session is not None:
            self.session.flush()

    @property
    def record_id(self) -> str | None:
        return None if self.session is None else self.session.head.record_id

    # -- editing -------------------------------------------------------------------------------

    def _on_edited(self, name: str, instance: Instance, value: RawValue) -> None:
        assert self.session is not None
        assert self.body is not None
        changed = self.session.state.set_answer(name, value, instance or None)
        self.body.refresh(changed)
        field = self.body.field(name, instance)
        if field is not None:
            self._lint(field)
        self.session.changed()

    def set_answer(self, name: str, value: RawValue, instance: Instance = ()) -> None:
        """As if typed into the field (tests and the benchmarks use this)."""
        self.finish_building()
        self._on_edited(name, instance, value)

    def _lint(self, field: QuestionField) -> None:
        """A PII warning beside free text that seems to hold personal data (kinds, never text)."""
        if field.question.kind != "text" or self.session is None:
            return
        value = self.session.state.value(field.question.name, field.instance)
        hits = pii.lint_text(value) if isinstance(value, str) else []
        kinds = sorted({hit.kind.replace("_", " ") for hit in hits})
        field.set_pii_warning(PII_TEXT.format(found=", ".join(kinds)) if kinds else "")

    def _on_left(self) -> None:
        if self.session is not None and self.session.dirty:
            self.session.save_draft()

    def _on_override(self, name: str, reason: str) -> None:
        if self.session is not None:
            self.session.overrides[name] = reason
            self.session.changed()

    def _on_repeats_changed(self) -> None:
        if self.session is None:
            return
        position = self.form_scroll.verticalScrollBar().value()
        self._build_body()
        self.finish_building()  # the place scrolled to must exist again
        self.form_scroll.verticalScrollBar().setValue(position)
        self.session.changed()

    def _on_language(self, _index: int) -> None:
        if self.session is None:
            return
        language = self.language.currentData()
        if isinstance(language, str):
            self.session.state.language = language
            spec = self.session.state.spec
            self.title.setText(spec.title.get(language) or spec.form_id)
            self._build_body()

    # -- saving --------------------------------------------------------------------------------

    def save_draft(self) -> None:
        if self.session is not None:
            self.session.dirty = True
            self.session.save_draft()

    def complete(self) -> None:
        if self.session is None or self.body is None:
            return
        self.body.finish()
        for field in self.body.all_fields():
            field.show_required = True
        self.body.refresh()
        self.status.setText("Checking…")
        self.session.complete()

    def _on_dirty(self, dirty: bool) -> None:
        if dirty:
            self.status.setText("Unsaved changes")

    def _on_saved(self, saved: Saved) -> None:
        self.status.setText(f"Saved as {saved.version.status}")
        self.reasons.clear()
        self.reasons.setVisible(False)
        self.status_message.emit(f"Saved as {saved.version.status}")
        self.record_saved.emit(saved)

    def _on_failed(self, exc: BaseException) -> None:
        issues: Sequence[object] = getattr(exc, "issues", ())
        if issues:
            self.show_issues(issues)
            self.status.setText("Not complete")
            return
        if isinstance(exc, UserError):
            self.status.setText("Not saved")
            self.status_message.emit(str(exc))
            return
        errors.report_unexpected(exc, self)

    def show_issues(self, issues: Sequence[object]) -> None:
        """List what stops completion, each a link to its field; messages beside the fields."""
        self.reasons.clear()
        assert self.body is not None
        self.body.finish()
        for issue in issues:
            name = str(getattr(issue, "field", ""))
            index = getattr(issue, "repeat_index", None)
            message = str(getattr(issue, "message", ""))
            field = self._issue_field(name, index)
            label = field.question.label.get(self.session_language()) if field else name
            item = QListWidgetItem(f"{label}: {message}")
            item.setData(ISSUE_ROLE, (name, index))
            self.reasons.addItem(item)
            if field is not None:
                field.set_message(message)
        rows = min(self.reasons.count(), 5)
        frame = 2 * self.reasons.frameWidth()
        self.reasons.setFixedHeight(self.reasons.sizeHintForRow(0) * rows + frame + 2)
        self.reasons.setVisible(bool(issues))

    def session_language(self) -> str:
        return self.session.state.language if self.session is not None else ""

    def _issue_field(self, name: str, index: int | None) -> QuestionField | None:
        if self.body is None:
            return None
        for field in self.body.fields.get(name, ()):
            if index is None or (field.instance and field.instance[-1] == index):
                return field
        return None

    def _go_to_issue(self, item: QListWidgetItem) -> None:
        name, index = item.data(ISSUE_ROLE)
        field = self._issue_field(name, index)
        if field is not None:
            self.form_scroll.ensureWidgetVisible(field)
            (field.editor or field).setFocus(Qt.FocusReason.OtherFocusReason)

    def _go_to_section(self, index: QModelIndex) -> None:
        if self.body is None:
            return
        self.body.finish()
        widget = self.body.section_widgets.get(str(index.data(GROUP_ROLE)))
        if widget is not None:
            layout = self.body.layout()
            if layout is not None:
                layout.activate()  # sections just built have no place until laid out
            self.form_scroll.verticalScrollBar().setValue(widget.y())

    def _withdraw(self) -> None:
        if self.record_id is not None:
            self.withdraw_requested.emit(self.record_id)

    def _history(self) -> None:
        if self.record_id is not None:
            self.history_requested.emit(self.record_id)

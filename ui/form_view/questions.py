"""One question on screen: its label, hint, editor and the messages beside it.

The editor is chosen by the question's kind, never by the instrument. A field only shows what
the form state says and reports what the person typed; the state decides relevance,
requirements and constraints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDoubleValidator, QFocusEvent, QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.evaluate_answers import Instance
from ncpi_field.xlsform.spec import Question
from ncpi_field.xlsform.validate import range_message
from ncpi_field.xpath import RawValue

REQUIRED_MESSAGE: Final = "This question needs an answer."
CONSTRAINT_MESSAGE: Final = "This answer is not allowed."
NO_CHOICE: Final = "— choose —"
ACKNOWLEDGED: Final = "OK"
PLACEHOLDERS: Final = {
    "date": "YYYY-MM-DD",
    "time": "HH:MM",
    "dateTime": "YYYY-MM-DDTHH:MM",
}
# Evidence choices: (record id, what the list shows for it).
EvidenceChoices = Sequence[tuple[str, str]]


class FocusOutPlainTextEdit(QPlainTextEdit):
    """A multi-line box that says when the person leaves it (autosave on leaving a field)."""

    left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusOutEvent(event)
        self.left.emit()


class QuestionField(QFrame):
    """A question's widgets for one repeat instance. Emits ``edited`` with the new raw value."""

    edited = Signal(str, tuple, object)  # name, instance, value (None clears)
    left = Signal()  # the person moved on from this field
    override_changed = Signal(str, str)  # name, reason

    def __init__(
        self,
        question: Question,
        instance: Instance,
        language: str,
        evidence: Callable[[], EvidenceChoices],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.question = question
        self.instance = instance
        self.language = language
        self._evidence = evidence
        self._choice_names: tuple[str, ...] | None = None
        self.setObjectName(f"field_{question.name}")
        self.show_required = False
        self.linted = False  # checked for personal data since it was built
        layout = self._column = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(2)
        self.label = QLabel(self._label_text())
        self.label.setWordWrap(True)
        self.label.setObjectName("questionLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.label)
        hint = question.hint.get(language)
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("questionHint")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.hint)  # parented first: shown without a parent, it was a
        self.hint.setVisible(bool(hint))  # window of its own for a moment, taking the focus
        self.editor = self._make_editor()
        if self.editor is not None:
            self.editor.setAccessibleName(self._accessible_name())
            if hint:
                self.editor.setAccessibleDescription(hint)
            self.label.setBuddy(self.editor)
            layout.addWidget(self.editor)
        # Made when first needed: most questions never show a message or a personal-data
        # warning, and three widgets fewer a question make a long form open and close faster.
        self._message: QLabel | None = None
        self._pii_warning: QLabel | None = None
        self._pii_reason: QLineEdit | None = None

    # -- building ------------------------------------------------------------------------------

    def _short(self) -> str:
        label = self.question.label.get(self.language) or self.question.name
        return label if len(label) <= 80 else label[:77] + "…"

    def _accessible_name(self) -> str:
        entry = f" (entry {self.instance[-1] + 1})" if self.instance else ""
        return self._short() + entry

    def _label_text(self, required: bool = False) -> str:
        text = self.question.label.get(self.language) or self.question.name
        return f"{text} *" if required else text

    def _make_editor(self) -> QWidget | None:  # noqa: PLR0911 - one branch per question kind
        kind = self.question.kind
        if kind in ("note", "hidden"):
            return None
        if kind == "calculate":
            shown = QLineEdit()
            shown.setReadOnly(True)
            shown.setObjectName("calculatedValue")
            return shown
        if kind == "text" and "multiline" in self.question.appearance:
            box = FocusOutPlainTextEdit()
            box.setTabChangesFocus(True)  # Tab moves on through the form, as everywhere else
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 12)
            box.textChanged.connect(lambda: self._emit(box.toPlainText() or None))
            box.left.connect(self.left)
            return box
        if kind in ("text", "integer", "decimal", "date", "time", "dateTime"):
            line = QLineEdit()
            line.setPlaceholderText(PLACEHOLDERS.get(kind, ""))
            if kind == "integer":
                line.setValidator(QIntValidator(line))
            elif kind == "decimal":
                line.setValidator(QDoubleValidator(line))
            line.textEdited.connect(lambda text: self._emit(self._typed(text)))
            line.editingFinished.connect(self.left)
            return line
        if kind == "select_one":
            combo = QComboBox()
            combo.currentIndexChanged.connect(lambda _i: self._emit(combo.currentData() or None))
            return combo
        if kind == "acknowledge":
            tick = QCheckBox(self._short())
            tick.toggled.connect(lambda on: self._emit(ACKNOWLEDGED if on else None))
            return tick
        if kind == "select_multiple":
            return self._make_checklist()
        if kind == "evidence":
            return self._make_evidence()
        return self._make_number_line()

    def _make_number_line(self) -> QLineEdit:
        """A range (bounds from its parameters), or a kind the core grew before this view:
        typed as a number or text and checked by the form, never a crash on opening."""
        line = QLineEdit()
        bounds = self.question.range
        if bounds is not None:
            line.setValidator(QDoubleValidator(line))
            step = "" if bounds.step in (0, 1) else f", in steps of {bounds.step}"
            line.setPlaceholderText(f"{bounds.start} to {bounds.end}{step}")
        line.textEdited.connect(lambda text: self._emit(self._typed(text)))
        line.editingFinished.connect(self.left)
        return line

    def _typed(self, text: str) -> RawValue:
        if not text:
            return None
        kind = str(self.question.kind)
        try:
            if kind == "integer":
                return int(text)
            if kind in ("decimal", "range"):
                number = float(text)
                return int(number) if kind == "range" and number.is_integer() else number
        except ValueError:
            return text  # half-typed ("-"): kept as typed, the form says what is wrong
        return text

    def _make_checklist(self) -> QListWidget:
        listing = QListWidget()
        listing.setObjectName("checklist")
        listing.itemChanged.connect(lambda _item: self._emit(self._checked(listing) or None))
        return listing

    def _make_evidence(self) -> QWidget:
        holder = QWidget()
        holder.setObjectName("evidencePicker")
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        self.evidence_search = QLineEdit()
        self.evidence_search.setPlaceholderText("Search the other records")
        self.evidence_search.setAccessibleName(f"Search records to cite for {self._short()}")
        self.evidence_search.setClearButtonEnabled(True)
        self.evidence_list = self._make_checklist()
        self.evidence_list.setAccessibleName(f"Records to cite for {self._short()}")
        self.evidence_search.textChanged.connect(self._filter_evidence)
        column.addWidget(self.evidence_search)
        column.addWidget(self.evidence_list)
        holder.setFocusProxy(self.evidence_search)
        return holder

    def _filter_evidence(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.evidence_list.count()):
            item = self.evidence_list.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    @staticmethod
    def _checked(listing: QListWidget) -> list[str]:
        return [
            str(listing.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(listing.count())
            if listing.item(row).checkState() == Qt.CheckState.Checked
        ]

    def _emit(self, value: RawValue) -> None:
        self.edited.emit(self.question.name, self.instance, value)

    # -- showing the state ---------------------------------------------------------------------

    def refresh(self, state: FormState) -> None:
        """Show what the state says of this question now (signals blocked: not an edit)."""
        name, instance = self.question.name, self.instance
        relevant = self.question.kind != "hidden" and state.relevant(name, instance)
        show(self, relevant)
        if not relevant:
            return  # out of the form: nothing of it shows; refreshed whole when it comes back
        value = state.value(name, instance)
        required = self.question.takes_input and state.required(name, instance)
        label = self._label_text(required)
        if self.label.text() != label:
            self.label.setText(label)
        if self.editor is not None:
            self.editor.blockSignals(True)
            try:
                self._show_value(state, value)
                self.editor.setEnabled(not state.readonly(name, instance))
            finally:
                self.editor.blockSignals(False)
        self._show_message(state, value, required)

    def _show_message(self, state: FormState, value: RawValue, required: bool) -> None:
        name, instance = self.question.name, self.instance
        bind = self.question.bind
        blank = value is None or value in ("", [])
        if not state.constraint_ok(name, instance):
            text = bind.constraint_message.get(self.language) or CONSTRAINT_MESSAGE
        elif not blank and self._off_range(value):
            text = self._off_range(value)
        elif required and blank and self.show_required:
            text = bind.required_message.get(self.language) or REQUIRED_MESSAGE
        else:
            text = ""
        self.set_message(text)

    def _off_range(self, value: RawValue) -> str:
        """For a range answer outside its bounds or between its steps, what to choose."""
        bounds = self.question.range
        if bounds is None:
            return ""
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            return range_message(bounds)
        return "" if bounds.accepts(number) else range_message(bounds)

    @property
    def message(self) -> QLabel:
        """What is wrong with the answer, beside it."""
        if self._message is None:
            self._message = QLabel()
            self._message.setObjectName("fieldMessage")
            self._message.setWordWrap(True)
            self._message.setAccessibleName(f"Message for {self._accessible_name()}")
            self._add_below(self._message, (self.editor, self.hint, self.label))
        return self._message

    @property
    def pii_warning(self) -> QLabel:
        """That the text seems to hold personal data (its kinds, never the text)."""
        if self._pii_warning is None:
            self._pii_warning = QLabel()
            self._pii_warning.setObjectName("piiWarning")
            self._pii_warning.setWordWrap(True)
            self._add_below(self._pii_warning, (self._message, self.editor, self.hint))
        return self._pii_warning

    @property
    def pii_reason(self) -> QLineEdit:
        """The reason that overrides the personal-data warning."""
        if self._pii_reason is None:
            reason = self._pii_reason = QLineEdit()
            reason.setObjectName("piiReason")
            reason.setPlaceholderText("Reason to keep this text as it is (overrides)")
            reason.setAccessibleName(f"Reason to override the warning on {self._short()}")
            name = self.question.name
            reason.textChanged.connect(lambda text: self.override_changed.emit(name, text))
            self._add_below(reason, (self.pii_warning,))
        return self._pii_reason

    def _add_below(self, widget: QWidget, above: Sequence[QWidget | None]) -> None:
        """Into the column below the first of ``above`` there is, hidden until shown."""
        widget.setVisible(False)  # before it has a parent: hidden, never a window
        anchor = next((w for w in above if w is not None), None)
        index = self._column.indexOf(anchor) + 1 if anchor is not None else 0
        self._column.insertWidget(index, widget)

    def set_message(self, text: str) -> None:
        if self._message is None and not text:
            return
        if self.message.text() != text:
            self.message.setText(text)
        show(self.message, bool(text))

    def set_pii_warning(self, text: str) -> None:
        if self._pii_warning is None and self._pii_reason is None and not text:
            return
        self.pii_warning.setText(text)
        show(self.pii_warning, bool(text))
        show(self.pii_reason, bool(text) or bool(self.pii_reason.text()))

    def _show_value(self, state: FormState, value: RawValue) -> None:
        editor = self.editor
        text = "" if value is None else (" ".join(value) if isinstance(value, list) else str(value))
        if isinstance(editor, QLineEdit):
            # A number half typed ("2." for 2) already says what the state holds: rewriting
            # it would turn the next key of "2.5" into "25".
            if editor.text() != text and self._typed(editor.text()) != value:
                editor.setText(text)
        elif isinstance(editor, QPlainTextEdit):
            if editor.toPlainText() != text:
                editor.setPlainText(text)
        elif isinstance(editor, QComboBox):
            self._fill_combo(editor, state, text)
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(text))
        elif isinstance(editor, QListWidget):
            self._fill_checklist(editor, self._select_choices(state), value)
        elif self.question.kind == "evidence":
            self.evidence_list.blockSignals(True)
            try:
                self._fill_checklist(self.evidence_list, list(self._evidence()), value)
                self._filter_evidence(self.evidence_search.text())
            finally:
                self.evidence_list.blockSignals(False)

    def _select_choices(self, state: FormState) -> list[tuple[str, str]]:
        choices = state.choices(self.question.name, self.instance)
        return [(c.name, c.label.get(self.language) or c.name) for c in choices]

    def _fill_combo(self, combo: QComboBox, state: FormState, current: str) -> None:
        choices = self._select_choices(state)
        names = tuple(name for name, _label in choices)
        if names != self._choice_names:
            self._choice_names = names
            combo.clear()
            combo.addItem(NO_CHOICE, "")
            for name, label in choices:
                combo.addItem(label, name)
        found = combo.findData(current)
        combo.setCurrentIndex(max(found, 0))

    def _fill_checklist(
        self, listing: QListWidget, choices: Sequence[tuple[str, str]], value: RawValue
    ) -> None:
        chosen = set(value if isinstance(value, list) else str(value or "").split())
        names = tuple(name for name, _label in choices)
        if names != self._choice_names:
            self._choice_names = names
            listing.clear()
            for name, label in choices:
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                listing.addItem(item)
            rows = min(max(len(choices), 1), 8)
            listing.setFixedHeight(listing.sizeHintForRow(0) * rows + 2 * listing.frameWidth() + 4)
        for row in range(listing.count()):
            item = listing.item(row)
            on = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def show(widget: QWidget, visible: bool) -> None:
    """Show or hide, only when that changes: a form refresh touches hundreds of widgets.

    A widget never shown or hidden by hand is always set: Qt shows such a widget on its own
    once its parent is visible, which would undo a hide that was skipped here.
    """
    explicit = widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)
    if not explicit or widget.isHidden() == visible:
        widget.setVisible(visible)


def row_of(widgets: Sequence[QWidget]) -> QWidget:
    """Widgets side by side (a repeat entry's buttons)."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return holder

"""The Inspection screen (Ctrl+I): force, type, framework, fieldwork dates and team; set up or edit.

It collects the answers and hands them to one service call; the inspection form's rules (force
from the list, end not before start...) are checked in the core, and what
they refuse is listed here by field, never with a value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ncpi_field.errors import UserError
from ui.dialogs.common import field_label, message_label, show_message
from ui.models.inspection_team import InspectionTeamModel, Member

if TYPE_CHECKING:
    from ncpi_field.service import InspectionView, Saved

Choices = Sequence[tuple[str, str]]
DATE_FORMAT: Final = "yyyy-MM-dd"
DEFAULT_MARKING: Final = "OFFICIAL-SENSITIVE"
REVISIT: Final = "revisit"
NO_CHOICE: Final = "Choose…"
NOT_A_REVISIT: Final = "None (not a revisit)"


class InspectionDialog(QDialog):
    """Emits ``saved(record_id)`` once the service has stored the inspection."""

    saved = Signal(str)

    def __init__(
        self,
        save: Callable[[dict[str, Any]], Saved],
        choices: Callable[[str], Choices],
        others: Sequence[tuple[str, str]],
        current: InspectionView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._current = current
        self.setObjectName("inspectionDialog")
        title = "Inspection" if current is not None else "Set up an inspection"
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(660)
        self.force = self._combo("Force inspected", choices("force"))
        self.framework = self._combo("Framework version", choices("framework_version"))
        self.stage = self._combo("Stage of the inspection", choices("inspection_stage"))
        self.kind = self._combo("Type of inspection", choices("inspection_type"))
        self.follows = self._combo("The inspection this revisit follows", others, NOT_A_REVISIT)
        self.start = self._date("First day of fieldwork")
        self.end = self._date("Last day of fieldwork")
        self.marking = QLineEdit(DEFAULT_MARKING)
        self.marking.setAccessibleName("Security marking")
        self.team = InspectionTeamModel(self)
        self.team_table = self._team_table()
        self.member_name = QLineEdit()
        self.member_name.setAccessibleName("New team member's name")
        self.member_name.setPlaceholderText("Name as they choose")
        self.member_name.setMinimumWidth(160)
        self.member_role = self._combo("New team member's role", choices("member_role"))
        self.add_button = QPushButton("&Add member")
        self.add_button.setAccessibleName("Add the team member")
        self.remove_button = QPushButton("Re&move member")
        self.remove_button.setAccessibleName("Remove the selected team member")
        self.message = message_label("Problems with the inspection")
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("&Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setAccessibleName("Save the inspection")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName("Close without saving")
        self._lay_out(title)
        self._connect()
        self._fill(current)

    # -- building ------------------------------------------------------------------------------

    @staticmethod
    def _combo(name: str, items: Choices, empty: str = NO_CHOICE) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(name)
        box.addItem(empty, "")
        for code, label in items:
            box.addItem(label, code)
        return box

    @staticmethod
    def _date(name: str) -> QDateEdit:
        edit = QDateEdit(QDate.currentDate())
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setAccessibleName(name)
        return edit

    def _team_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("teamTable")
        table.setAccessibleName("Inspection team")
        table.setModel(self.team)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().setVisible(False)
        table.setMinimumHeight(110)
        table.setMaximumHeight(170)
        return table

    def _lay_out(self, title: str) -> None:
        heading = QLabel(title)
        heading.setObjectName("dialogHeading")
        heading.setAccessibleName(title)
        form = QFormLayout()
        form.addRow(field_label("&Force:", self.force), self.force)
        form.addRow(field_label("T&ype:", self.kind), self.kind)
        form.addRow(field_label("Sta&ge:", self.stage), self.stage)
        form.addRow(field_label("Fo&llows:", self.follows), self.follows)
        form.addRow(field_label("F&ramework:", self.framework), self.framework)
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.end)
        dates.addStretch(1)
        form.addRow(field_label("Fieldwork &dates:", self.start), dates)
        form.addRow(field_label("Mar&king:", self.marking), self.marking)
        adding = QHBoxLayout()
        adding.addWidget(self.member_name, 2)
        adding.addWidget(self.member_role, 1)
        adding.addWidget(self.add_button)
        adding.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(field_label("T&eam:", self.team_table))
        layout.addWidget(self.team_table)
        layout.addLayout(adding)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.stage.currentIndexChanged.connect(self._follows_when_revisit)
        self.add_button.clicked.connect(self._add_member)
        self.member_name.returnPressed.connect(self._add_member)
        self.remove_button.clicked.connect(self._remove_member)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self, self._submit)
        self._follows_when_revisit()

    def _fill(self, current: InspectionView | None) -> None:
        if current is None:
            return
        for box, code in (
            (self.force, current.force),
            (self.framework, current.framework_version),
            (self.stage, current.inspection_stage),
            (self.kind, current.inspection_type),
            (self.follows, current.follows or ""),
        ):
            box.setCurrentIndex(max(0, box.findData(code)))
        for edit, text in (
            (self.start, current.fieldwork_start),
            (self.end, current.fieldwork_end),
        ):
            day = QDate.fromString(text, DATE_FORMAT)
            if day.isValid():
                edit.setDate(day)
        self.marking.setText(current.security_marking or DEFAULT_MARKING)
        self.team.load([Member(m.name, m.role, m.role_label) for m in current.team])

    # -- what it does --------------------------------------------------------------------------

    def _follows_when_revisit(self) -> None:
        revisit = self.stage.currentData() == REVISIT
        self.follows.setEnabled(revisit)
        if not revisit:
            self.follows.setCurrentIndex(0)

    def _add_member(self) -> None:
        name = self.member_name.text().strip()
        if not name or not self.member_role.currentData():
            show_message(self.message, "Give the member's name and choose their role to add them.")
            return
        self.team.add(Member(name, self.member_role.currentData(), self.member_role.currentText()))
        self.member_name.clear()
        self.member_role.setCurrentIndex(0)
        show_message(self.message, "")
        self.member_name.setFocus()

    def _remove_member(self) -> None:
        rows = self.team_table.selectionModel().selectedRows()
        if rows:
            self.team.remove(rows[0].row())

    def answers(self) -> dict[str, Any]:
        """The inspection form's answers as the screen holds them."""
        answers: dict[str, Any] = {
            "force": self.force.currentData(),
            "framework_version": self.framework.currentData(),
            "inspection_stage": self.stage.currentData(),
            "inspection_type": self.kind.currentData(),
            "fieldwork_start": self.start.date().toString(DATE_FORMAT),
            "fieldwork_end": self.end.date().toString(DATE_FORMAT),
            "security_marking": self.marking.text().strip(),
            "team": self.team.answers(),
        }
        if self.follows.currentData():
            answers["follows"] = self.follows.currentData()
        return answers

    def _submit(self) -> None:
        try:
            saved = self._save(self.answers())
        except UserError as exc:
            show_message(self.message, _problems(exc))
            return
        self.saved.emit(saved.version.record_id)
        self.accept()


def _problems(exc: UserError) -> str:
    """The error, and for an incomplete inspection each refused field's message (no values)."""
    issues = getattr(exc, "issues", ())
    lines = [str(exc), *(f"• {issue.message}" for issue in issues)]
    return "\n".join(lines)

"""The form's groups as sections, and its repeats as entries a person adds and removes.

``FormBody`` draws every node of a spec, recursively, and keeps an index of the widgets by
question and group name so a change refreshes only the nodes the form state recomputed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    Qt,
    QTimer,
)
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.evaluate_answers import Instance
from ncpi_field.xlsform.spec import Group, Node, Question
from ui.form_view.questions import EvidenceChoices, QuestionField, row_of, show

AnyIndex = QModelIndex | QPersistentModelIndex
GROUP_ROLE: Final = Qt.ItemDataRole.UserRole + 1
# A change that shows or hides more fields than this refreshes those in sight at once and the
# rest a slice per turn of the event loop: showing a field costs ~0.1-0.3 ms, and a gate
# question of a long form can reveal hundreds (one frame must stay under 50 ms).
EAGER_FIELDS: Final = 40
SLICE_SECONDS: Final = 0.008


class SectionListModel(QAbstractListModel):
    """The table of contents: one row per top-level group (its label and name)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str]] = []

    def load(self, rows: list[tuple[str, str]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        label, name = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return label
        if role == GROUP_ROLE:
            return name
        return None


class FormBody(QWidget):
    """Every node of a form for the state given; rebuilt whole when repeats change."""

    edited = QtSignal(str, tuple, object)
    left = QtSignal()
    override_changed = QtSignal(str, str)
    repeats_changed = QtSignal()
    sections_grew = QtSignal()
    finished_building = QtSignal()

    def __init__(
        self,
        state: FormState,
        evidence: Callable[[], EvidenceChoices],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("formBody")
        self.state = state
        self._evidence = evidence
        self.fields: dict[str, list[QuestionField]] = {}
        self.groups: dict[str, list[tuple[Instance, QWidget]]] = {}
        self.sections: list[tuple[str, str]] = []
        self.section_widgets: dict[str, QWidget] = {}
        self.add_buttons: dict[str, list[QPushButton]] = {}
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(12, 8, 12, 8)
        self._column.addStretch(1)
        # The first section is built at once; the rest a section per turn of the event loop,
        # so a long form opens (and keeps painting) without one long frame. ``finish``
        # builds what is left at once, for anything that needs every field now.
        self._pending = list(state.spec.children)
        self._out_of_sight: dict[QuestionField, None] = {}  # waiting to be refreshed, in order
        self._settle_timer = QTimer(self)
        self._settle_timer.setInterval(0)
        self._settle_timer.timeout.connect(self._settle_slice)
        self._timer = QTimer(self)  # before the first section: a form without groups
        self._timer.setInterval(0)  # is built whole by it, and stops this timer
        self._timer.timeout.connect(self._build_next)
        self._build_first()
        if self._pending:
            self._timer.start()

    @property
    def language(self) -> str:
        return self.state.language

    # -- building ------------------------------------------------------------------------------

    def _build_first(self) -> None:
        while self._pending:
            node = self._pending[0]
            self._build_next()
            if isinstance(node, Group):
                return

    def _build_next(self) -> None:
        if not self._pending:
            self._timer.stop()
            return
        node = self._pending.pop(0)
        self._add_nodes(self._column, (node,), (), top=True)
        self.refresh(self._names_in(node), at_once=True)  # built after the state was shown
        self.sections_grew.emit()
        if not self._pending:
            self._timer.stop()
            self.finished_building.emit()

    def _names_in(self, node: Node) -> list[str]:
        if isinstance(node, Question):
            return [node.name]
        names = [node.name]
        for child in node.children:
            names += self._names_in(child)
        return names

    def finish(self) -> None:
        """Build every section still waiting, and refresh every field still waiting to be
        (tests, jumping to a field, completing)."""
        while self._pending:
            self._build_next()
        self.settle()

    @property
    def building(self) -> bool:
        return bool(self._pending)

    @property
    def settling(self) -> bool:
        """Fields out of sight still wait to show the last change."""
        return bool(self._out_of_sight)

    def _add_nodes(
        self, layout: QVBoxLayout, nodes: tuple[Node, ...], instance: Instance, top: bool = False
    ) -> None:
        for node in nodes:
            if isinstance(node, Question):
                self._insert(layout, self._field(node, instance))
            elif node.repeat:
                self._insert(layout, self._repeat(node, instance))
            else:
                box = self._group(node, instance)
                if top:
                    label = node.label.get(self.language) or node.name
                    self.sections.append((label, node.name))
                    self.section_widgets[node.name] = box
                self._insert(layout, box)

    def _insert(self, layout: QVBoxLayout, widget: QWidget) -> None:
        """Add below what is built, above the body's closing stretch."""
        if layout is self._column:
            layout.insertWidget(layout.count() - 1, widget)
            if self.isVisible():
                widget.show()  # now, not when Qt gets round to it: refresh hides within it
        else:
            layout.addWidget(widget)

    def _field(self, question: Question, instance: Instance) -> QuestionField:
        field = QuestionField(question, instance, self.language, self._evidence)
        field.edited.connect(self.edited)
        field.left.connect(self.left)
        field.override_changed.connect(self.override_changed)
        self.fields.setdefault(question.name, []).append(field)
        return field

    def _group(self, group: Group, instance: Instance) -> QGroupBox:
        box = QGroupBox(group.label.get(self.language) or "")
        box.setObjectName(f"group_{group.name}")
        box.setAccessibleName(group.label.get(self.language) or group.name)
        column = QVBoxLayout(box)
        self._add_nodes(column, group.children, instance)
        self.groups.setdefault(group.name, []).append((instance, box))
        return box

    def _repeat(self, group: Group, parent: Instance) -> QGroupBox:
        label = group.label.get(self.language) or group.name
        box = QGroupBox(label)
        box.setObjectName(f"repeat_{group.name}")
        box.setAccessibleName(label)
        column = QVBoxLayout(box)
        entries = [i for i in self.state.instances(group.name) if i[:-1] == parent]
        for instance in entries:
            entry = QGroupBox(f"Entry {instance[-1] + 1}")
            entry.setObjectName(f"entry_{group.name}")
            entry.setAccessibleName(f"{label}, entry {instance[-1] + 1}")
            inner = QVBoxLayout(entry)
            self._add_nodes(inner, group.children, instance)
            remove = QPushButton("Remove this entry")
            remove.setObjectName("removeEntry")
            remove.setAccessibleName(f"Remove {label} entry {instance[-1] + 1}")
            remove.clicked.connect(lambda _c=False, i=instance: self._remove(group.name, i))
            inner.addWidget(row_of([remove]))
            self.groups.setdefault(group.name, []).append((instance, entry))
            column.addWidget(entry)
        if not entries:
            empty = QLabel("No entries yet.")
            empty.setObjectName("noEntries")
            column.addWidget(empty)
        add = QPushButton("Add an entry")
        add.setObjectName("addEntry")
        add.setAccessibleName(f"Add an entry to {label}")
        add.clicked.connect(lambda _c=False: self._add(group.name, parent))
        self.add_buttons.setdefault(group.name, []).append(add)
        column.addWidget(row_of([add]))
        return box

    def _add(self, repeat: str, parent: Instance) -> None:
        self.state.add_instance(repeat, parent or None)
        self.repeats_changed.emit()

    def _remove(self, repeat: str, instance: Instance) -> None:
        self.state.remove_instance(repeat, instance)
        self.repeats_changed.emit()

    # -- refreshing ----------------------------------------------------------------------------

    def refresh(self, names: list[str] | None = None, *, at_once: bool = False) -> None:
        """Show the state for ``names`` (every node when None, all at once).

        Groups and the fields in sight are refreshed now; past ``EAGER_FIELDS``, fields out of
        sight follow a slice per turn of the event loop (``settle`` does them all now).
        """
        wanted = list(self.fields) + list(self.groups) if names is None else names
        fields: list[QuestionField] = []
        for name in wanted:
            fields += self.fields.get(name, ())
            for instance, widget in self.groups.get(name, ()):
                if instance in self.state.instances(name):
                    show(widget, self.state.relevant(name, instance))
        sight = self._sight()
        if at_once or names is None or len(fields) <= EAGER_FIELDS or sight is None:
            for field in fields:
                self._out_of_sight.pop(field, None)
                field.refresh(self.state)
            return
        for field in fields:
            if sight.intersects(QRect(field.mapTo(self, QPoint()), field.size())):
                self._out_of_sight.pop(field, None)
                field.refresh(self.state)
            else:
                self._out_of_sight[field] = None
        if self._out_of_sight:
            self._settle_timer.start()

    def _sight(self) -> QRect | None:
        """What of the body is on screen, a screen's height either side; None when hidden."""
        if not self.isVisible():
            return None  # nothing is painted: every change is as cheap now as later
        shown = self.visibleRegion().boundingRect()
        if shown.isEmpty():
            return None
        return shown.adjusted(0, -shown.height(), 0, shown.height())

    def _settle_slice(self) -> None:
        """Refresh fields out of sight for one slice of a frame."""
        start = time.perf_counter()
        while self._out_of_sight and time.perf_counter() - start < SLICE_SECONDS:
            field = next(iter(self._out_of_sight))
            del self._out_of_sight[field]
            field.refresh(self.state)
        if not self._out_of_sight:
            self._settle_timer.stop()

    def settle(self) -> None:
        """Refresh now every field still waiting to show the last change."""
        while self._out_of_sight:
            self._settle_slice()

    def field(self, name: str, instance: Instance = ()) -> QuestionField | None:
        for field in self.fields.get(name, ()):
            if field.instance == instance:
                return field
        return None

    def all_fields(self) -> list[QuestionField]:
        return [field for fields in self.fields.values() for field in fields]

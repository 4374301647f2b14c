"""The form's groups as sections, and its repeats as entries a person adds and removes.

``FormBody`` draws every node of a spec, recursively, and keeps an index of the widgets by
question and group name so a change refreshes only the nodes the form state recomputed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
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
_BUILT: Final = object()  # the end of the building steps


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
        # The first section is built at once; the rest a slice of a frame per turn of the
        # event loop (a field at a time, so one big section or repeat is no long frame either),
        # so a long form opens and keeps painting. ``finish`` builds what is left at once, for
        # anything that needs every field now.
        self._steps = self._build_steps()
        self._built = False
        self._out_of_sight: dict[QuestionField, None] = {}  # waiting to be refreshed, in order
        self._settle_timer = QTimer(self)
        self._settle_timer.setInterval(0)
        self._settle_timer.timeout.connect(self._settle_slice)
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._build_next)
        self._build_first()
        if not self._built:
            self._timer.start()

    @property
    def language(self) -> str:
        return self.state.language

    # -- building ------------------------------------------------------------------------------

    def _step(self) -> Node | None:
        """Build one more field (None), or say which top-level node was just finished."""
        step = next(self._steps, _BUILT)
        if step is _BUILT:
            self._built = True
            return None
        return step

    def _build_first(self) -> None:
        """Up to the end of the first top-level group."""
        while not self._built:
            if isinstance(self._step(), Group):
                return

    def _build_next(self, budget: float = SLICE_SECONDS) -> None:
        start = time.perf_counter()
        while not self._built and time.perf_counter() - start < budget:
            self._step()
        self.sections_grew.emit()
        if self._built:
            self._timer.stop()
            self.finished_building.emit()

    def finish(self) -> None:
        """Build every section still waiting, and refresh every field still waiting to be
        (tests, jumping to a field, completing)."""
        if not self._built:
            self._build_next(budget=float("inf"))
        self.settle()

    @property
    def building(self) -> bool:
        return not self._built

    @property
    def settling(self) -> bool:
        """Fields out of sight still wait to show the last change."""
        return bool(self._out_of_sight)

    def _build_steps(self) -> Iterator[Node | None]:
        for node in self.state.spec.children:
            yield from self._node(self._column, node, (), top=True)
            yield node

    def _node(
        self, layout: QVBoxLayout, node: Node, instance: Instance, top: bool = False
    ) -> Iterator[None]:
        if isinstance(node, Question):
            field = self._field(node, instance)
            self._insert(layout, field)
            field.refresh(self.state)  # shown or hidden now, with the state as it is now
            yield None
        elif node.repeat:
            yield from self._repeat(layout, node, instance)
        else:
            yield from self._group(layout, node, instance, top)

    def _insert(self, layout: QVBoxLayout, widget: QWidget) -> None:
        """Add below what is built (above the body's closing stretch). Shown by the caller:
        a field by its refresh, which may as well hide it."""
        if layout is self._column:
            layout.insertWidget(layout.count() - 1, widget)
        else:
            layout.addWidget(widget)

    def _field(self, question: Question, instance: Instance) -> QuestionField:
        field = QuestionField(question, instance, self.language, self._evidence)
        field.edited.connect(self.edited)
        field.left.connect(self.left)
        field.override_changed.connect(self.override_changed)
        self.fields.setdefault(question.name, []).append(field)
        return field

    def _show_group(self, name: str, instance: Instance, box: QWidget) -> None:
        show(box, self.state.relevant(name, instance))

    def _group(
        self, layout: QVBoxLayout, group: Group, instance: Instance, top: bool
    ) -> Iterator[None]:
        label = group.label.get(self.language) or ""
        box = QGroupBox(label)
        box.setObjectName(f"group_{group.name}")
        box.setAccessibleName(label or group.name)
        column = QVBoxLayout(box)
        self.groups.setdefault(group.name, []).append((instance, box))
        if top:
            self.sections.append((label or group.name, group.name))
            self.section_widgets[group.name] = box
        self._insert(layout, box)
        self._show_group(group.name, instance, box)
        for child in group.children:
            yield from self._node(column, child, instance)

    def _repeat(self, layout: QVBoxLayout, group: Group, parent: Instance) -> Iterator[None]:
        label = group.label.get(self.language) or group.name
        box = QGroupBox(label)
        box.setObjectName(f"repeat_{group.name}")
        box.setAccessibleName(label)
        column = QVBoxLayout(box)
        self._insert(layout, box)
        box.show()
        entries = [i for i in self.state.instances(group.name) if i[:-1] == parent]
        for instance in entries:
            entry = QGroupBox(f"Entry {instance[-1] + 1}")
            entry.setObjectName(f"entry_{group.name}")
            entry.setAccessibleName(f"{label}, entry {instance[-1] + 1}")
            inner = QVBoxLayout(entry)
            self.groups.setdefault(group.name, []).append((instance, entry))
            column.addWidget(entry)
            self._show_group(group.name, instance, entry)
            for child in group.children:
                yield from self._node(inner, child, instance)
            remove = QPushButton("Remove this entry")
            remove.setObjectName("removeEntry")
            remove.setAccessibleName(f"Remove {label} entry {instance[-1] + 1}")
            remove.clicked.connect(lambda _c=False, i=instance: self._remove(group.name, i))
            row = row_of([remove])
            inner.addWidget(row)
            row.show()
        if not entries:
            empty = QLabel("No entries yet.")
            empty.setObjectName("noEntries")
            column.addWidget(empty)
            empty.show()
        add = QPushButton("Add an entry")
        add.setObjectName("addEntry")
        add.setAccessibleName(f"Add an entry to {label}")
        add.clicked.connect(lambda _c=False: self._add(group.name, parent))
        self.add_buttons.setdefault(group.name, []).append(add)
        row = row_of([add])
        column.addWidget(row)
        row.show()

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

"""The record list's filters: status, category, grade and author, each a combo box."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QPushButton, QWidget

from ncpi_field.record_query import FilterChoices

ANY_STATUS: Final = "Any status"
ANY_CATEGORY: Final = "Any category"
ANY_GRADE: Final = "Any grade"
ANY_AUTHOR: Final = "Any author"
STATUSES: Final = (("draft", "Draft"), ("complete", "Complete"), ("withdrawn", "Withdrawn"))
SHORTEST_SHOWN: Final = 14  # characters a combo shows before it elides a long category


def _combo(name: str, accessible: str, tip: str, anything: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    combo.setToolTip(tip)
    combo.setProperty("tip", tip)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(SHORTEST_SHOWN)
    combo.addItem(anything, "")
    return combo


class FilterBar(QWidget):
    """Emits ``changed`` when a filter is chosen; holds no records, only the choices offered."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordFilters")
        self.status = _combo(
            "statusFilter", "Status filter", "Show only drafts, complete or withdrawn", ANY_STATUS
        )
        for value, label in STATUSES:
            self.status.addItem(label, value)
        self.category = _combo(
            "categoryFilter", "Category filter", "Case audits of one area", ANY_CATEGORY
        )
        self.grade = _combo("gradeFilter", "Grade filter", "Case audits given one grade", ANY_GRADE)
        self.author = _combo("authorFilter", "Author filter", "Records last saved by", ANY_AUTHOR)
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.setAccessibleName("Clear filters")
        self.clear_button.setToolTip("Show every record again (the search words stay)")
        self.clear_button.clicked.connect(self.clear)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 0, 8, 0)
        for position, widget in enumerate(self.combos):
            grid.addWidget(widget, position // 2, position % 2)
            widget.currentIndexChanged.connect(self._on_change)
        self.conflicts = QCheckBox("Conflicts only")
        self.conflicts.setObjectName("conflictFilter")
        self.conflicts.setAccessibleName("Conflicts only")
        self.conflicts.setToolTip("Show only records edited apart on two devices")
        self.conflicts.toggled.connect(self._on_change)
        grid.addWidget(self.clear_button, 0, 2)
        grid.addWidget(self.conflicts, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

    @property
    def combos(self) -> tuple[QComboBox, ...]:
        return (self.status, self.category, self.grade, self.author)

    def value(self, combo: QComboBox) -> str | None:
        data = combo.currentData()
        return data if isinstance(data, str) and data else None

    def set_choices(self, choices: FilterChoices) -> None:
        """Offer what the records hold; a chosen value stays chosen while it is offered."""
        self._refill(self.category, ANY_CATEGORY, choices.categories)
        self._refill(self.grade, ANY_GRADE, choices.grades)
        self._refill(self.author, ANY_AUTHOR, choices.authors)
        self._describe()

    def forget_choices(self) -> None:
        """On lock: no category, grade or author of the vault stays in a list."""
        for combo, anything in (
            (self.category, ANY_CATEGORY),
            (self.grade, ANY_GRADE),
            (self.author, ANY_AUTHOR),
        ):
            self._refill(combo, anything, ())
        self.status.setCurrentIndex(0)
        self.conflicts.setChecked(False)
        self._describe()

    def clear(self) -> None:
        """Every filter back to 'any'; ``changed`` once."""
        for combo in self.combos:
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.conflicts.blockSignals(True)
        self.conflicts.setChecked(False)
        self.conflicts.blockSignals(False)
        self._describe()
        self.changed.emit()

    def _refill(self, combo: QComboBox, anything: str, values: Sequence[tuple[str, str]]) -> None:
        chosen = self.value(combo)
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(anything, "")
        for value, label in values:
            combo.addItem(label, value)
            combo.setItemData(combo.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
        kept = combo.findData(chosen) if chosen else 0
        combo.setCurrentIndex(max(kept, 0))
        combo.blockSignals(False)
        if chosen and kept < 0:
            self.changed.emit()  # the chosen value is gone: the list widens

    def _on_change(self, _index: object) -> None:
        self._describe()
        self.changed.emit()

    def _describe(self) -> None:
        for combo in self.combos:  # a long category is elided in the box: the tip says it all
            chosen = combo.currentText() if combo.currentIndex() > 0 else ""
            combo.setAccessibleDescription(chosen)
            combo.setToolTip(chosen or combo.property("tip"))

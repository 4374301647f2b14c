"""The header over the work area: which inspection is open (force, dates), a switcher when the
vault holds several, and the way to the Inspection screen (Ctrl+I)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

if TYPE_CHECKING:  # the window shows before the core (and SQLAlchemy) is loaded
    from ncpi_field.service import InspectionView

NO_INSPECTION: Final = "No inspection set up yet: records are not filed under one."
SET_UP: Final = "Set up an &inspection…"
DETAILS: Final = "&Inspection…"


class InspectionBar(QWidget):
    """Shows the open inspection; asks the shell to switch or to open the Inspection screen."""

    switched = Signal(str)  # the record id of the inspection chosen
    details_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectionBar")
        self.setAccessibleName("Open inspection")
        self.title = QLabel()
        self.title.setObjectName("inspectionTitle")
        self.title.setAccessibleName("Inspection open")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.switcher = QComboBox()
        self.switcher.setAccessibleName("Switch to another inspection")
        self.switcher.setToolTip("The vault holds more than one inspection: choose which is open")
        self.switcher.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.details = QPushButton(SET_UP)
        self.details.setAccessibleName("Show the inspection's details (Ctrl+I)")
        self.details.setToolTip("Force, type, dates, framework and team (Ctrl+I)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.title, 1)
        layout.addWidget(self.switcher)
        layout.addWidget(self.details)
        self.switcher.activated.connect(self._on_activated)
        self.details.clicked.connect(self.details_requested)
        self.clear()

    def show_inspections(self, views: Sequence[InspectionView], open_id: str | None) -> None:
        chosen = next((v for v in views if v.record_id == open_id), None)
        several = len(views) > 1
        self.title.setText(_heading(chosen, several) if chosen is not None else NO_INSPECTION)
        self.details.setText(DETAILS if chosen is not None else SET_UP)
        self.switcher.blockSignals(True)
        self.switcher.clear()
        for view in views:
            self.switcher.addItem(view.title, view.record_id)
        if chosen is not None:
            self.switcher.setCurrentIndex(self.switcher.findData(chosen.record_id))
        self.switcher.blockSignals(False)
        self.switcher.setVisible(len(views) > 1)

    def clear(self) -> None:
        """Drop what was shown (on lock)."""
        self.title.clear()
        self.switcher.clear()
        self.switcher.setVisible(False)

    def _on_activated(self, index: int) -> None:
        record_id = self.switcher.itemData(index)
        if isinstance(record_id, str):
            self.switched.emit(record_id)


def _heading(view: InspectionView, several: bool) -> str:
    """The open inspection; with several, the switcher beside it names force and dates."""
    kind = f" · {view.inspection_type_label}" if view.inspection_type_label else ""
    return f"Inspection{kind}" if several else f"Inspection: {view.title}{kind}"

"""First run, after the recovery code: set up an inspection, join the lead's, or skip for now."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

EXPLANATION: Final = (
    "Every record you capture belongs to an inspection. If you lead it, set it up now: the "
    "force, the fieldwork dates and the team. If someone else leads it, join it by importing "
    "the bundle they sent you (their device key must be trusted first). You can also skip this "
    "and do it later from the Inspection screen (Ctrl+I)."
)
BUNDLE_FILTER: Final = "NCPI bundles (*.ncpi *.bundle);;All files (*)"


class FirstInspectionDialog(QDialog):
    """Says which way the person chose; the shell does the work."""

    set_up_requested = Signal()
    join_requested = Signal(Path)  # the lead's bundle file
    skipped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Set up or join an inspection")
        self.setObjectName("firstInspectionDialog")
        self.setAccessibleName("Set up or join an inspection")
        self.setMinimumWidth(560)
        self.buttons = QDialogButtonBox()
        self.set_up_button = self.buttons.addButton(
            "&Set up an inspection", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.set_up_button.setAccessibleName("Set up an inspection that you lead")
        self.join_button = self.buttons.addButton(
            "&Join with the lead's bundle…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.join_button.setAccessibleName("Join an inspection from the lead's bundle")
        self.skip_button = self.buttons.addButton(
            "S&kip for now", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.skip_button.setAccessibleName("Skip: set up or join later")
        self.set_up_button.setDefault(True)
        heading = QLabel("Set up or join an inspection")
        heading.setObjectName("dialogHeading")
        heading.setAccessibleName("Set up or join an inspection")
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        explanation.setAccessibleName("About inspections")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addWidget(self.buttons)
        self.set_up_button.clicked.connect(self.set_up)
        self.join_button.clicked.connect(self._choose_bundle)
        self.skip_button.clicked.connect(self.reject)
        # Room for the wrapped explanation at the stylesheet's font: Qt's height-for-width
        # guess came out a line or two short, and clipped it.
        explanation.setMinimumHeight(explanation.fontMetrics().lineSpacing() * 7)

    def set_up(self) -> None:
        self.accept()
        self.set_up_requested.emit()

    def join(self, bundle: Path) -> None:
        self.accept()
        self.join_requested.emit(bundle)

    def reject(self) -> None:
        super().reject()
        self.skipped.emit()

    def _choose_bundle(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "The lead's bundle", str(Path.home()), BUNDLE_FILTER
        )
        if name:
            self.join(Path(name))

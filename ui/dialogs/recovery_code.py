"""The recovery code, shown once after creation, until the person confirms they have it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

EXPLANATION = (
    "This recovery code opens your vault if you forget your passphrase. It is shown only this "
    "once and is not stored anywhere readable. Write it down and hand it to your team lead, "
    "who keeps it safe for the inspection."
)
CONFIRMATION = "I have written the code down and will hand it to my team lead"


class RecoveryCodeDialog(QDialog):
    """Cannot be dismissed until the box is ticked: the code is never shown again."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your recovery code")
        self.setObjectName("recoveryCodeDialog")
        self.setMinimumWidth(520)
        self.code = QLabel(code)
        self.code.setObjectName("recoveryCode")
        # Selectable so it can be copied by hand; nothing puts it on the clipboard for you.
        self.code.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.code.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setFont(QFont("monospace"))
        self.code.setAccessibleName("Recovery code")
        self.confirmed = QCheckBox(CONFIRMATION)
        self.confirmed.setAccessibleName("Confirm the recovery code is written down")
        self.buttons = QDialogButtonBox()
        self.continue_button = self.buttons.addButton(
            "C&ontinue", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.continue_button.setAccessibleName("Continue to the vault")
        self.continue_button.setEnabled(False)
        self._lay_out()
        self.confirmed.toggled.connect(self.continue_button.setEnabled)
        self.buttons.accepted.connect(self.accept)

    def _lay_out(self) -> None:
        heading = QLabel("Write down your recovery code")
        heading.setObjectName("dialogHeading")
        heading.setAccessibleName("Write down your recovery code")
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        explanation.setAccessibleName("About the recovery code")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addWidget(self.code)
        layout.addWidget(self.confirmed)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.code, self.confirmed)
        self.setTabOrder(self.confirmed, self.continue_button)

    def accept(self) -> None:
        if self.confirmed.isChecked():
            self.code.clear()
            super().accept()

    def reject(self) -> None:
        """Escape and the close button do nothing here: the code would be lost for good."""

"""First run: choose a passphrase and create the vault."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from ncpi_field.errors import UserError
from ncpi_field.passphrase_policy import MIN_PASSPHRASE_LENGTH, STRENGTH_WORDS, strength
from ui import operations
from ui.dialogs.common import busy_bar, field_label, message_label, secret_field, show_message
from ui.errors import report_unexpected
from ui.worker import run_in_background

INTRO = (
    "There is no vault on this computer yet. Choose a passphrase to encrypt it: "
    f"at least {MIN_PASSPHRASE_LENGTH} characters. A few unrelated words are easy to type "
    "and hard to guess."
)


class CreateVaultDialog(QDialog):
    """Emits ``created(vault, recovery_code)`` once the vault exists and is unlocked."""

    created = Signal(object, str)

    def __init__(self, vault_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault_dir = vault_dir
        self._busy = False
        self.setWindowTitle("Create your vault")
        self.setObjectName("createVaultDialog")
        self.setMinimumWidth(460)
        self.passphrase = secret_field("New passphrase")
        self.confirmation = secret_field("Confirm new passphrase")
        self.strength = QProgressBar()
        self.strength.setObjectName("strengthMeter")
        self.strength.setAccessibleName("Passphrase strength")
        self.strength.setRange(0, len(STRENGTH_WORDS) - 1)
        self.strength.setTextVisible(False)
        self.strength.setMaximumHeight(8)
        self.strength_words = QLabel()
        self.strength_words.setObjectName("strengthWords")
        self.strength_words.setAccessibleName("Passphrase strength in words")
        self.strength_words.setMinimumWidth(80)
        self._show_strength("")
        self.passphrase.textChanged.connect(self._show_strength)
        self.message = message_label("Problem with the passphrase")
        self.busy = busy_bar("Creating the vault")
        self.buttons = QDialogButtonBox()
        self.create_button = self.buttons.addButton(
            "&Create vault", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.quit_button = self.buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        self.create_button.setAccessibleName("Create vault")
        self.quit_button.setAccessibleName("Quit without creating a vault")
        self.create_button.setDefault(True)
        self._lay_out()
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

    def _lay_out(self) -> None:
        heading = QLabel("Create your vault")
        heading.setObjectName("dialogHeading")
        heading.setAccessibleName("Create your vault")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        intro.setAccessibleName("About the passphrase")
        form = QFormLayout()
        form.addRow(field_label("&Passphrase:", self.passphrase), self.passphrase)
        meter = QHBoxLayout()
        meter.addWidget(self.strength, 1)
        meter.addWidget(self.strength_words)
        form.addRow("Strength:", meter)
        form.addRow(field_label("Con&firm:", self.confirmation), self.confirmation)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.passphrase, self.confirmation)
        self.setTabOrder(self.confirmation, self.create_button)
        self.setTabOrder(self.create_button, self.quit_button)

    def _show_strength(self, text: str) -> None:
        found = strength(text)
        self.strength.setValue(found.score)
        self.strength.setFormat(found.words)
        self.strength_words.setText(found.words)
        self.strength.setAccessibleDescription(f"Passphrase strength: {found.words}")

    def _submit(self) -> None:
        passphrase = self.passphrase.text()
        if passphrase != self.confirmation.text():
            show_message(self.message, "The two passphrases differ. Type the same one twice.")
            self.confirmation.selectAll()
            self.confirmation.setFocus()
            return
        self._set_busy(True)
        run_in_background(
            lambda _report: operations.create_vault(self._vault_dir, passphrase),
            self._on_created,
            self._on_failed,
        )

    def _on_created(self, result: tuple[object, str]) -> None:
        self._set_busy(False)
        self.passphrase.clear()
        self.confirmation.clear()
        vault, code = result
        self.accept()
        self.created.emit(vault, code)

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if not isinstance(exc, UserError):
            report_unexpected(exc, self)
            return
        show_message(self.message, str(exc))
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def reject(self) -> None:
        if not self._busy:  # the vault is being written: closing now would orphan it
            super().reject()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        for widget in (self.passphrase, self.confirmation, self.create_button, self.quit_button):
            widget.setEnabled(not busy)
        if busy:
            show_message(self.message, "")

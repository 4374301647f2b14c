"""Unlock the vault with the passphrase, or set a new one with the recovery code."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ncpi_field import backoff
from ncpi_field.errors import UnlockBackoff, UserError
from ui.dialogs.common import (
    busy_bar,
    field_label,
    message_label,
    secret_field,
    show_message,
)
from ui.errors import report_unexpected
from ui.worker import run_in_background

# This dialog is painted before the core (SQLAlchemy, cryptography) is loaded; unlocking
# imports it on the worker thread (see ui.app.preload_core, which usually got there first).
if TYPE_CHECKING:
    from ncpi_field.service import VaultService

TICK_MS: Final = 200
PASSPHRASE_PAGE: Final = 0
RECOVERY_PAGE: Final = 1
RECOVERY_HELP = (
    "Type the recovery code your team lead holds for this vault, then choose a new passphrase."
)


def _operations() -> ModuleType:
    """The app's calls into the core, imported on first use (on the worker thread)."""
    from ui import operations  # noqa: PLC0415

    return operations


def seconds_before_next_try(directory: Path) -> float:
    """The back-off left; read before the core loads (the counter file needs no key)."""
    return backoff.seconds_left(directory)


def _button(text: str, accessible_name: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(accessible_name)
    button.setAutoDefault(False)
    return button


def _page(intro: QLabel, form: QFormLayout, accessible_name: str) -> QWidget:
    intro.setWordWrap(True)
    intro.setAccessibleName(accessible_name)
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(intro)
    layout.addLayout(form)
    return page


class UnlockDialog(QDialog):
    """Emits ``unlocked(vault)``. Wrong attempts show the core's message and any back-off wait."""

    unlocked = Signal(object)

    def __init__(self, vault_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault_dir = vault_dir
        self._busy = False
        self._ready_at = 0.0
        self.setWindowTitle("Unlock NCPI Field")
        self.setObjectName("unlockDialog")
        self.setMinimumWidth(460)
        self._make_widgets()
        self._lay_out()
        self._connect()
        self.show_passphrase_page()
        self.start_countdown(seconds_before_next_try(vault_dir))

    # -- building ------------------------------------------------------------------------------

    def _make_widgets(self) -> None:
        self.passphrase = secret_field("Passphrase")
        self.unlock_button = _button("&Unlock", "Unlock the vault")
        self.use_recovery_button = _button("Use &recovery code…", "Use the recovery code instead")
        self.recovery_code = secret_field("Recovery code", "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.new_passphrase = secret_field("New passphrase")
        self.new_confirmation = secret_field("Confirm new passphrase")
        self.reset_button = _button(
            "Set passphrase and &unlock", "Set the new passphrase and unlock"
        )
        self.back_button = _button("&Back", "Back to the passphrase")
        self.quit_button = _button("&Quit", "Quit NCPI Field")
        self.message = message_label("Unlock problem")
        self.wait_label = message_label("Time before the next try")
        self.wait_label.setObjectName("waitMessage")
        self.busy = busy_bar("Unlocking the vault")
        self.pages = QStackedWidget()
        self._countdown = QTimer(self)
        self._countdown.setInterval(TICK_MS)

    def _lay_out(self) -> None:
        self.pages.addWidget(self._passphrase_page())
        self.pages.addWidget(self._recovery_page())
        heading = QLabel("Unlock your vault")
        heading.setObjectName("dialogHeading")
        heading.setAccessibleName("Unlock your vault")
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_recovery_button)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.pages)
        layout.addWidget(self.message)
        layout.addWidget(self.wait_label)
        layout.addWidget(self.busy)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def _passphrase_page(self) -> QWidget:
        intro = QLabel("The vault is locked. Type your passphrase to open it.")
        form = QFormLayout()
        form.addRow(field_label("&Passphrase:", self.passphrase), self.passphrase)
        return _page(intro, form, "Unlock instructions")

    def _recovery_page(self) -> QWidget:
        intro = QLabel(RECOVERY_HELP)
        form = QFormLayout()
        form.addRow(field_label("Recovery &code:", self.recovery_code), self.recovery_code)
        form.addRow(field_label("&New passphrase:", self.new_passphrase), self.new_passphrase)
        form.addRow(field_label("Con&firm:", self.new_confirmation), self.new_confirmation)
        return _page(intro, form, "Recovery instructions")

    def _connect(self) -> None:
        self.unlock_button.clicked.connect(self._submit_passphrase)
        self.passphrase.returnPressed.connect(self.unlock_button.click)
        self.use_recovery_button.clicked.connect(self.show_recovery_page)
        self.reset_button.clicked.connect(self._submit_recovery)
        self.new_confirmation.returnPressed.connect(self.reset_button.click)
        self.back_button.clicked.connect(self.show_passphrase_page)
        self.quit_button.clicked.connect(self.reject)
        self._countdown.timeout.connect(self._tick)

    # -- pages ---------------------------------------------------------------------------------

    def show_passphrase_page(self) -> None:
        self._switch_to(PASSPHRASE_PAGE)
        self.setTabOrder(self.passphrase, self.unlock_button)
        self.setTabOrder(self.unlock_button, self.use_recovery_button)
        self.setTabOrder(self.use_recovery_button, self.quit_button)
        show_message(self.message, "")
        self.passphrase.setFocus()

    def show_recovery_page(self) -> None:
        self._switch_to(RECOVERY_PAGE)
        self.setTabOrder(self.recovery_code, self.new_passphrase)
        self.setTabOrder(self.new_passphrase, self.new_confirmation)
        self.setTabOrder(self.new_confirmation, self.reset_button)
        self.setTabOrder(self.reset_button, self.back_button)
        self.setTabOrder(self.back_button, self.quit_button)
        show_message(self.message, "")
        self.recovery_code.setFocus()

    def _switch_to(self, page: int) -> None:
        """One page at a time, with only its own buttons showing; the primary one is default."""
        on_recovery = page == RECOVERY_PAGE
        self.pages.setCurrentIndex(page)
        self.use_recovery_button.setVisible(not on_recovery)
        self.unlock_button.setVisible(not on_recovery)
        self.back_button.setVisible(on_recovery)
        self.reset_button.setVisible(on_recovery)
        self.unlock_button.setDefault(not on_recovery)
        self.reset_button.setDefault(on_recovery)

    # -- unlocking -----------------------------------------------------------------------------

    def _submit_passphrase(self) -> None:
        passphrase = self.passphrase.text()
        if not passphrase:
            show_message(self.message, "Type your passphrase first.")
            return
        directory = self._vault_dir
        self._run(lambda: _operations().unlock_vault(directory, passphrase))

    def _submit_recovery(self) -> None:
        code, new = self.recovery_code.text(), self.new_passphrase.text()
        if new != self.new_confirmation.text():
            show_message(self.message, "The two new passphrases differ. Type the same one twice.")
            self.new_confirmation.setFocus()
            return
        directory = self._vault_dir
        self._run(lambda: _operations().recover_vault(directory, code, new))

    def _run(self, unlock: Callable[[], VaultService]) -> None:
        self._set_busy(True)
        run_in_background(lambda _report: unlock(), self._on_unlocked, self._on_failed)

    def _on_unlocked(self, vault: VaultService) -> None:
        self._set_busy(False)
        for field in (
            self.passphrase,
            self.recovery_code,
            self.new_passphrase,
            self.new_confirmation,
        ):
            field.clear()
        self.accept()
        self.unlocked.emit(vault)

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if not isinstance(exc, UserError):
            report_unexpected(exc, self)
            return
        show_message(self.message, str(exc))
        wait = exc.seconds_left if isinstance(exc, UnlockBackoff) else None
        self.start_countdown(wait if wait is not None else seconds_before_next_try(self._vault_dir))
        field = (
            self.passphrase if self.pages.currentIndex() == PASSPHRASE_PAGE else self.recovery_code
        )
        field.selectAll()
        field.setFocus()

    # -- back-off countdown --------------------------------------------------------------------

    def start_countdown(self, seconds: float) -> None:
        """Disable the unlock buttons until the core's back-off has passed."""
        if seconds <= 0:
            return
        self._ready_at = time.monotonic() + seconds
        self._countdown.start()
        self._tick()

    def waiting(self) -> bool:
        return self._countdown.isActive()

    def _tick(self) -> None:
        left = self._ready_at - time.monotonic()
        if left <= 0:
            self._countdown.stop()
            show_message(self.wait_label, "")
        else:
            whole = math.ceil(left)
            show_message(
                self.wait_label, f"You can try again in {whole} second{'s' * (whole != 1)}."
            )
        self._update_enabled()

    def _update_enabled(self) -> None:
        can_try = not self._busy and not self.waiting()
        self.unlock_button.setEnabled(can_try)
        self.reset_button.setEnabled(can_try)
        for widget in (
            self.passphrase,
            self.recovery_code,
            self.new_passphrase,
            self.new_confirmation,
            self.use_recovery_button,
            self.back_button,
            self.quit_button,
        ):
            widget.setEnabled(not self._busy)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        if busy:
            show_message(self.message, "")
        self._update_enabled()

    def reject(self) -> None:
        if not self._busy:  # a key is being derived; let it finish and report
            super().reject()

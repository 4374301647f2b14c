"""Export a bundle: to which devices (every trusted one by default), incremental or full, and
where (a save dialog that starts in the folder last used). The export runs in the worker."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui import errors
from ui.dialogs.common import action_and_close, busy_bar, message_label, plain_button, show_message
from ui.sync import calls, choices
from ui.sync.attempt import attempt
from ui.sync.calls import Exported
from ui.worker import Report, run_in_background

if TYPE_CHECKING:
    from ncpi_field.service import VaultService
    from ui.settings import Settings

TITLE: Final = "Export a bundle"
DEVICE_ROLE: Final = Qt.ItemDataRole.UserRole + 1


class ExportDialog(QDialog):
    exported = Signal(object)  # the Exported result

    def __init__(
        self, service: VaultService, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.settings = settings
        self._running = False
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.setObjectName("exportDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(640, 460)
        self.recipients = QListWidget()
        self.recipients.setObjectName("exportRecipients")
        self.recipients.setAccessibleName("Recipients: the devices the bundle is sealed to")
        self.full = QCheckBox("&Full export: every version (always safe to send again)")
        self.full.setAccessibleName("Full export")
        self.path = QLineEdit()
        self.path.setObjectName("exportPath")
        self.path.setAccessibleName("Bundle file")
        self.choose_button = plain_button(
            "C&hoose…", "Choose where to save the bundle", self.choose_path
        )
        self.bar = busy_bar("Export progress")  # a count once the versions are known
        self.bar.setMaximumHeight(16)
        self.bar.setFormat("%v of %m versions")
        self.bar.setTextVisible(True)
        self.message = message_label("Export result")
        self.buttons, self.export_button = action_and_close(
            self, "&Export", "Export the bundle", self.start_export
        )
        self._lay_out()
        self._load_recipients()
        self.path.setText(str(choices.start_folder(settings) / self._suggested_name()))

    def _lay_out(self) -> None:
        to_label = QLabel("&Send to (every trusted device unless you untick some):")
        to_label.setBuddy(self.recipients)
        file_label = QLabel("Save &as:")
        file_label.setBuddy(self.path)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(self.choose_button)
        column = QVBoxLayout(self)
        column.addWidget(to_label)
        column.addWidget(self.recipients, 1)
        column.addWidget(self.full)
        column.addWidget(file_label)
        column.addLayout(where)
        column.addWidget(self.bar)
        column.addWidget(self.message)
        column.addWidget(self.buttons)

    def _load_recipients(self) -> None:
        found = attempt(self, lambda: calls.members(self.service)) or []
        for member in found:
            if member.revoked:
                continue
            item = QListWidgetItem(
                f"{member.role}: device {member.device_id[:12]}  ({member.fingerprint})"
            )
            item.setData(DEVICE_ROLE, member.device_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.recipients.addItem(item)
        if self.recipients.count() == 0:
            show_message(
                self.message,
                "This vault trusts no device yet: trust the team lead's key first (Team menu).",
            )
            self.export_button.setEnabled(False)

    def _suggested_name(self) -> str:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
        return f"ncpi-{self.service.identity.device_id[:8]}-{stamp}.bundle"

    def chosen_recipients(self) -> list[str]:
        items = [self.recipients.item(i) for i in range(self.recipients.count())]
        return [
            str(item.data(DEVICE_ROLE))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def choose_path(self) -> None:
        current = Path(self.path.text()) if self.path.text().strip() else None
        suggested = choices.start_folder(self.settings) / (
            current.name if current else self._suggested_name()
        )
        chosen = choices.save_file(self, TITLE, suggested, choices.BUNDLE_FILTER)
        if chosen is not None:
            self.path.setText(str(chosen))

    def start_export(self) -> None:
        text = self.path.text().strip()
        chosen = self.chosen_recipients()
        if not text:
            show_message(self.message, "Choose where to save the bundle first.")
            return
        if not chosen:
            show_message(self.message, "Tick at least one device to send the bundle to.")
            return
        out, full, service = Path(text).expanduser(), self.full.isChecked(), self.service
        to = [] if len(chosen) == self.recipients.count() else chosen
        self._busy(True)
        show_message(self.message, "Exporting…")

        def task(report: Report) -> Exported:
            return calls.export_bundle(
                service,
                out,
                full=full,
                to=to,
                progress=lambda done, total: report(done, str(total)),
            )

        run_in_background(task, self._done, self._failed, self._progress, write=True)

    def _progress(self, done: int, total: str) -> None:
        if not isValid(self):
            return
        self.bar.setRange(0, max(1, int(total)))
        self.bar.setValue(done)

    def _done(self, done: Exported) -> None:
        if not isValid(self):  # closed while the worker ran (the vault was locked)
            return
        self._busy(False)
        self.settings.bundle_folder = done.path.parent
        count = done.header.versions
        show_message(
            self.message,
            f"Exported {count} version{'s' * (count != 1)} for "
            f"{len(done.header.recipients)} device(s) to {done.path} ({done.size:,} bytes).",
        )
        self.exported.emit(done)

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):  # closed while the worker ran (the vault was locked)
            return
        self._busy(False)
        show_message(self.message, "")
        errors.report_unexpected(exc, self)

    def reject(self) -> None:
        """Escape and Close wait for the running task: its report is what the person needs."""
        if not self._running:
            super().reject()

    def _busy(self, busy: bool) -> None:
        self._running = busy
        self.bar.setRange(0, 0)
        self.bar.setVisible(busy)
        for widget in (self.export_button, self.choose_button, self.recipients, self.full):
            widget.setEnabled(not busy)

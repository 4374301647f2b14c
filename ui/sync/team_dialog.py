"""The team screen: this vault's fingerprint to read aloud, its role, and the devices it trusts.

"Become lead", "export my key", "trust a key file" (its fingerprint shown and confirmed before
anything is installed) and "revoke a device" each call one function of ``sync.team``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.dialogs.common import close_buttons, plain_button
from ui.models.team_table import Column, TeamMembersModel
from ui.sync import calls, choices
from ui.sync.attempt import attempt

if TYPE_CHECKING:
    from ncpi_field.service import VaultService
    from ui.settings import Settings

TITLE: Final = "Team and keys"


class TeamDialog(QDialog):
    changed = Signal()  # the team changed (trust, revoke, lead)

    def __init__(
        self, service: VaultService, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.settings = settings
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.setObjectName("teamDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(900, 560)
        self.fingerprint = self._fingerprint_label()
        self.role_label = QLabel()
        self.role_label.setObjectName("teamRole")
        self.role_label.setAccessibleName("This vault's role")
        self.role_label.setWordWrap(True)
        self.model = TeamMembersModel(self)
        self.table = self._make_table()
        self.lead_button = self._button("Become team &lead", self.become_lead)
        self.export_key_button = self._button("&Export my key…", self.export_key)
        self.trust_button = self._button("&Trust a key file…", self.trust_key)
        self.revoke_button = self._button("&Revoke device…", self.revoke_selected)
        self._lay_out()
        self.reload()

    def _fingerprint_label(self) -> QLabel:
        label = QLabel()
        label.setObjectName("ownFingerprint")
        label.setAccessibleName("This vault's fingerprint, to read aloud")
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A style sheet, not setFont: the app's style sheet sets every label's font.
        label.setStyleSheet("font-family: monospace; font-size: 22pt; font-weight: bold;")
        label.setWordWrap(True)
        return label

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("teamTable")
        table.setModel(self.model)
        table.setAccessibleName("Devices this vault trusts")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.STATE, QHeaderView.ResizeMode.Stretch)
        return table

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        return plain_button(text, text.replace("&", "").rstrip("…"), slot)

    def _lay_out(self) -> None:
        heading = QLabel("This vault's fingerprint: read it aloud to the person checking it")
        heading.setAccessibleName("Fingerprint heading")
        devices = QLabel("&Devices this vault trusts")
        devices.setBuddy(self.table)
        actions = QHBoxLayout()
        for button in (
            self.lead_button,
            self.export_key_button,
            self.trust_button,
            self.revoke_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        close = close_buttons(self)
        column = QVBoxLayout(self)
        column.addWidget(heading)
        column.addWidget(self.fingerprint)
        column.addWidget(self.role_label)
        column.addLayout(actions)
        column.addWidget(devices)
        column.addWidget(self.table, 1)
        column.addWidget(close)

    # -- what is shown ---------------------------------------------------------------------------

    def reload(self) -> None:
        standing = attempt(self, lambda: calls.standing(self.service))
        found = attempt(self, lambda: calls.members(self.service))
        if standing is None or found is None:
            return
        self.fingerprint.setText(standing.fingerprint)
        if standing.is_lead and not standing.inspection_id:
            self.role_label.setText(
                "This vault is the team lead. Set up the inspection (Ctrl+I): its bundles name it."
            )
        elif standing.is_lead:
            self.role_label.setText(
                f"This vault is the team lead of inspection {standing.inspection_id}."
            )
        elif standing.inspection_id:
            self.role_label.setText(
                f"This vault is an inspector's, in inspection {standing.inspection_id}."
            )
        elif any(m.role == calls.LEAD and not m.revoked for m in found):
            self.role_label.setText(
                "This vault is an inspector's: it sends its bundles to the team lead below."
            )
        else:
            self.role_label.setText(
                "This vault is an inspector's. Trust the team lead's key to send them bundles."
            )
        self.lead_button.setEnabled(not standing.is_lead)
        self.model.load(found)
        self.revoke_button.setEnabled(any(not m.revoked for m in found))

    # -- what a person does ----------------------------------------------------------------------

    def become_lead(self) -> None:
        if not choices.confirm(
            self,
            "Become team lead",
            "Make this vault the team lead of its inspection? Inspectors then trust this "
            "vault's key and send their bundles here.",
        ):
            return
        if attempt(self, lambda: calls.become_lead(self.service)) is not None:
            self._changed()

    def export_key(self) -> None:
        suggested = choices.start_folder(self.settings) / "my-device.key"
        path = choices.save_file(self, "Export my key", suggested, choices.KEY_FILTER)
        if path is None:
            return
        fingerprint = attempt(self, lambda: calls.export_key(self.service, path))
        if fingerprint is not None:
            self.settings.bundle_folder = path.parent
            self._tell(
                "Key exported",
                f"Your public key is in {path}.\n\nGive the file to the other device's owner "
                f"and read this fingerprint aloud to them:\n\n{fingerprint}",
            )

    def trust_key(self) -> None:
        paths = choices.open_files(
            self, "Trust a key file", choices.start_folder(self.settings), choices.KEY_FILTER
        )
        if paths:
            self.trust_file(paths[0])

    def trust_file(self, path: Path) -> bool:
        """Show the key's fingerprint; install it only once the person confirms it matches."""
        found = attempt(self, lambda: calls.read_key(self.service, path))
        if found is None:
            return False
        if not choices.confirm(
            self,
            "Confirm the fingerprint",
            f"The key file's fingerprint is:\n\n{found.fingerprint}\n\nAsk its owner to read "
            "their fingerprint aloud. Trust this device only if every character matches.",
        ):
            return False
        trusted = attempt(self, lambda: calls.trust(self.service, path))
        if trusted is None:
            return False
        self.settings.bundle_folder = path.parent
        self._changed()
        return True

    def revoke_selected(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self._tell("Revoke a device", "Select a device in the list first.")
            return
        member = self.model.member(index.row())
        if member.revoked:
            self._tell("Revoke a device", "That device is already revoked.")
            return
        if not choices.confirm(
            self,
            "Revoke this device?",
            f"Revoke device {member.device_id[:12]} ({member.role})?\n\nIts later bundles will "
            "be refused; what it sent before stays. A revoked device cannot be trusted again.",
        ):
            return
        if attempt(self, lambda: calls.revoke(self.service, member.device_id)) is not None:
            self._changed()

    def _changed(self) -> None:
        self.reload()
        self.changed.emit()

    def _tell(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=self)
        box.setAccessibleName(title)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()

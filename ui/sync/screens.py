"""Opens the sync screens from the main window's Team and Sync menus, on the unlocked vault,
and refreshes the record list after anything that changed records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog

if TYPE_CHECKING:
    from ui.app import AppShell


class SyncScreens(QObject):
    """One screen of each kind at a time; the shell's lock closes them with the window's
    other dialogs."""

    def __init__(self, shell: AppShell) -> None:
        super().__init__(shell)
        self.shell = shell
        self.current: QDialog | None = None
        window = shell.window
        window.team_requested.connect(self.open_team)
        window.export_bundle_requested.connect(self.open_export)
        window.import_bundles_requested.connect(self.open_import)
        window.conflicts_requested.connect(self.open_conflicts)

    def open_team(self) -> QDialog | None:
        from ui.sync.team_dialog import TeamDialog  # noqa: PLC0415 - loads sync

        vault = self.shell.vault
        if vault is None:
            return None
        return self._show(TeamDialog(vault, self.shell.settings, self.shell.window))

    def open_export(self) -> QDialog | None:
        from ui.sync.export_dialog import ExportDialog  # noqa: PLC0415

        vault = self.shell.vault
        if vault is None:
            return None
        return self._show(ExportDialog(vault, self.shell.settings, self.shell.window))

    def open_import(self, paths: Sequence[str] = ()) -> QDialog | None:
        from ui.sync.import_dialog import ImportDialog  # noqa: PLC0415

        vault = self.shell.vault
        if vault is None:
            return None
        if isinstance(self.current, ImportDialog) and self.current.isVisible():
            self.current.add_files(paths)  # a second drop adds to the open list
            return self.current
        dialog = ImportDialog(vault, self.shell.settings, self.shell.window)
        dialog.add_files(paths)
        dialog.imported.connect(lambda _results: self.shell.refresh())
        return self._show(dialog)

    def open_conflicts(self) -> QDialog | None:
        from ui.sync.conflicts_dialog import ConflictsDialog  # noqa: PLC0415

        vault = self.shell.vault
        if vault is None:
            return None
        view = self.shell.window.built_form_view  # the record open there, shown first
        dialog = ConflictsDialog(vault, self.shell.window, view.record_id if view else None)
        dialog.resolved.connect(lambda _saved: self.shell.refresh())
        return self._show(dialog)

    def _show(self, dialog: QDialog) -> QDialog:
        if self.current is not None and self.current.isVisible():
            self.current.close()
        self.current = dialog
        dialog.destroyed.connect(lambda *_: self._forget(dialog))
        dialog.open()
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if self.current is dialog:
            self.current = None

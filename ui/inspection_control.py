"""What the app does with inspections: which one is open, the header, the Inspection screen, and
the first-run step (set up, join with the lead's bundle, or skip). Each step is one call into the
service through ``ui.operations``; the open inspection's id is kept in the settings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog

from ui.main_window import MainWindow
from ui.settings import Settings

if TYPE_CHECKING:
    from ncpi_field.service import InspectionView, Saved, VaultService


class InspectionControl(QObject):
    """Owned by the app shell; ``changed`` asks it to reload the lists."""

    changed = Signal()

    def __init__(
        self,
        window: MainWindow,
        settings: Settings,
        vault: Callable[[], VaultService | None],
        open_import: Callable[[Sequence[str]], QDialog | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._settings = settings
        self._vault = vault
        self._open_import = open_import
        self.views: list[InspectionView] = []
        self.open_id: str | None = None
        self.dialog: QDialog | None = None
        window.inspection_requested.connect(self.show_details)
        window.inspection_switched.connect(self.switch_to)

    # -- which inspection is open --------------------------------------------------------------

    def refresh(self, vault: VaultService) -> str | None:
        """Read the inspections, keep the open one (or open the latest), show the header."""
        from ui import operations  # noqa: PLC0415 - loaded by now: a vault is open

        self.views = operations.inspections(vault)
        ids = [v.record_id for v in self.views]
        wanted = self._settings.open_inspection
        self.open_id = wanted if wanted in ids else (ids[-1] if ids else None)
        if self.open_id is not None and self.open_id != wanted:
            self._settings.open_inspection = self.open_id
        self._window.show_inspections(self.views, self.open_id)
        return self.open_id

    def switch_to(self, record_id: str) -> None:
        if record_id == self.open_id:
            return
        self._settings.open_inspection = record_id
        self.changed.emit()

    def open_view(self) -> InspectionView | None:
        return next((v for v in self.views if v.record_id == self.open_id), None)

    def clear(self) -> None:
        self.views, self.open_id = [], None
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None

    # -- the Inspection screen -----------------------------------------------------------------

    def show_details(self) -> None:
        """The open inspection to read and edit, or a new one to set up when there is none."""
        current = self.open_view()
        vault = self._vault()
        if vault is None:
            return
        from ui import operations  # noqa: PLC0415
        from ui.dialogs.inspection import InspectionDialog  # noqa: PLC0415

        def save(answers: dict[str, Any]) -> Saved:
            if current is None:
                return operations.create_inspection(vault, answers)
            return operations.update_inspection(vault, current.record_id, answers)

        others = [
            (v.record_id, v.title)
            for v in self.views
            if current is None or v.record_id != current.record_id
        ]
        dialog = InspectionDialog(
            save, operations.inspection_choices, others, current, self._window
        )
        dialog.saved.connect(self._on_saved)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def _on_saved(self, record_id: str) -> None:
        self._settings.open_inspection = record_id
        self.dialog = None
        self.changed.emit()

    # -- first run -----------------------------------------------------------------------------

    def offer_first_run(self) -> None:
        """After a new vault's recovery code: set up or join an inspection, or skip."""
        if self.views:
            return
        from ui.dialogs.first_inspection import FirstInspectionDialog  # noqa: PLC0415

        dialog = FirstInspectionDialog(self._window)
        dialog.set_up_requested.connect(self.show_details)
        dialog.join_requested.connect(self.join)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def join(self, bundle: Path) -> None:
        """Import the lead's bundle through the import screen, started at once; its report
        says what came in, and the lists refresh with the inspection it brought."""
        self.dialog = None
        opened = self._open_import([str(bundle)])
        start = getattr(opened, "start_import", None)
        if callable(start):
            start()

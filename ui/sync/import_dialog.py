"""Import bundles: several files (chosen, or dropped on the window or here), a progress bar,
then what each file did. A refused file is listed with its cause and never stops the others."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from sync.bundle_import import Refused, refused_cause
from ui import errors
from ui.dialogs.common import action_and_close, message_label, plain_button, show_message
from ui.main_window import dropped_files
from ui.sync import calls, choices
from ui.worker import Report, run_in_background

if TYPE_CHECKING:
    from ncpi_field.service import VaultService
    from ui.settings import Settings
    from ui.sync.calls import ImportResult

TITLE: Final = "Import bundles"


def report_line(result: ImportResult) -> str:
    """What one file did, in words (counts and causes only: never a field value)."""
    name = result.path.name
    if isinstance(result, Refused):
        return f"{name}: refused ({refused_cause(result.error)}). {result.error}"
    if result.already_imported:
        return f"{name}: already imported; nothing changed."
    return (
        f"{name}: {result.new_versions} new version(s), {result.already_present} already "
        f"present, {result.conflicts_created} conflict(s) created, "
        f"{result.merged_automatically} merged automatically, "
        f"{result.left_for_a_person} left for you (Sync ▸ Conflicts)."
    )


def summary(results: Sequence[ImportResult]) -> str:
    refused = sum(isinstance(r, Refused) for r in results)
    again = sum(not isinstance(r, Refused) and r.already_imported for r in results)
    words = [f"{len(results) - refused - again} imported", f"{again} already imported"]
    words.append(f"{refused} refused (nothing changed for those)" if refused else "none refused")
    return f"{len(results)} bundle(s): " + ", ".join(words) + "."


class ImportDialog(QDialog):
    imported = Signal(list)  # the results, once the import has run

    def __init__(
        self, service: VaultService, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.settings = settings
        self._running = False
        self.results: list[ImportResult] = []
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.setObjectName("importDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setAcceptDrops(True)
        self.resize(720, 520)
        self.files = QListWidget()
        self.files.setObjectName("importFiles")
        self.files.setAccessibleName("Bundle files to import")
        self.add_button = plain_button("&Add bundles…", "Add bundle files", self.choose_files)
        self.remove_button = plain_button("&Remove", "Remove the selected file", self.remove)
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Import progress")
        self.bar.setFormat("%v of %m bundles")
        self.bar.setVisible(False)
        self.report = QPlainTextEdit()
        self.report.setObjectName("importReport")
        self.report.setReadOnly(True)
        self.report.setAccessibleName("What each bundle did")
        self.report.setVisible(False)
        self.message = message_label("Import message")
        self.buttons, self.import_button = action_and_close(
            self, "&Import", "Import the bundles", self.start_import
        )
        self._lay_out()
        self._update()

    def _lay_out(self) -> None:
        label = QLabel("&Bundles to import (add them, or drop the files here):")
        label.setBuddy(self.files)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.addWidget(label)
        column.addWidget(self.files, 1)
        column.addLayout(row)
        column.addWidget(self.bar)
        column.addWidget(self.report, 1)
        column.addWidget(self.message)
        column.addWidget(self.buttons)

    # -- the files -------------------------------------------------------------------------------

    def add_files(self, paths: Sequence[Path | str]) -> None:
        known = set(self.paths())
        for path in (Path(p) for p in paths):
            if path not in known:
                self.files.addItem(str(path))
                known.add(path)
        self._update()

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    def choose_files(self) -> None:
        chosen = choices.open_files(
            self, TITLE, choices.start_folder(self.settings), choices.BUNDLE_FILTER
        )
        self.add_files(chosen)

    def remove(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self._update()

    def _update(self) -> None:
        self.import_button.setEnabled(self.files.count() > 0)
        self.remove_button.setEnabled(self.files.count() > 0)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        paths = dropped_files(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)

    # -- importing -------------------------------------------------------------------------------

    def start_import(self) -> None:
        paths, service = self.paths(), self.service
        if not paths:
            return
        self.settings.bundle_folder = paths[0].parent
        self.bar.setRange(0, len(paths))
        self.bar.setValue(0)
        self.bar.setVisible(True)
        self._busy(True)
        show_message(self.message, "Importing…")

        def task(report: Report) -> list[ImportResult]:
            return calls.import_bundles(
                service, paths, lambda done, total: report(done, f"{done} of {total}")
            )

        run_in_background(task, self._done, self._failed, self._progress, write=True)

    def _progress(self, done: int, _label: str) -> None:
        if not isValid(self):  # closed while the worker ran (the vault was locked)
            return
        self.bar.setValue(done)

    def _done(self, results: list[ImportResult]) -> None:
        if not isValid(self):  # closed while the worker ran (the vault was locked)
            return
        self._busy(False)
        self.results = results
        self.bar.setValue(self.bar.maximum())
        self.report.setPlainText("\n".join(report_line(r) for r in results))
        self.report.setVisible(True)
        self.bar.setVisible(False)  # the report says it all now
        show_message(self.message, summary(results))
        self.files.clear()
        self._update()
        self.imported.emit(results)

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):  # closed while the worker ran (the vault was locked)
            return
        self._busy(False)
        self.bar.setVisible(False)
        show_message(self.message, "")
        errors.report_unexpected(exc, self)

    def reject(self) -> None:
        """Escape and Close wait for the running task: its report is what the person needs."""
        if not self._running:
            super().reject()

    def _busy(self, busy: bool) -> None:
        self._running = busy
        for widget in (self.import_button, self.add_button, self.remove_button, self.files):
            widget.setEnabled(not busy)

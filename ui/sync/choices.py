"""What the sync screens ask a person: files to open or save (starting in the folder last
used, kept in the settings), and yes-or-no confirmations. Tests replace these functions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ui.settings import Settings

BUNDLE_FILTER = "NCPI Field bundles (*.bundle);;All files (*)"
KEY_FILTER = "NCPI Field device keys (*.key);;All files (*)"


def start_folder(settings: Settings) -> Path:
    return settings.bundle_folder or Path.home()


def save_file(parent: QWidget, title: str, suggested: Path, file_filter: str) -> Path | None:
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
    return Path(chosen) if chosen else None


def open_files(parent: QWidget, title: str, folder: Path, file_filter: str) -> list[Path]:
    chosen, _filter = QFileDialog.getOpenFileNames(parent, title, str(folder), file_filter)
    return [Path(c) for c in chosen]


def confirm(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes

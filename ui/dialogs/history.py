"""A record's history: every saved version, newest first, and which answers each changed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from ncpi_field.service import Version


def changed_names(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The question names whose answers differ between two versions (names, never values)."""
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


class HistoryDialog(QDialog):
    """Lists versions: when, status, device and what changed from the one before."""

    def __init__(self, versions: Sequence[Version], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record history")
        self.setAccessibleName("Record history")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(560, 360)
        self.versions = QListWidget()
        self.versions.setObjectName("historyList")
        self.versions.setAccessibleName("Versions, newest first")
        self.versions.setWordWrap(True)
        ordered = sorted(versions, key=lambda v: v.hlc)
        lines = []
        previous: Mapping[str, Any] = {}
        for version in ordered:
            names = changed_names(previous, version.answers)
            changed = ", ".join(names[:8]) + (" …" if len(names) > 8 else "")
            when = version.saved_at[:16].replace("T", " ")
            lines.append(
                f"{when}  {version.status}  device {version.author_device[:8]}"
                f"  — changed: {changed or 'nothing'}"
            )
            previous = version.answers
        self.versions.addItems(list(reversed(lines)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.versions)
        column.addWidget(buttons)

"""The written debrief window: a live preview, what is shared, approval, export and issue.

Every read and write goes through ``VaultService`` in a worker (ui/worker.py); this window
holds the choices a person makes (which debrief, which version, which items are ticked) and
shows what the core returns. The preview is the same HTML the PDF is laid out from, shown by
Qt's rich-text engine, so it reads as the PDF will. Problems that stop an issue (a force
reference or personal data in an answer) are listed by record and field, never by value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ncpi_field.errors import UserError
from ui import errors
from ui.models.debrief_tables import IssuedModel, Item, SharedItemsModel
from ui.worker import run_in_background

if TYPE_CHECKING:
    from ncpi_field.reports.documents import Prepared
    from ncpi_field.reports.issued import Issued
    from ncpi_field.service import VaultService

TITLE: Final = "Written debrief"
KINDS: Final = (("hot", "Hot debrief"), ("daily", "Daily debrief"))
SIZE: Final = (1240, 700)  # inside a 1366×768 screen


@dataclass(frozen=True)
class Loaded:
    prepared: Prepared
    items: tuple[Item, ...]
    issued: tuple[Issued, ...]


def load(service: VaultService, kind: str, date: str | None, internal: bool) -> Loaded:
    """The chosen version for the preview, every item (internal reading) for the sharing list."""
    from ncpi_field.reports.debrief_model import FINDING_SECTIONS  # noqa: PLC0415

    prepared = service.prepare_debrief(kind, date=date, internal=internal)
    everything = prepared if internal else service.prepare_debrief(kind, date=date, internal=True)
    titles = dict(FINDING_SECTIONS)
    assert everything.debrief is not None
    items = sorted(
        (
            Item(f.item, titles.get(f.kind, f.kind), f.headline.text, f.shared)
            for f in everything.debrief.findings
        ),
        key=lambda i: i.number,
    )
    return Loaded(prepared, tuple(items), tuple(service.issued_documents()))


class DebriefWindow(QDialog):
    """Non-modal: the main window stays usable; closed (and cleared) when the vault locks."""

    issued = Signal(object)  # Issued, once stored

    def __init__(self, vault: Callable[[], VaultService | None], parent: QWidget | None = None):
        super().__init__(parent)
        self._vault = vault
        self._loaded: Loaded | None = None
        self._note = ""  # said once the next preview is shown (after an issue)
        self.setWindowTitle(TITLE)
        self.setObjectName("debriefWindow")
        self.setAccessibleName(TITLE)
        self.resize(*SIZE)
        self.kind = QComboBox()
        for code, label in KINDS:
            self.kind.addItem(label, code)
        self.kind.setAccessibleName("Which debrief")
        self.date = QLineEdit()
        self.date.setPlaceholderText("YYYY-MM-DD, or the latest")
        self.date.setAccessibleName("Debrief date")
        self.date.setMinimumWidth(250)
        self.date.setMaximumWidth(260)
        self.internal = QCheckBox("&Internal version (every item, never for the force)")
        self.internal.setAccessibleName("Internal version")
        self.refresh_button = self._button("&Refresh preview", "Build the preview again (F5)")
        self.items_model = SharedItemsModel(self)
        self.items = self._table(self.items_model, "Items and whether each is shared")
        self.save_sharing = self._button("&Save what is shared", "Keep the ticks in the record")
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Debrief preview")
        self.preview.setOpenLinks(False)
        self.problems = QLabel()
        self.problems.setObjectName("debriefProblems")
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("What stops the debrief being issued")
        self.status = QLabel()
        self.status.setAccessibleName("Debrief status")
        self.status.setWordWrap(True)
        self.issued_model = IssuedModel(self)
        self.issued_table = self._table(self.issued_model, "Documents issued")
        self.approve_button = self._button(
            "&Approve as lead HMI…", "Record the lead HMI's approval"
        )
        self.pdf_button = self._button("Export &PDF…", "Write the preview as a PDF (not issued)")
        self.docx_button = self._button("Export &Word…", "Write the preview as a Word document")
        self.issue_button = self._button("I&ssue", "Freeze this version in the vault as issued")
        self._layout()
        self._connect()

    # -- building -------------------------------------------------------------------------

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        return button

    def _table(self, model: Any, name: str) -> QTableView:
        table = QTableView()
        table.setModel(model)
        table.setAccessibleName(name)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return table

    def _layout(self) -> None:
        choose = QHBoxLayout()
        choose.addWidget(self.kind)
        choose.addWidget(self.date)
        choose.addWidget(self.internal)
        choose.addStretch(1)
        choose.addWidget(self.refresh_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("Items: tick those to share with the force"))
        left_layout.addWidget(self.items, 3)
        left_layout.addWidget(self.save_sharing)
        left_layout.addWidget(QLabel("Issued"))
        left_layout.addWidget(self.issued_table, 2)
        header = self.items.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setSizes([480, 740])
        actions = QHBoxLayout()
        actions.addWidget(self.approve_button)
        actions.addStretch(1)
        for button in (self.pdf_button, self.docx_button, self.issue_button):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(split, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.status)
        layout.addLayout(actions)

    def _connect(self) -> None:
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence("F5"), self, self.refresh)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.internal.toggled.connect(self.refresh)
        self.date.returnPressed.connect(self.refresh)
        self.save_sharing.clicked.connect(self._save_sharing)
        self.approve_button.clicked.connect(self._approve)
        self.pdf_button.clicked.connect(lambda: self._export("pdf"))
        self.docx_button.clicked.connect(lambda: self._export("docx"))
        self.issue_button.clicked.connect(self._issue)

    # -- the choices ----------------------------------------------------------------------

    def choice(self) -> tuple[str, str | None, bool]:
        date = self.date.text().strip() or None
        return str(self.kind.currentData()), date, self.internal.isChecked()

    def _busy(self, text: str) -> None:
        self.status.setText(text)
        for button in self._buttons():
            button.setEnabled(False)

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (self.refresh_button, self.save_sharing, self.approve_button, self.pdf_button,
                self.docx_button, self.issue_button)  # fmt: skip

    def _idle(self, text: str = "") -> None:
        self.status.setText(text)
        for button in self._buttons():
            button.setEnabled(True)
        ready = self._loaded is not None
        for button in (self.pdf_button, self.docx_button, self.issue_button, self.save_sharing):
            button.setEnabled(ready)

    def _run(
        self, busy: str, task: Callable[[VaultService], Any], done: Callable[[Any], None]
    ) -> None:
        vault = self._vault()
        if vault is None:
            self.close()
            return
        self._busy(busy)
        run_in_background(lambda _report: task(vault), done, self._failed, write=True)

    def _failed(self, exc: BaseException) -> None:
        self._idle()
        if isinstance(exc, UserError):
            errors.show_user_error(exc, self)
        else:
            errors.report_unexpected(exc, self)

    # -- what the buttons do --------------------------------------------------------------

    def refresh(self) -> None:
        kind, date, internal = self.choice()
        self._run("Building the preview…", lambda v: load(v, kind, date, internal), self._show)

    def _show(self, loaded: Loaded) -> None:
        self._loaded = loaded
        self.preview.setHtml(loaded.prepared.html)
        self.items_model.load(loaded.items)
        self.issued_model.load(loaded.issued)
        problems = loaded.prepared.problems
        self.problems.setText(
            "Cannot be issued until these are changed: " + "; ".join(problems) if problems else ""
        )
        note, self._note = self._note, ""
        self._idle(note or f"{loaded.prepared.title}: preview built from the records.")

    def _save_sharing(self) -> None:
        loaded = self._loaded
        changes = self.items_model.changes()
        if loaded is None or not changes:
            self.status.setText("Nothing to save: the ticks match the record.")
            return
        record = loaded.prepared.subject_record_id
        self._run(
            "Saving what is shared…",
            lambda v: v.share_debrief_items(record, changes),
            lambda _saved: self.refresh(),
        )

    def _approve(self) -> None:
        loaded = self._loaded
        if loaded is None:
            return
        code, ok = QInputDialog.getText(
            self, "Approve as lead HMI", "The lead HMI's inspector code (not a name):"
        )
        if not ok or not code.strip():
            return
        record = loaded.prepared.subject_record_id
        self._run(
            "Recording the approval…",
            lambda v: v.approve_debrief(record, code.strip()),
            lambda _saved: self.refresh(),
        )

    def _export(self, fmt: str) -> None:
        loaded = self._loaded
        if loaded is None:
            return
        suffix = {"pdf": "PDF (*.pdf)", "docx": "Word document (*.docx)"}[fmt]
        name, _ = QFileDialog.getSaveFileName(
            self, "Export the debrief", f"{loaded.prepared.file_stem}.{fmt}", suffix
        )
        if name:
            self.export_to(Path(name), fmt)

    def export_to(self, path: Path, fmt: str) -> None:
        """Write the previewed version (checked as an issue would be) to ``path``."""
        loaded = self._loaded
        if loaded is None:
            return
        prepared = loaded.prepared
        self._run(
            "Writing the file…",
            lambda _v: _write(prepared, fmt, path),
            lambda written: self._idle(f"Written (not issued): {written}"),
        )

    def _issue(self) -> None:
        kind, date, internal = self.choice()
        from ui.reports_pdf import pdf_bytes  # noqa: PLC0415 - Qt's PDF writer, on first use

        self._run(
            "Issuing…",
            lambda v: v.issue_debrief(kind, pdf_bytes, date=date, internal=internal),
            self._issued,
        )

    def _issued(self, issued: Issued) -> None:
        self.issued.emit(issued)
        self._note = f"Issued: {issued.label}."
        self.refresh()

    def clear(self) -> None:
        """Drop everything read from the vault (on lock)."""
        self._loaded = None
        self.preview.clear()
        self.items_model.clear()
        self.issued_model.clear()
        self.problems.clear()
        self.status.clear()


def _write(prepared: Prepared, fmt: str, path: Path) -> Path:
    from ncpi_field.atomic import atomic_write  # noqa: PLC0415

    prepared.refuse_if_unsafe()
    if fmt == "pdf":
        from ui.reports_pdf import pdf_bytes  # noqa: PLC0415

        data = pdf_bytes(prepared.html, prepared.security_marking, prepared.title)
    else:
        data = prepared.docx
    atomic_write(path, data, what=f"the {fmt.upper()} file")
    return path

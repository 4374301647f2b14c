"""What the app shell does for the Reports menu: open the debrief window, issue a return note.

Kept apart from ui/app.py (shared by several faces of the app); each function takes the shell
and calls the vault only through ``VaultService`` in a worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from ncpi_field.errors import UserError
from ui import errors
from ui.debrief_view import DebriefWindow
from ui.worker import run_in_background

if TYPE_CHECKING:
    from ncpi_field.reports.issued import Issued
    from ncpi_field.service import VaultService
    from ui.app import AppShell


def open_debrief(shell: AppShell) -> DebriefWindow | None:
    """The debrief window, built once a session and cleared when the vault locks."""
    if shell.vault is None:
        return None
    window = shell.window.findChild(DebriefWindow)
    if window is None:
        window = DebriefWindow(lambda: shell.vault, shell.window)
        window.issued.connect(lambda _issued: shell.refresh())
        shell.locked.connect(window.clear)
    window.show()
    window.refresh()
    return window


def open_debrief_and_wait(shell: AppShell, timeout: float = 30.0) -> DebriefWindow | None:
    """The debrief window with its preview built (for --screenshot --view debrief)."""
    import time  # noqa: PLC0415

    from PySide6.QtCore import QCoreApplication  # noqa: PLC0415

    from ui import worker  # noqa: PLC0415

    window = open_debrief(shell)
    deadline = time.monotonic() + timeout
    while worker.busy() and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    return window


def ask_return_note(shell: AppShell, record_id: str) -> None:
    """Ask where to save the note, then issue it (PDF there, the DOCX beside it)."""
    if shell.vault is None:
        return
    name, _ = QFileDialog.getSaveFileName(
        shell.window, "Issue the return-to-force note", "return-note.pdf", "PDF (*.pdf)"
    )
    if name:
        issue_return_note(shell, record_id, Path(name))


def issue_return_note(shell: AppShell, record_id: str, pdf_path: Path) -> None:
    vault = shell.vault
    if vault is None:
        return

    def done(issued: Issued) -> None:
        shell.refresh()
        shell.window.statusBar().showMessage(
            f"Issued: {issued.label}. Written to {pdf_path} and its .docx beside it.", 8000
        )

    def failed(exc: BaseException) -> None:
        if isinstance(exc, UserError):
            errors.show_user_error(exc, shell.window)
        else:
            errors.report_unexpected(exc, shell.window)

    run_in_background(lambda _report: _issue(vault, record_id, pdf_path), done, failed, write=True)


def _issue(vault: VaultService, record_id: str, pdf_path: Path) -> Issued:
    from ncpi_field.atomic import atomic_write  # noqa: PLC0415
    from ui.reports_pdf import pdf_bytes  # noqa: PLC0415

    issued = vault.issue_return_note(record_id, pdf_bytes)
    atomic_write(pdf_path, vault.issued_file(issued.issue_id, "pdf"), what="the PDF file")
    docx_path = pdf_path.with_suffix(".docx")
    atomic_write(docx_path, vault.issued_file(issued.issue_id, "docx"), what="the Word file")
    return issued

"""``ncpi-field --vault DIR --screenshot FILE.png [--view NAME] [--record ID]``.

Unlocks the vault (passphrase as for the other commands), shows one view of the app at the
size of a small laptop screen, saves it as a PNG and ends. The README's pictures come from it.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Final

from ncpi_field.errors import UserError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from ncpi_field.service import VaultService
    from ui.app import AppShell

VIEWS: Final = (
    "main",
    "form",
    "returned",
    "team",
    "conflicts",
    "register",
    "history",
    "inspection",
    "debrief",
)
SCREEN: Final = (1366, 768)  # the smallest laptop screen the teams carry
SETTLE_SECONDS: Final = 10.0  # at most, for work the window started in the worker


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="FILE.png",
        help="unlock, show a view of the app, save it as a PNG and exit",
    )
    parser.add_argument(
        "--view", choices=VIEWS, default="main", help="the view to show (with --screenshot)"
    )
    parser.add_argument("--record", default=None, help="the record the form view opens")
    parser.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help="read the passphrase from standard input (with --screenshot)",
    )


def run(args: argparse.Namespace) -> int:
    if args.screenshot.suffix.lower() != ".png":
        raise UserError("The screenshot file must end in .png.")
    if args.record is not None and args.view not in ("form", "history"):
        raise UserError("--record goes with --view form or --view history.")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.operations import unlock_vault  # noqa: PLC0415 - the core loads only when needed
    from ui.passphrase import SecretSource  # noqa: PLC0415

    secret = SecretSource(from_stdin=args.passphrase_stdin)
    vault = unlock_vault(args.vault, secret.get("NCPI_PASSPHRASE", "Passphrase: "))
    try:
        path = take(vault, args.screenshot, args.view, args.record)
    finally:
        vault.lock()
    print(path)
    return 0


def take(vault: VaultService, path: Path, view: str, record_id: str | None) -> Path:
    """Show ``view`` of the app on an unlocked vault and save it to ``path``."""
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from ui import style  # noqa: PLC0415
    from ui.app import AppShell  # noqa: PLC0415
    from ui.settings import Settings  # noqa: PLC0415

    app = QApplication.instance() or QApplication(["ncpi-field"])
    assert isinstance(app, QApplication)
    style.apply(app)
    with tempfile.TemporaryDirectory(prefix="ncpi-shot-") as scratch:
        shell = AppShell(vault.directory, Settings.at(Path(scratch) / "settings.ini"))
        try:
            shell.window.resize(*SCREEN)
            shell.window.show()
            shell.enter(vault)
            shown = show(shell, view, record_id)
            settle(shell, app)
            if not (shown or shell.window).grab().save(str(path)):
                raise UserError(f"Could not write the screenshot to {path}.")
        finally:
            shell.vault = None  # the caller locks it
            shell.quit()
            shell.window.deleteLater()
    return path


def settle(shell: AppShell, app: QApplication) -> None:
    """Let the window finish what a person would wait a moment for: every section of an open
    form built and laid out (grabbed at once, the first section is caught mid-layout)."""
    if shell.window.detail.currentWidget() is shell.window.form_view:
        shell.window.form_view.finish_building()
    from ui import worker  # noqa: PLC0415

    waited = time.monotonic() + SETTLE_SECONDS  # the filters' choices and conflict kinds
    search = shell.search
    while (worker.busy() or (search is not None and search.extras_pending)) and (
        time.monotonic() < waited
    ):
        app.processEvents()
        time.sleep(0.01)
    for _turn in range(5):
        app.processEvents()


def show(shell: AppShell, view: str, record_id: str | None) -> QWidget | None:
    """Put the window in ``view``: the record list, or a record open in the form view; for a
    view that opens a dialog (team, conflicts, history, debrief), the dialog to grab instead of
    the window."""
    if view in ("debrief", "inspection"):
        return _own_window(shell, view)
    if view in ("team", "conflicts"):
        from PySide6.QtCore import QSize  # noqa: PLC0415 - Qt loads only with --screenshot

        screens = shell.sync_screens
        dialog = screens.open_team() if view == "team" else screens.open_conflicts()
        if dialog is not None:
            dialog.resize(dialog.size().boundedTo(QSize(*SCREEN)))
        return dialog
    navigator = shell.window.navigator
    if navigator.proxy.rowCount() > 0:
        navigator.table.setCurrentIndex(navigator.proxy.index(0, 0))
        navigator.table.setFocus()
    if view == "form":
        chosen = record_id or navigator.selected_record()
        if chosen is None:
            raise UserError("The vault has no records to show in the form view.")
        if shell.vault is None or not shell.vault.has_record(chosen):
            raise UserError("No record with that id is in this vault.")
        shell.open_record(chosen)
    if view == "history":  # the history of the chosen record (the first listed)
        chosen = record_id or navigator.selected_record()
        if chosen is None:
            raise UserError("The vault has no records to show the history of.")
        shell.show_history(chosen)
        return shell.history_dialog
    if view == "register":  # the register window, grabbed instead of the main window
        shell.show_register()
        return shell.register_window
    if view == "returned":  # the first returned case open, the list focused
        returned = shell.window.returned
        returned.focus_list()
        if returned.count() > 0:
            shell.open_record(returned.model.record_id(0))
            returned.focus_list()
    return None


def _own_window(shell: AppShell, view: str) -> QWidget | None:
    """The Inspection screen (set up when there is none), or the debrief window with its
    preview built."""
    if view == "inspection":
        shell.inspections.show_details()
        return shell.inspections.dialog
    from ui import reports_actions  # noqa: PLC0415 - the debrief window loads on first use

    return reports_actions.open_debrief_and_wait(shell)

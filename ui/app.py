"""The desktop app: ``run_app`` and the shell that moves between locked and unlocked."""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final, cast

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from ncpi_field.errors import UserError
from ui import errors, style
from ui.dialogs.recovery_code import RecoveryCodeDialog
from ui.dialogs.unlock import UnlockDialog
from ui.first_paint import FirstPaint
from ui.idle import IdleWatcher
from ui.settings import Settings
from ui.worker import after_writes, run_in_background, writing

# The unlock dialog is painted before the core is loaded: SQLAlchemy, cryptography and the
# rest take longer to import than Qt itself. They load in the background once the dialog shows,
# while the person types; PLC0415 below marks the imports that wait until then.
# What unlocking imports: the store and its crypto, the use-case layer when there is one, and
# the app's calls into them.
WAITING_TO_LOCK: Final = "Locking once the import or export in progress has finished…"
INSPECTION_FIELD: Final = "inspection"  # where a record names the inspection it is filed under
CORE_MODULES: Final = (
    "ncpi_field.vault",
    "ncpi_field.service",
    "ui.operations",
    # The forms engine: the service loads it only when a form is used (a command line that
    # exports or lists never does), but the app lists its instruments as soon as it unlocks.
    "ncpi_field.formstore",
    "ncpi_field.completion",
)


def preload_core(_report: object = None) -> None:
    """Import what unlocking needs (run off the GUI thread, after the first paint)."""
    for name in CORE_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a module that exists failed to import: not ours to hide
                raise


if TYPE_CHECKING:
    from ncpi_field.service import RecordSummary, ReturnedCase, Saved, VaultService
    from ui.inspection_control import InspectionControl
    from ui.main_window import MainWindow
    from ui.record_search import RecordSearch
    from ui.sync.screens import SyncScreens


class AppShell(QObject):
    """Owns the unlocked vault, if any. Locking drops it and clears every view."""

    unlocked = Signal()
    locked = Signal()
    finished = Signal(int)

    def __init__(self, vault_dir: Path, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.vault_dir = vault_dir
        self.settings = settings
        self.vault: VaultService | None = None
        self._draining: VaultService | None = None  # locked once the running writes end
        self.dialog: QDialog | None = None
        self._ended = False
        self._history: QDialog | None = None
        self.search: RecordSearch | None = None  # made on first unlock
        self.register_window: QDialog | None = None
        self.idle = IdleWatcher(settings.idle_timeout_ms, self)
        self.idle.idle.connect(self.lock)
        # The main window is built on first use: at start, once the unlock dialog is painted
        # (the dialog is all a person sees until the vault opens); see start and _preload.
        self._window: MainWindow | None = None
        self._inspections: InspectionControl | None = None
        self._sync_screens: SyncScreens | None = None
        self._window_shown = False
        self._first_dialog: QDialog | None = None

    @property
    def window(self) -> MainWindow:
        """The main window (built now if it was not yet)."""
        if self._window is None:
            self._window = self._build_window()
        return self._window

    @property
    def inspections(self) -> InspectionControl:
        """The open inspection's header, switcher and screen (built with the window)."""
        self.window  # noqa: B018 - builds the window and its controls
        assert self._inspections is not None
        return self._inspections

    @property
    def sync_screens(self) -> SyncScreens:
        """The Team and Sync menus' screens (built with the window)."""
        self.window  # noqa: B018 - builds the window and its controls
        assert self._sync_screens is not None
        return self._sync_screens

    def _build_window(self) -> MainWindow:
        from ui.inspection_control import InspectionControl  # noqa: PLC0415 - see __init__
        from ui.main_window import MainWindow  # noqa: PLC0415
        from ui.sync.screens import SyncScreens  # noqa: PLC0415 - light; sync loads on first use

        window = self._window = MainWindow()
        window.lock_requested.connect(self.lock)
        window.refresh_requested.connect(self.refresh)
        window.new_record_requested.connect(self.new_record)
        window.open_record_requested.connect(self.open_record)
        window.history_requested.connect(self.show_history)
        window.quit_requested.connect(self.quit)
        window.minimised.connect(self._on_minimised)
        window.debrief_requested.connect(self.open_debrief)
        window.return_note_requested.connect(self.return_note)
        window.register_requested.connect(self.show_register)
        self._sync_screens = SyncScreens(self)  # reads self.window: set above
        self._inspections = InspectionControl(
            window, self.settings, self._current_vault, self._sync_screens.open_import, self
        )
        self._inspections.changed.connect(self.refresh)
        return window

    def _show_window(self) -> None:
        """Show the main window where it was last left (once)."""
        if self._window_shown:
            return
        self._window_shown = True
        geometry = self.settings.window_geometry
        if geometry is not None:
            self.window.restoreGeometry(geometry)
        self.window.show()

    def start(self) -> None:
        from ncpi_field.vault_files import check_directory  # noqa: PLC0415 - light; merges cleanly

        try:
            whole_vault = check_directory(self.vault_dir)
        except UserError as exc:
            # Part of a vault (its key slots missing): never offer to create over it.
            self._show_window()
            self.refuse_directory(exc)
            return
        if whole_vault and self._window is None:
            # The unlock dialog first, alone: the window is built once the dialog is painted
            # and shown when the vault opens, so nothing but Qt itself comes before the dialog.
            self._ask_unlock_over(None)
            # Without a parent, Python alone owns the dialog: held here, it is never deleted
            # in the middle of its own signals when the shell lets go of it (deleteLater does).
            self._first_dialog = self.dialog
        else:
            self._show_window()
            if whole_vault:
                self.ask_unlock()
            else:
                self.ask_create()
        if self.dialog is not None:
            watcher = FirstPaint(self.dialog)
            watcher.painted.connect(self._preload)

    def _preload(self) -> None:
        # A failure here is not reported: the unlock itself imports the same modules and
        # reports what goes wrong there.
        run_in_background(preload_core, lambda _none: None, lambda _exc: None)
        self.window.prepare_work_area()

    def refuse_directory(self, exc: UserError) -> None:
        """Say what is wrong with the vault directory; the app ends when that is read."""
        box = errors.show_user_error(exc, self.window)
        box.finished.connect(self.quit)

    # -- getting in ----------------------------------------------------------------------------

    def ask_create(self) -> None:
        from ui.dialogs.create_vault import CreateVaultDialog  # noqa: PLC0415 - loads the core

        dialog = CreateVaultDialog(self.vault_dir, self.window)
        dialog.created.connect(self._show_recovery_code)
        dialog.rejected.connect(self.quit)
        self._open(dialog)

    def _show_recovery_code(self, vault: VaultService, code: str) -> None:
        self.vault = vault  # held, so that quitting from here still locks it
        dialog = RecoveryCodeDialog(code, self.window)
        dialog.accepted.connect(lambda: self._enter(vault))
        dialog.accepted.connect(self.inspections.offer_first_run)
        self._open(dialog)

    def ask_unlock(self) -> None:
        self._ask_unlock_over(self.window)

    def _ask_unlock_over(self, parent: QWidget | None) -> None:
        dialog = UnlockDialog(self.vault_dir, parent)
        dialog.unlocked.connect(self._enter)
        dialog.rejected.connect(self.quit)
        self._open(dialog)

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def enter(self, vault: VaultService) -> None:
        """Show the work area on a vault unlocked elsewhere (the screenshot command)."""
        self._enter(vault)

    def _enter(self, vault: VaultService) -> None:
        self.vault = vault
        self.dialog = None
        self._show_window()
        self.refresh()
        self.idle.set_timeout_ms(self.settings.idle_timeout_ms)
        self.idle.start()
        self.unlocked.emit()

    # -- while unlocked ------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.vault is None:
            return
        from ui import operations  # noqa: PLC0415 - loaded by now: a vault is open

        try:
            open_inspection = self.inspections.refresh(self.vault)
            self._close_form_of_another(open_inspection)
            summaries = operations.record_summaries(self.vault, open_inspection)
        except UserError as exc:
            errors.show_user_error(exc, self.window)
            return
        self.window.show_records(
            summaries, self.vault.identity.fingerprint, operations.instruments()
        )
        self._refresh_returned()
        self._connect_form_view()
        self._refresh_search()

    def _close_form_of_another(self, inspection_id: str | None) -> None:
        """A record of another inspection than the open one is saved, then closed (a switch):
        the form never shows one inspection's record under another's header. A record filed
        under none stays open."""
        view = self.window.built_form_view
        if view is None or view.session is None or inspection_id is None:
            return
        filed = view.session.state.value(INSPECTION_FIELD)
        if not filed or filed == inspection_id:
            return
        self._flush_form()
        view.clear()
        self.window.detail.setCurrentWidget(self.window.detail_hint)

    def _refresh_returned(self) -> None:
        """The returned-to-force list: after unlocking, every refresh and every save."""
        if self.vault is None:
            return
        try:
            rows = self.vault.returned_cases(self.inspections.open_id)
        except UserError as exc:
            errors.show_user_error(exc, self.window)
            return
        self.window.show_returned(rows)

    def _connect_form_view(self) -> None:
        view = self.window.form_view
        if view.property("connected"):
            return
        view.setProperty("connected", True)
        view.record_saved.connect(self._on_record_saved)
        view.status_message.connect(lambda text: self.window.statusBar().showMessage(text, 5000))
        view.withdraw_requested.connect(self.withdraw)
        view.history_requested.connect(self.show_history)

    def _on_record_saved(self, saved: Saved) -> None:
        """One row updated after a save; the whole list only when a record is new.

        The row and the returned list are read on the worker pool: an autosave while typing
        must not hold the GUI thread for two queries (20-50 ms on the demo inspection).
        """
        vault = self.vault
        if vault is None:
            return
        record_id = saved.version.record_id
        inspection_id = self.inspections.open_id

        def read(_report: object) -> tuple[RecordSummary, list[ReturnedCase]]:
            return vault.record(record_id).summary, vault.returned_cases(inspection_id)

        def failed(exc: BaseException) -> None:
            if self.vault is vault:  # not locked meanwhile (a lock ends reads in flight)
                self._report(exc)

        run_in_background(read, lambda found: self._show_saved(vault, *found), failed)

    def _show_saved(
        self, vault: VaultService, summary: RecordSummary, returned: list[ReturnedCase]
    ) -> None:
        if self.vault is not vault:
            return  # locked, or another vault opened, while the rows were read
        navigator = self.window.navigator
        if not navigator.model.update(summary):
            # A first save: its row added, never the whole list reloaded on this thread
            # (hundreds of ms at 5,000 records); the filters' choices are re-read in the worker.
            from ui import operations  # noqa: PLC0415 - loaded by now: a vault is open

            if operations.listed_under(summary, self.inspections.open_id):
                navigator.add_record(summary)
                self.window.show_count(navigator.model.rowCount())
                self._refresh_search()
        # Any save may mark or clear a risk, or move a return on.
        self.window.show_returned(returned)
        navigator.search_again()  # the saved answers may match, or not

    def _current_vault(self) -> VaultService | None:
        return self.vault

    def _evidence_for(self, record_id: str | None) -> Callable[[], list[tuple[str, str]]]:
        """The records an evidence question offers: read once as the record opens, not on
        every refresh of the question (a query per keystroke otherwise)."""
        from ui import operations  # noqa: PLC0415

        choices = [] if self.vault is None else operations.evidence_choices(self.vault, record_id)
        return lambda: choices

    def new_record(self, form_id: str) -> None:
        """Open a blank record of ``form_id`` (the first instrument when none is chosen)."""
        if self.vault is None:
            return
        from ui import operations  # noqa: PLC0415
        from ui.form_view.session import Head  # noqa: PLC0415

        form_id = form_id or operations.instruments()[0]
        self.window.form_view.flush()
        try:
            state = operations.new_filed_record_state(self.vault, form_id, self.inspections.open_id)
        except UserError as exc:
            errors.show_user_error(exc, self.window)
            return
        self.window.form_view.open_state(
            self._current_vault, state, Head(), evidence=self._evidence_for(None)
        )
        self.window.show_form()
        self.window.form_view.focus_first()

    def open_record(self, record_id: str) -> None:
        """Load a record's head into the form view (a banner when it is in conflict)."""
        if self.vault is None:
            return
        from ui import operations  # noqa: PLC0415
        from ui.form_view.session import Head  # noqa: PLC0415

        self.window.form_view.flush()
        try:
            opened = operations.opened_record(self.vault, record_id)
        except UserError as exc:
            errors.show_user_error(exc, self.window)
            return
        self.window.form_view.open_state(
            self._current_vault,
            opened.state,
            Head(opened.record_id, opened.version_id),
            evidence=self._evidence_for(record_id),
            overrides=opened.overrides,
            in_conflict=opened.in_conflict,
            status=f"Saved as {opened.status}",
        )
        self.window.show_form()

    def withdraw(self, record_id: str) -> None:
        vault = self.vault
        if vault is None:
            return
        self.window.form_view.flush()
        run_in_background(
            lambda _report: vault.withdraw(record_id),
            lambda _saved: self._after_withdraw(record_id),
            self._report,
        )

    def _after_withdraw(self, record_id: str) -> None:
        self.refresh()
        self.open_record(record_id)

    def _report(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            errors.show_user_error(exc, self.window)
        else:
            errors.report_unexpected(exc, self.window)

    def show_history(self, record_id: str) -> None:
        if self.vault is None:
            return
        from ui.dialogs.history import HistoryDialog  # noqa: PLC0415

        try:
            entries = self.vault.history_changes(record_id)
        except UserError as exc:
            errors.show_user_error(exc, self.window)
            return
        self._history = HistoryDialog(entries, self.window)
        self._history.open()

    @property
    def history_dialog(self) -> QDialog | None:
        """The history dialog last opened, while it is open (the screenshot grabs it)."""
        try:
            shown = self._history is not None and self._history.isVisible()
        except RuntimeError:  # closed: Qt deleted it
            return None
        return self._history if shown else None

    def _refresh_search(self) -> None:
        """The search answers the navigator; filter choices and conflict kinds are re-read."""
        from ui.record_search import RecordSearch  # noqa: PLC0415 - loaded by now

        if self.search is None:
            self.search = RecordSearch(
                self._current_vault,
                self.window.navigator,
                self._report,
                inspection=lambda: self.inspections.open_id,
            )
        self.search.refresh_extras()

    def show_register(self) -> None:
        """The recommendations register window (one, reloaded each time it is asked for)."""
        if self.vault is None:
            return
        from ui.register_window import RegisterWindow  # noqa: PLC0415 - loads the core

        if self.register_window is None:
            self.register_window = RegisterWindow(self._current_vault, self.window)
        window = cast(RegisterWindow, self.register_window)
        window.reload()
        window.show()
        window.activateWindow()
        window.table.setFocus()

    def _on_minimised(self) -> None:
        if self.settings.lock_on_minimise:
            self.lock()

    # -- getting out ---------------------------------------------------------------------------

    def lock(self) -> None:
        """Drop the key and engine, clear every view, and ask for the passphrase again."""
        if self.vault is None or self.dialog is not None:
            return
        if writing():
            self._lock_after_writes()
            return
        self._drop_vault()
        self.locked.emit()
        self.ask_unlock()

    def _lock_after_writes(self) -> None:
        """An import or export runs in the worker: cutting the key under it would fail it half
        way, with an error dialog. The app acts locked at once (what was typed saved, every view
        cleared, nothing new started: the vault is no longer the app's), and the key is dropped
        when the write has reported; only then is the passphrase asked for."""
        self._flush_form()
        self._draining, self.vault = self.vault, None
        self._drop_vault()
        self.window.statusBar().showMessage(WAITING_TO_LOCK)
        after_writes(self._finish_lock)

    def _finish_lock(self) -> None:
        vault, self._draining = self._draining, None
        if vault is None:  # quit meanwhile: already locked
            return
        vault.lock()
        self.window.statusBar().clearMessage()
        for child in self.window.findChildren(QDialog):  # the import's report, and the like
            child.close()
        self.locked.emit()
        self.ask_unlock()

    def quit(self) -> None:
        """Lock, keep the window geometry, and end; later calls do nothing."""
        if self._ended:
            return
        self._ended = True
        if self._window_shown:
            self.settings.window_geometry = self.window.saveGeometry()
        self.settings.sync()
        self._drop_vault()
        if self._draining is not None:  # the app ends: the key goes, writes or not
            self._draining.lock()
            self._draining = None
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            with contextlib.suppress(RuntimeError):  # already deleted by Qt
                dialog.done(QDialog.DialogCode.Rejected)
        if self._window is not None:
            self._window.hide()
        self.finished.emit(0)

    def _drop_vault(self) -> None:
        self.idle.stop()
        if self._window is None:  # ended at the first unlock dialog: no vault, nothing shown
            return
        self.inspections.clear()
        if self.vault is not None:
            self._flush_form()
            self.vault.lock()
            self.vault = None
        self.window.show_locked()
        for child in self.window.findChildren(QDialog):
            if child is not self.dialog:
                child.close()

    def _flush_form(self) -> None:
        """Keep what was typed since the last autosave before the key is dropped."""
        view = self.window.built_form_view  # not built yet: nothing to keep
        if view is None:
            return
        try:
            view.flush()
        except UserError as exc:  # disk full and the like: said, and locking goes on
            errors.show_user_error(exc, self.window)

    # -- reports (ui/reports_actions.py) -------------------------------------------------------

    def open_debrief(self) -> None:
        from ui import reports_actions  # noqa: PLC0415 - the debrief window loads on first use

        reports_actions.open_debrief(self)

    def return_note(self, record_id: str) -> None:
        from ui import reports_actions  # noqa: PLC0415

        reports_actions.ask_return_note(self, record_id)


def _disable_core_dumps() -> None:
    """A core dump would hold the data key and decrypted records in plain sight."""
    try:
        import resource  # noqa: PLC0415 - POSIX only

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass


def run_app(vault_dir: Path) -> int:
    """Open the desktop app on ``vault_dir``; returns the exit status."""
    _disable_core_dumps()
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    app.setApplicationName("NCPI Field")
    app.setOrganizationName("ncpi-field")
    app.setQuitOnLastWindowClosed(False)  # the shell decides when the app ends, after locking
    style.apply(app)
    errors.configure_logging()
    errors.install_excepthook()
    shell = AppShell(vault_dir, Settings.for_user())
    shell.finished.connect(app.exit)
    app.aboutToQuit.connect(shell.quit)
    shell.start()
    try:
        return app.exec()
    finally:
        app.aboutToQuit.disconnect(shell.quit)
        errors.stop_logging()

"""The main window: menus, toolbar, the navigator pane and a status bar. No vault access here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # the window shows before the core (and SQLAlchemy) is loaded
    from ncpi_field.service import RecordSummary
    from ui.form_view.view import FormView
    from ui.inspection_bar import InspectionBar
    from ui.navigator import NavigatorPane
    from ui.returned_panel import ReturnedPanel

if TYPE_CHECKING:
    from ncpi_field.service import InspectionView, RecordSummary, ReturnedCase

TITLE: Final = "NCPI Field"  # never a record title or any field value
LOCKED_TEXT: Final = "NCPI Field is locked."
DETAIL_HINT: Final = "Select a record in the list to see it here."
LOCKED_PAGE: Final = 0
WORK_PAGE: Final = 1


class MainWindow(QMainWindow):
    """Emits requests; the app shell decides what they do to the vault."""

    lock_requested = Signal()
    refresh_requested = Signal()
    new_record_requested = Signal(str)  # form id ("" when no instrument is chosen)
    open_record_requested = Signal(str)  # record id
    history_requested = Signal(str)  # record id: its history dialog
    quit_requested = Signal()
    minimised = Signal()
    debrief_requested = Signal()
    return_note_requested = Signal(str)  # record id of a case audit
    inspection_requested = Signal()  # the Inspection screen (Ctrl+I)
    inspection_switched = Signal(str)  # the record id of the inspection to open
    register_requested = Signal()  # the recommendations register window
    team_requested = Signal()
    export_bundle_requested = Signal()
    import_bundles_requested = Signal(list)  # paths dropped on the window ([] from the menu)
    conflicts_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setObjectName("mainWindow")
        self.setAccessibleName(TITLE)
        self.resize(1280, 720)
        # The work area (record list and detail) is built on first use: the locked window, all
        # a person sees before unlocking, paints sooner without it. See prepare_work_area.
        self._navigator: NavigatorPane | None = None
        self._form_view: FormView | None = None
        self._returned: ReturnedPanel | None = None
        self._inspection_bar: InspectionBar | None = None
        self.locked_label = self._label(LOCKED_TEXT, "lockedMessage", "Locked")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.locked_label)
        self.setCentralWidget(self.pages)
        self.count_label = self._status_label("Record count")
        self.fingerprint_label = self._status_label("Device fingerprint")
        self._make_actions()
        self._make_menus_and_toolbar()
        self._make_sync_menus()
        self.statusBar().addWidget(self.count_label, 1)
        self.statusBar().addPermanentWidget(self.fingerprint_label)
        self.show_locked()

    # -- building ------------------------------------------------------------------------------

    @staticmethod
    def _label(text: str, name: str, accessible_name: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setAccessibleName(accessible_name)
        return label

    @staticmethod
    def _status_label(accessible_name: str) -> QLabel:
        label = QLabel()
        label.setAccessibleName(accessible_name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    @property
    def navigator(self) -> NavigatorPane:
        """The record list pane (built now if it was not yet)."""
        self.prepare_work_area()
        assert self._navigator is not None
        return self._navigator

    def prepare_work_area(self) -> None:
        """Build the record list and detail page, once (the shell calls it after first paint)."""
        if self._navigator is not None:
            return
        from ui.form_view.view import FormView  # noqa: PLC0415 - loads the core
        from ui.navigator import NavigatorPane  # noqa: PLC0415 - not needed to paint the lock
        from ui.returned_panel import ReturnedPanel  # noqa: PLC0415 - nor this

        self._navigator = NavigatorPane()
        self._returned = ReturnedPanel()
        self._returned.open_record_requested.connect(self.open_record_requested)
        self._form_view = FormView()
        self.detail_hint = self._label(DETAIL_HINT, "detailPlaceholder", "Record details")
        self.detail = QStackedWidget()
        self.detail.setObjectName("detail")
        self.detail.addWidget(self.detail_hint)
        self.detail.addWidget(self._form_view)
        self.pages.insertWidget(WORK_PAGE, self._with_inspection_bar(self._work_area()))
        self._navigator.table.activated.connect(self._open_selected)
        self._navigator.table.doubleClicked.connect(self._open_selected)

    @property
    def returned(self) -> ReturnedPanel:
        """The returned-to-force panel (built with the work area)."""
        self.prepare_work_area()
        assert self._returned is not None
        return self._returned

    def show_returned(self, rows: Sequence[ReturnedCase]) -> None:
        """The returned-to-force list and its count on the toolbar."""
        self.returned.show_cases(rows)
        self.returned_action.setText(f"Returned to force ({len(rows)})")
        self.returned_action.setToolTip(
            f"{len(rows)} case{'s' * (len(rows) != 1)} returned to the force: "
            "move to the list (Ctrl+2)"
        )

    def _focus_returned(self) -> None:
        self.returned.focus_list()

    @property
    def form_view(self) -> FormView:
        """The record's form (built with the work area)."""
        self.prepare_work_area()
        assert self._form_view is not None
        return self._form_view

    @property
    def built_form_view(self) -> FormView | None:
        """The form view if the work area was built, else None (nothing to clear or save)."""
        return self._form_view

    def _save_form(self) -> None:
        self.form_view.save_draft()

    def _complete_form(self) -> None:
        self.form_view.complete()

    def show_form(self) -> None:
        self.detail.setCurrentWidget(self.form_view)

    def _open_selected(self) -> None:
        record_id = self.navigator.selected_record()
        if record_id is not None:
            self.open_record_requested.emit(record_id)

    def _history_of_selected(self) -> None:
        """The history of the record chosen in the list when the list has the focus, else of
        the record open in the form (else, again, the one chosen in the list)."""
        listed = self.navigator.selected_record()
        opened = self._form_view.record_id if self._form_view is not None else None
        chosen = listed if self.navigator.table.hasFocus() else (opened or listed)
        if chosen:
            self.history_requested.emit(chosen)

    def _focus_filter(self) -> None:
        self.navigator.focus_filter()

    def _focus_list(self) -> None:
        self.navigator.focus_list()

    def _with_inspection_bar(self, work_area: QWidget) -> QWidget:
        """The open inspection's header over the work area."""
        from ui.inspection_bar import InspectionBar  # noqa: PLC0415 - built with the work area

        self._inspection_bar = InspectionBar()
        self._inspection_bar.switched.connect(self.inspection_switched)
        self._inspection_bar.details_requested.connect(self.inspection_requested)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._inspection_bar)
        layout.addWidget(work_area, 1)
        return page

    @property
    def inspection_bar(self) -> InspectionBar:
        """The open inspection's header (built with the work area)."""
        self.prepare_work_area()
        assert self._inspection_bar is not None
        return self._inspection_bar

    def show_inspections(self, views: Sequence[InspectionView], open_id: str | None) -> None:
        self.inspection_bar.show_inspections(views, open_id)

    def _work_area(self) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("workArea")
        splitter.setChildrenCollapsible(False)
        # The returned-to-force list under the record list: always in view, and the form
        # beside them keeps the window's full height.
        column = QSplitter(Qt.Orientation.Vertical)
        column.setObjectName("listColumn")
        column.setChildrenCollapsible(False)
        column.addWidget(self.navigator)
        column.addWidget(self.returned)
        column.setStretchFactor(0, 1)
        column.setStretchFactor(1, 0)
        column.setSizes([560, self.returned.preferred_height + 30])
        splitter.addWidget(column)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        # The list keeps room for its titles beside the fixed columns (about 500 px of them).
        splitter.setSizes([640, 726])
        return splitter

    def _action(self, text: str, shortcut: QKeySequence | str, tip: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(
            f"{tip} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})"
        )
        action.setStatusTip(tip)
        self.addAction(action)  # shortcuts work with the menu bar hidden too
        return action

    def _make_actions(self) -> None:
        self.lock_action = self._action("&Lock", "Ctrl+L", "Lock the vault now")
        self.quit_action = self._action("&Quit", "Ctrl+Q", "Lock the vault and quit")
        self.filter_action = self._action(
            "&Find records", "Ctrl+F", "Search the records' titles and answers"
        )
        self.list_action = self._action("Record &list", "Ctrl+1", "Move to the record list")
        self.returned_action = self._action(
            "Returned to force", "Ctrl+2", "Move to the cases returned to the force"
        )
        self.refresh_action = self._action("&Refresh", "F5", "Reload the record list")
        self.inspection_action = self._action(
            "&Inspection…", "Ctrl+I", "Show the open inspection: force, dates, team"
        )
        self.inspection_action.triggered.connect(self.inspection_requested)
        self.shortcuts_action = self._action("&Keyboard shortcuts", "F1", "List the shortcuts")
        self.history_action = self._action(
            "Record &history", "Ctrl+H", "What each saved version of the chosen record changed"
        )
        self.history_action.triggered.connect(self._history_of_selected)
        self.new_action = self._action("&New record", "Ctrl+N", "New record of this instrument")
        self.save_action = self._action("&Save draft", "Ctrl+S", "Save the open record as a draft")
        self.complete_action = self._action(
            "Mark &complete", "Ctrl+Return", "Check the open record and store it as complete"
        )
        # Enter on the keypad as well as Return: both are "Ctrl+Enter" to a person.
        self.complete_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.new_action.triggered.connect(
            lambda: self.new_record_requested.emit(self.navigator.current_instrument())
        )
        self.save_action.triggered.connect(self._save_form)
        self.complete_action.triggered.connect(self._complete_form)
        self.lock_action.triggered.connect(self.lock_requested)
        self.quit_action.triggered.connect(self.quit_requested)
        self.refresh_action.triggered.connect(self.refresh_requested)
        self.filter_action.triggered.connect(self._focus_filter)
        self.list_action.triggered.connect(self._focus_list)
        self.returned_action.triggered.connect(self._focus_returned)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.debrief_action = self._action(
            "Written &debrief…", "Ctrl+D", "Preview, share, approve, export and issue the debrief"
        )
        self.return_note_action = self._action(
            "Return-to-force &note…",
            "Ctrl+Shift+R",
            "Issue the return-to-force note for the selected returned case or open case audit",
        )
        self.debrief_action.triggered.connect(self.debrief_requested)
        self.return_note_action.triggered.connect(self._request_return_note)
        self._vault_actions = (
            self.debrief_action,
            self.return_note_action,
            self.new_action,
            self.save_action,
            self.complete_action,
            self.lock_action,
            self.filter_action,
            self.list_action,
            self.returned_action,
            self.refresh_action,
            self.inspection_action,
            self.history_action,
        )
        self.register_action = self._action(
            "Recommendations &register", "Ctrl+3", "Open the recommendations register and export"
        )
        self.register_action.triggered.connect(self.register_requested)
        self._vault_actions += (self.register_action,)

    def _make_menus_and_toolbar(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        for action in (self.new_action, self.save_action, self.complete_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = self.menuBar().addMenu("&View")
        for action in (
            self.filter_action,
            self.list_action,
            self.returned_action,
            self.refresh_action,
            self.inspection_action,
            self.history_action,
        ):
            view_menu.addAction(action)
        reports_menu = self.menuBar().addMenu("&Reports")
        reports_menu.addAction(self.debrief_action)
        reports_menu.addAction(self.return_note_action)
        view_menu.addAction(self.register_action)
        self.menuBar().addMenu("&Help").addAction(self.shortcuts_action)
        toolbar = QToolBar("Main toolbar")
        toolbar.setObjectName("mainToolbar")
        toolbar.setAccessibleName("Main toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.new_action)
        toolbar.addAction(self.save_action)
        toolbar.addAction(self.complete_action)
        toolbar.addAction(self.lock_action)
        toolbar.addAction(self.refresh_action)
        toolbar.addSeparator()
        toolbar.addAction(self.returned_action)  # its text carries the count: the badge
        self.addToolBar(toolbar)

    def _request_return_note(self) -> None:
        """The case audit to return: the returned case selected, else the record open."""
        record_id = self.returned.selected_record()
        if record_id is None and self._form_view is not None:
            record_id = self._form_view.record_id
        if record_id is None:
            self.statusBar().showMessage(
                "Select a case in the returned-to-force list, or open its case audit.", 5000
            )
            return
        self.return_note_requested.emit(record_id)

    def _make_sync_menus(self) -> None:
        """The Team and Sync menus; bundle files dropped on the window open the import."""
        self.team_action = self._action(
            "&Team and keys…", "Ctrl+Shift+T", "This vault's fingerprint, trusted devices, revoking"
        )
        self.export_bundle_action = self._action(
            "&Export a bundle…", "Ctrl+Shift+E", "Write a signed, encrypted bundle for the team"
        )
        self.import_bundles_action = self._action(
            "&Import bundles…", "Ctrl+Shift+I", "Import bundles from the team (or drop them here)"
        )
        self.conflicts_action = self._action(
            "&Conflicts…", "Ctrl+Shift+K", "Records edited apart on two devices: resolve them"
        )
        self.team_action.triggered.connect(self.team_requested)
        self.export_bundle_action.triggered.connect(self.export_bundle_requested)
        self.import_bundles_action.triggered.connect(lambda: self.import_bundles_requested.emit([]))
        self.conflicts_action.triggered.connect(self.conflicts_requested)
        self.menuBar().addMenu("&Team").addAction(self.team_action)
        sync_menu = self.menuBar().addMenu("&Sync")
        for action in (
            self.export_bundle_action,
            self.import_bundles_action,
            self.conflicts_action,
        ):
            sync_menu.addAction(action)
        self._vault_actions = (
            *self._vault_actions,
            self.team_action,
            self.export_bundle_action,
            self.import_bundles_action,
            self.conflicts_action,
        )
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if not self.is_locked_view() and dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        paths = dropped_files(event.mimeData())
        if paths and not self.is_locked_view():
            event.acceptProposedAction()
            self.import_bundles_requested.emit(paths)

    # -- what is shown -------------------------------------------------------------------------

    def show_records(
        self,
        summaries: Sequence[RecordSummary],
        fingerprint: str,
        instruments: Sequence[str] = (),
    ) -> None:
        self.navigator.show_records(summaries, instruments)
        self.show_count(len(summaries))
        self.fingerprint_label.setText(f"Device fingerprint: {fingerprint}")
        self.pages.setCurrentIndex(WORK_PAGE)
        for action in self._vault_actions:
            action.setEnabled(True)

    def show_count(self, count: int) -> None:
        """The number of records listed, under the list."""
        self.count_label.setText(f"{count} record{'s' * (count != 1)}")

    def show_locked(self) -> None:
        """Clear every model and label that could hold vault content, then hide the work area."""
        if self._navigator is not None:
            self._navigator.clear()
        if self._form_view is not None:
            self._form_view.clear()
            self.detail.setCurrentWidget(self.detail_hint)
        if self._returned is not None:
            self._returned.clear()
        if self._inspection_bar is not None:
            self._inspection_bar.clear()
        self.returned_action.setText("Returned to force")
        self.returned_action.setToolTip("Move to the cases returned to the force (Ctrl+2)")
        self.count_label.clear()
        self.fingerprint_label.clear()
        self.pages.setCurrentIndex(LOCKED_PAGE)
        for action in self._vault_actions:
            action.setEnabled(False)

    def is_locked_view(self) -> bool:
        return self.pages.currentIndex() == LOCKED_PAGE

    def show_shortcuts(self) -> None:
        lines = [
            f"{a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}\t{a.statusTip()}"
            for a in (*self._vault_actions, self.quit_action, self.shortcuts_action)
        ]
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Keyboard shortcuts",
            "\n".join(lines),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setAccessibleName("Keyboard shortcuts")
        box.open()

    # -- events --------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange and self.isMinimized():
            self.minimised.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.quit_requested.emit()
        event.accept()


def dropped_files(mime: QMimeData) -> list[str]:
    """The local files in a drag (bundles to import); anything else is not taken."""
    if not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]

"""The record list's searches, run against the vault: the app's side of ``search_records``.

A search runs on the GUI thread while searches are quick, and in the worker once one has
taken longer than ``QUICK`` (the first after unlocking reads every record's displayed head,
so searches start in the worker until one has been seen to be quick). The filters' choices and
the conflicts' kinds are read in the worker after every refresh.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, QTimer

from ncpi_field.errors import UserError
from ncpi_field.record_query import FilterChoices, RecordQuery
from ui.first_paint import FirstPaint
from ui.worker import run_in_background

if TYPE_CHECKING:
    from ncpi_field.service import VaultService
    from ui.navigator import NavigatorPane

QUICK: Final = 0.050  # seconds: slower than this and the next search goes to the worker
# The choices and kinds are read once the list has painted (their first read folds every
# record, and the worker would share the interpreter with the paint), or after this at most.
EXTRAS_LATEST_MS: Final = 1000


@dataclass(frozen=True)
class Found:
    query: RecordQuery
    record_ids: Sequence[str]
    seconds: float


@dataclass(frozen=True)
class ListExtras:
    """What the list shows beside the listing: filter choices and each conflict's kind."""

    choices: FilterChoices
    conflict_kinds: Mapping[str, str]


def search(vault: VaultService, query: RecordQuery, inspection_id: str | None = None) -> Found:
    """The query as asked (the navigator compares it), searched within the open inspection."""
    started = time.perf_counter()
    found = vault.search_records(replace(query, inspection_id=inspection_id))
    return Found(query, found, time.perf_counter() - started)


def list_extras(
    vault: VaultService, with_conflicts: bool, inspection_id: str | None = None
) -> ListExtras:
    kinds: dict[str, str] = {}
    if with_conflicts:
        from sync.resolution import ConflictResolution  # noqa: PLC0415 - only with conflicts

        kinds = {c.record_id: c.kind for c in ConflictResolution(vault).list_conflicts()}
    return ListExtras(vault.filter_choices(inspection_id), kinds)


class RecordSearch(QObject):
    """Answers the navigator's search requests; drops results that arrive after a lock."""

    def __init__(
        self,
        vault: Callable[[], VaultService | None],
        navigator: NavigatorPane,
        report: Callable[[BaseException], None],
        parent: QObject | None = None,
        inspection: Callable[[], str | None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self._inspection = inspection  # the open inspection: searches stay within it
        self._vault = vault
        self._navigator = navigator
        self._report = report
        self.in_worker = True  # until a search has been seen to be quick
        self.last_seconds = 0.0
        self._extras_due = False
        navigator.search_requested.connect(self.search)

    def search(self, query: RecordQuery) -> None:
        vault = self._vault()
        if vault is None:
            return
        inspection_id = self._inspection()
        if self.in_worker:
            run_in_background(
                lambda _report: search(vault, query, inspection_id), self._show, self._failed
            )
            return
        try:
            self._show(search(vault, query, inspection_id))
        except UserError as exc:
            self._report(exc)

    def refresh_extras(self) -> None:
        """Read the filters' choices and the conflicts' kinds in the worker, once the list
        has painted (or ``EXTRAS_LATEST_MS`` from now, if it does not paint)."""
        if self._extras_due:
            return
        self._extras_due = True
        watcher = FirstPaint(self._navigator.table.viewport())
        watcher.painted.connect(lambda: QTimer.singleShot(0, self._read_extras))
        watcher.painted.connect(watcher.deleteLater)
        QTimer.singleShot(EXTRAS_LATEST_MS, self._read_extras)

    @property
    def extras_pending(self) -> bool:
        """True while the choices and kinds wait for the list's paint (the screenshot waits)."""
        return self._extras_due

    def _read_extras(self) -> None:
        if not self._extras_due:
            return
        self._extras_due = False
        vault = self._vault()
        if vault is None:
            return
        in_conflict = self._navigator.model.has_conflicts()
        inspection_id = self._inspection()
        run_in_background(
            lambda _report: list_extras(vault, in_conflict, inspection_id),
            self._show_extras,
            self._failed,
        )

    def _show(self, found: Found) -> None:
        self.last_seconds = found.seconds
        self.in_worker = found.seconds > QUICK
        if self._vault() is not None:
            self._navigator.show_matches(found.query, found.record_ids)

    def _show_extras(self, extras: ListExtras) -> None:
        if self._vault() is None:
            return
        self._navigator.set_filter_choices(extras.choices)
        self._navigator.model.set_conflict_kinds(extras.conflict_kinds)

    def _failed(self, exc: BaseException) -> None:
        if self._vault() is not None:  # after a lock, a search's failure is no news
            self._report(exc)

"""One open record: its live form state and its saving, through the vault service only.

Saves run on the worker pool. The worker is handed a copy of the answers taken on the GUI
thread, never the live state, which the person keeps editing meanwhile. Saves of one record
run one after another: the first draft of a new record fixes its id for the next.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QObject, QTimer, Signal

from ncpi_field.completion import PII_OVERRIDES
from ncpi_field.xlsform.evaluate import FormState
from ui.worker import run_in_background

if TYPE_CHECKING:
    from ncpi_field.service import Saved, VaultService

AUTOSAVE_MS: Final = 2000  # after typing stops


@dataclass
class Head:
    """Which record this is and the version an edit follows (None before the first save)."""

    record_id: str | None = None
    version_id: str | None = None


class RecordSession(QObject):
    """Holds the state and saves it: drafts on a timer or on demand, complete on request."""

    saved = Signal(object)  # Saved
    failed = Signal(object)  # BaseException
    dirty_changed = Signal(bool)

    def __init__(
        self,
        vault: Callable[[], VaultService | None],
        state: FormState,
        head: Head,
        overrides: Mapping[str, str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._vault = vault
        self.state = state
        self.head = head
        self.overrides: dict[str, str] = dict(overrides or {})
        self.dirty = False
        self.closed = False
        self._saving = False
        self._queued: str | None = None  # what to run once the save in flight ends
        self._lock = threading.Lock()  # guards ``head`` between the pool and a flush on lock
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.save_draft)

    @property
    def form_id(self) -> str:
        return self.state.spec.form_id

    def changed(self) -> None:
        """An answer changed: save a few seconds after typing stops."""
        if not self.dirty:
            self.dirty = True
            self.dirty_changed.emit(True)
        self.timer.start()

    def _answers(self) -> dict[str, Any]:
        answers: dict[str, Any] = dict(self.state.answers())
        reasons = {k: v for k, v in self.overrides.items() if v.strip()}
        if reasons:
            answers[PII_OVERRIDES] = reasons
        return answers

    def save_draft(self) -> None:
        """Save now as a draft, in the background (queued behind a save already running)."""
        self.timer.stop()
        if self.closed or not self.dirty:
            return
        if self._saving:
            self._queued = self._queued or "draft"
            return
        self._start(self._answers(), complete=False)

    def complete(self) -> None:
        """Ask the service to store the record as complete; ``failed`` says what stops it.

        Asked while a draft is being written, it waits for that save and then runs.
        """
        self.timer.stop()
        if self.closed:
            return
        if self._saving:
            self._queued = "complete"
            return
        self._start(self._answers(), complete=True)

    def _start(self, answers: dict[str, Any], *, complete: bool) -> None:
        vault = self._vault()
        if vault is None:
            return
        self._saving = True
        self.dirty = False
        form_id = self.form_id

        def task(_report: object) -> Saved:
            return self._write(vault, form_id, answers, complete)

        run_in_background(task, self._on_saved, self._on_failed)

    def _write(
        self, vault: VaultService, form_id: str, answers: Mapping[str, Any], complete: bool
    ) -> Saved:
        with self._lock:
            record_id, parent = self.head.record_id, self.head.version_id
            parents = [parent] if parent is not None else None
            if complete:
                saved = vault.complete(form_id, answers, record_id=record_id, parents=parents)
            else:
                saved = vault.put_draft(form_id, answers, record_id=record_id, parents=parents)
            self.head = Head(saved.version.record_id, saved.version.version_id)
            return saved

    def _on_saved(self, saved: object) -> None:
        self._saving = False
        if self.closed:
            return
        self.saved.emit(saved)
        if not self.dirty:
            self.dirty_changed.emit(False)
        self._run_queued()

    def _run_queued(self) -> None:
        queued, self._queued = self._queued, None
        if queued == "complete":
            self.complete()
        elif queued == "draft":
            self.save_draft()

    def _on_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.dirty = True  # nothing was stored: the answers still wait to be saved
        if self.closed:
            return
        self.failed.emit(exc)
        if self._queued is not None:
            self._run_queued()
        else:
            self.timer.start()  # a refused completion still leaves a draft on disk soon

    def flush(self) -> None:
        """Save unsaved answers now, on this thread (before the vault locks)."""
        self.timer.stop()
        vault = self._vault()
        if self.closed or not self.dirty or vault is None:
            return
        self.dirty = False
        self._write(vault, self.form_id, self._answers(), complete=False)

    def close(self) -> None:
        self.timer.stop()
        self.closed = True

"""Run one core call off the GUI thread and report back through signals (Anki's CollectionOp shape).

Widgets never start threads: they hand a task to ``run_in_background`` and get the result, or the
exception, back on the GUI thread. A task receives a ``report(percent, label)`` callback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

T = TypeVar("T")
Report = Callable[[int, str], None]
Task = Callable[[Report], T]

# A worker must outlive its Python wrapper until it has reported; this holds it until then.
_running: set[Worker[Any]] = set()
# The long writes (an import, a bundle or workbook export) still running, and what waits for
# them to end (locking: the key is dropped once they have reported, never under them).
_writes: set[Worker[Any]] = set()
_after_writes: list[Callable[[], None]] = []


class WorkerSignals(QObject):
    """Created on the GUI thread: signals emitted by the pool thread arrive here queued."""

    progress = Signal(int, str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        on_done: Callable[[], None],
    ) -> None:
        super().__init__()
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_done = on_done
        # Bound slots of this object: Qt queues them onto the thread this object lives in.
        self.finished.connect(self._deliver_result)
        self.failed.connect(self._deliver_failure)

    @Slot(object)
    def _deliver_result(self, result: object) -> None:
        self._on_done()
        self._on_success(result)

    @Slot(object)
    def _deliver_failure(self, exc: object) -> None:
        self._on_done()
        assert isinstance(exc, BaseException)
        self._on_failure(exc)


class Worker(QRunnable, Generic[T]):
    """One task on the thread pool. Emits ``finished(result)`` or ``failed(exception)``, once."""

    def __init__(self, task: Task[T], signals: WorkerSignals) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = signals
        self._task = task

    def run(self) -> None:
        try:
            result = self._task(self.signals.progress.emit)
        except BaseException as exc:  # every failure is routed to the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


def run_in_background(
    task: Task[T],
    on_success: Callable[[T], None],
    on_failure: Callable[[BaseException], None],
    on_progress: Callable[[int, str], None] | None = None,
    pool: QThreadPool | None = None,
    *,
    write: bool = False,
) -> Worker[T]:
    """Start ``task`` on the pool; the callbacks run on the GUI thread. A ``write`` (an import,
    an export: seconds or minutes of work) is waited for by ``after_writes``."""
    holder: list[Worker[T]] = []

    def done() -> None:
        _running.discard(holder[0])
        if holder[0] in _writes:
            _writes.discard(holder[0])
            if not _writes:  # after the task's own callbacks have run
                QTimer.singleShot(0, _run_after_writes)

    signals = WorkerSignals(on_success, on_failure, done)
    worker: Worker[T] = Worker(task, signals)
    holder.append(worker)
    _running.add(worker)
    if write:
        _writes.add(worker)
    if on_progress is not None:
        signals.progress.connect(on_progress)
    (pool or QThreadPool.globalInstance()).start(worker)
    return worker


def busy() -> bool:
    """True while any background task has not reported yet (tests wait on this)."""
    return bool(_running)


def writing() -> bool:
    """True while a long write (``run_in_background(..., write=True)``) has not reported."""
    return bool(_writes)


def after_writes(callback: Callable[[], None]) -> None:
    """Call ``callback`` on the GUI thread once no long write runs: at once when none does,
    else after the last one has reported (its own callbacks first)."""
    if not _writes:
        callback()
        return
    _after_writes.append(callback)


def _run_after_writes() -> None:
    if _writes:  # a callback started another write meanwhile: wait for that one too
        return
    waiting = list(_after_writes)
    _after_writes.clear()
    for callback in waiting:
        callback()

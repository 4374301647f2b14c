"""Errors: a core message in a dialog, or an apology and a log without any field value."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from app_helpers import WAIT_MS, unlock_dialog
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from ncpi_field.errors import StorageError
from ui import errors, operations, worker
from ui.app import AppShell

SENTINEL = "CA-77 Jordan Example, 14 Acacia Road"


@pytest.fixture
def log_path(tmp_path: Path) -> Iterator[Path]:
    path = errors.configure_logging(tmp_path / "logs")
    assert path is not None
    yield path
    errors.stop_logging()


def error_boxes(qtbot: QtBot) -> list[QMessageBox]:
    boxes = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "errorDialog" and w.isVisible()
    ]
    for box in boxes:
        qtbot.addWidget(box)
    return boxes


def raise_bug() -> None:
    answers = {"audit_ref": SENTINEL}
    raise ValueError(f"cannot grade {answers['audit_ref']}")


def test_uncaught_bug_gets_an_apology_and_a_log_without_values(
    qtbot: QtBot, log_path: Path
) -> None:
    try:
        raise_bug()
    except ValueError as exc:
        errors.handle_uncaught(type(exc), exc, exc.__traceback__)
    [box] = error_boxes(qtbot)
    assert box.icon() == QMessageBox.Icon.Critical
    assert box.text().startswith("Sorry, something went wrong")
    assert "ValueError" in box.text()
    assert str(log_path) in box.text()
    assert SENTINEL not in box.text()
    logged = log_path.read_text("utf-8")
    assert "builtins.ValueError" in logged
    assert "test_app_errors.py:" in logged
    assert "in raise_bug" in logged
    assert SENTINEL not in logged
    assert "cannot grade" not in logged


def test_user_error_shows_the_core_message(qtbot: QtBot, log_path: Path) -> None:
    message = "The disk refused a write. Nothing was changed."
    exc = StorageError(message)
    errors.handle_uncaught(StorageError, exc, None)
    [box] = error_boxes(qtbot)
    assert box.text() == message
    assert box.icon() == QMessageBox.Icon.Warning
    assert log_path.read_text("utf-8") == ""


def test_install_excepthook_replaces_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    errors.install_excepthook()
    assert sys.excepthook is errors.handle_uncaught


def test_a_bug_during_unlock_is_reported_not_raised(
    qtbot: QtBot,
    make_shell: Callable[[], AppShell],
    created_vault: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
    log_path: Path,
) -> None:
    def broken_unlock(directory: Path, passphrase: str) -> None:
        raise RuntimeError(f"engine failed on {SENTINEL}")

    monkeypatch.setattr(operations, "unlock_vault", broken_unlock)
    shell = make_shell()
    dialog = unlock_dialog(shell)
    dialog.passphrase.setText("whatever passphrase")
    dialog.unlock_button.click()
    qtbot.waitUntil(lambda: bool(error_boxes(qtbot)), timeout=WAIT_MS)
    [box] = error_boxes(qtbot)
    assert "RuntimeError" in box.text()
    assert SENTINEL not in box.text()
    assert dialog.isVisible()
    assert dialog.unlock_button.isEnabled()
    assert SENTINEL not in log_path.read_text("utf-8")


def test_worker_reports_results_and_failures_on_the_gui_thread(qtbot: QtBot) -> None:
    seen: list[tuple[str, object, bool]] = []
    progress: list[tuple[int, str]] = []
    gui = threading.current_thread()

    def task(report: worker.Report) -> int:
        assert threading.current_thread() is not gui
        report(50, "half way")
        return 42

    def failing(_report: worker.Report) -> int:
        raise StorageError("disk full")

    def note(kind: str) -> Callable[[object], None]:
        return lambda value: seen.append((kind, value, threading.current_thread() is gui))

    worker.run_in_background(task, note("ok"), note("failed"), lambda p, t: progress.append((p, t)))
    worker.run_in_background(failing, note("ok"), note("failed"))
    qtbot.waitUntil(lambda: len(seen) == 2 and not worker.busy(), timeout=WAIT_MS)
    outcomes = {kind: (value, on_gui) for kind, value, on_gui in seen}
    assert outcomes["ok"] == (42, True)
    failure, on_gui = outcomes["failed"]
    assert isinstance(failure, StorageError)
    assert on_gui
    assert progress == [(50, "half way")]

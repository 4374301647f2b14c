"""Screenshots of the app on a made-up demo vault: ``python -m ui.screenshots OUTDIR``."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Final

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The platform is chosen above, before Qt is first imported.
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from ncpi_field.demo import fill_vault
from ncpi_field.service import create_vault
from ui import style
from ui.app import AppShell
from ui.cli_screenshot import SCREEN, settle, show
from ui.dialogs.unlock import UnlockDialog
from ui.settings import Settings

DEMO_PASSPHRASE: Final = "demo vault passphrase"  # noqa: S105 - a throwaway demo vault


def make_demo_vault(directory: Path) -> None:
    """The demo inspection (fictional force), with one draft edited apart on two laptops."""
    vault, _code = create_vault(directory, DEMO_PASSPHRASE)
    try:
        fill_vault(vault, seed=1)
        draft = next(r for r in vault.list_records() if r.status == "draft")
        head = vault.record(draft.record_id).heads[0]
        for note in ("Grade revised after supervision notes.", "Rationale expanded."):
            answers = {**head.answers, "inspector_notes": note}
            vault.put_draft(
                head.form_id, answers, record_id=head.record_id, parents=[head.version_id]
            )
    finally:
        vault.lock()


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not reach the expected state")
        QCoreApplication.processEvents()
        time.sleep(0.01)


def save_grab(widget: QWidget, path: Path) -> Path:
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def take(outdir: Path, workdir: Path) -> list[Path]:
    """Unlock dialog, main window, a record's form and the Inspection screen on a fresh demo
    vault, as PNG files."""
    outdir.mkdir(parents=True, exist_ok=True)
    vault_dir = workdir / "vault"
    make_demo_vault(vault_dir)
    shell = AppShell(vault_dir, Settings.at(workdir / "settings.ini"))
    shell.start()
    dialog = shell.dialog
    assert isinstance(dialog, UnlockDialog)
    wait_until(dialog.isVisible)
    unlock_png = save_grab(dialog, outdir / "screenshot-unlock.png")
    dialog.passphrase.setText(DEMO_PASSPHRASE)
    dialog.unlock_button.click()
    wait_until(lambda: shell.vault is not None)
    shell.window.resize(*SCREEN)
    show(shell, "main", None)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settle(shell, app)  # the conflict kinds and filter choices, read after the list paints
    main_png = save_grab(shell.window, outdir / "screenshot-main.png")
    show(shell, "form", None)
    settle(shell, app)
    form_png = save_grab(shell.window, outdir / "screenshot-form.png")
    show(shell, "inspection", None)
    assert shell.inspections.dialog is not None
    wait_until(shell.inspections.dialog.isVisible)
    settle(shell, app)
    inspection_png = save_grab(shell.inspections.dialog, outdir / "screenshot-inspection.png")
    shell.quit()
    shell.window.deleteLater()
    return [unlock_png, main_png, form_png, inspection_png]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m ui.screenshots OUTDIR", file=sys.stderr)
        return 2
    outdir = Path(argv[0])
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    style.apply(app)
    with tempfile.TemporaryDirectory(prefix="ncpi-screens-") as workdir:
        for path in take(outdir, Path(workdir)):
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

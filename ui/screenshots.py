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

from ncpi_field.records import Draft, Status
from ncpi_field.vault import Vault
from ui import style
from ui.app import AppShell
from ui.dialogs.unlock import UnlockDialog
from ui.settings import Settings

DEMO_PASSPHRASE: Final = "demo vault passphrase"  # noqa: S105 - a throwaway demo vault
DEMO_RECORDS: Final[tuple[tuple[str, dict[str, str], Status], ...]] = (
    ("case_audit", {"audit_ref": "CA-03 Neglect referral via MASH"}, "complete"),
    ("case_audit", {"audit_ref": "CA-07 Missing from home, repeat episodes"}, "draft"),
    ("reality_test", {"rt_ref": "RT-01 Control room: risk assessment at first call"}, "complete"),
    ("observation", {"obs_ref": "OBS-02 Focus group: response officers"}, "complete"),
    ("debrief", {"debrief_ref": "Daily debrief, day 2"}, "draft"),
)


def make_demo_vault(directory: Path) -> None:
    """A vault with a few invented records, one of them in conflict."""
    vault, _code = Vault.create(directory, DEMO_PASSPHRASE)
    try:
        saved = [
            vault.save(Draft(form, answers, status=status))
            for form, answers, status in DEMO_RECORDS
        ]
        first = saved[0]
        for note in ("Grade revised after supervision notes", "Rationale expanded"):
            answers = {**first.answers, "rationale": note}
            vault.save(Draft(first.form_id, answers, first.record_id, parents=[first.version_id]))
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
    """Unlock dialog and main window of a fresh demo vault, as PNG files in ``outdir``."""
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
    table = shell.window.navigator.table
    table.setCurrentIndex(table.model().index(0, 0))
    table.setFocus()
    QCoreApplication.processEvents()
    main_png = save_grab(shell.window, outdir / "screenshot-main.png")
    shell.quit()
    shell.window.deleteLater()
    return [unlock_png, main_png]


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

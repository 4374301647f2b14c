"""Screenshots of the first-run screens on a throwaway vault, for the user guide:
``python -m ui.first_run_screenshots OUTDIR``.

Create your vault (a passphrase typed, its strength shown), the recovery code (of the throwaway
vault, never used again) and Set up or join an inspection.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Final

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The platform is chosen above, before Qt is first imported.
from PySide6.QtWidgets import QApplication, QDialog

from ui import style
from ui.app import AppShell
from ui.dialogs.create_vault import CreateVaultDialog
from ui.dialogs.first_inspection import FirstInspectionDialog
from ui.dialogs.recovery_code import RecoveryCodeDialog
from ui.screenshots import save_grab, wait_until
from ui.settings import Settings

PASSPHRASE: Final = "throwaway guide passphrase"  # noqa: S105 - a vault deleted at once
CREATE_SECONDS: Final = 60.0  # the key derivation is slow on purpose


def take(outdir: Path, workdir: Path) -> list[Path]:
    """The three first-run screens, as PNG files in ``outdir``."""
    outdir.mkdir(parents=True, exist_ok=True)
    shell = AppShell(workdir / "vault", Settings.at(workdir / "settings.ini"))
    shell.start()
    try:
        create = shell.dialog
        assert isinstance(create, CreateVaultDialog)
        wait_until(create.isVisible)
        create.passphrase.setText(PASSPHRASE)
        create.confirmation.setText(PASSPHRASE)
        QApplication.processEvents()
        shots = [save_grab(create, outdir / "first-run-create.png")]
        create.create_button.click()
        wait_until(lambda: isinstance(shell.dialog, RecoveryCodeDialog), CREATE_SECONDS)
        recovery = shell.dialog
        assert isinstance(recovery, RecoveryCodeDialog)
        wait_until(recovery.isVisible)
        shots.append(save_grab(recovery, outdir / "first-run-recovery-code.png"))
        recovery.confirmed.setChecked(True)
        recovery.continue_button.click()
        wait_until(lambda: isinstance(shell.inspections.dialog, FirstInspectionDialog))
        offer = shell.inspections.dialog
        assert isinstance(offer, QDialog)
        wait_until(offer.isVisible)
        shots.append(save_grab(offer, outdir / "first-run-inspection.png"))
        offer.reject()
    finally:
        shell.quit()
        shell.window.deleteLater()
    return shots


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m ui.first_run_screenshots OUTDIR", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    style.apply(app)
    with tempfile.TemporaryDirectory(prefix="ncpi-first-run-") as workdir:
        for path in take(Path(argv[0]), Path(workdir)):
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""``--screenshot --view debrief``: the debrief window, its preview built, saved as a PNG."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from ncpi_field.demo import fill_vault
from ncpi_field.service import unlock_vault
from ui import cli
from ui.cli_screenshot import SCREEN


@pytest.mark.usefixtures("qtbot")
def test_the_debrief_view_is_saved_within_the_laptop_screen(
    tmp_path: Path,
    created_vault: tuple[Path, str],
    passphrase: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = unlock_vault(created_vault[0], passphrase)
    try:
        fill_vault(service, seed=1)
    finally:
        service.lock()
    monkeypatch.setenv("NCPI_PASSPHRASE", passphrase)
    out = tmp_path / "debrief.png"
    argv = ["--vault", str(created_vault[0]), "--screenshot", str(out), "--view", "debrief"]
    assert cli.main(argv) == 0
    image = QImage(str(out))
    assert 0 < image.width() <= SCREEN[0]
    assert 0 < image.height() <= SCREEN[1]

"""The first-run screenshots of the user guide are taken on a throwaway vault."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from ui import first_run_screenshots


def test_the_three_first_run_screens_are_saved(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "work").mkdir()
    shots = first_run_screenshots.take(tmp_path / "out", tmp_path / "work")
    assert [p.name for p in shots] == [
        "first-run-create.png",
        "first-run-recovery-code.png",
        "first-run-inspection.png",
    ]
    for path in shots:
        image = QImage(str(path))
        assert not image.isNull(), path.name
        assert image.width() >= 300, path.name
        assert image.height() >= 150, path.name
    assert (tmp_path / "work" / "vault" / "keyslots.json").is_file()  # the vault was made

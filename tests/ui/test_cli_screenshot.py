"""``ncpi-field --vault DIR --screenshot FILE.png``: one view of the app saved, then the end."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from ncpi_field.service import VaultService
from ncpi_field.vault import Vault
from ui import cli
from ui.cli_screenshot import SCREEN


@pytest.fixture
def unlocking(passphrase: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The passphrase where the command looks for it first."""
    monkeypatch.setenv("NCPI_PASSPHRASE", passphrase)


@pytest.fixture
def record_id(created_vault: tuple[Path, str], passphrase: str) -> str:
    vault = Vault.unlock(created_vault[0], passphrase)
    try:
        saved = VaultService(vault).put_draft("case_audit", {"audit_ref": "CA-001"})
    finally:
        vault.lock()
    return saved.version.record_id


@pytest.mark.parametrize("view", ["main", "form", "returned"])
@pytest.mark.usefixtures("qtbot", "unlocking")
def test_a_view_is_saved_at_laptop_size(
    tmp_path: Path, record_id: str, created_vault: tuple[Path, str], view: str
) -> None:
    out = tmp_path / f"{view}.png"
    argv = ["--vault", str(created_vault[0]), "--screenshot", str(out), "--view", view]
    if view == "form":
        argv += ["--record", record_id]
    assert cli.main(argv) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == SCREEN


@pytest.mark.usefixtures("qtbot", "unlocking", "record_id")
def test_an_unknown_record_is_refused_in_words(
    tmp_path: Path, created_vault: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "form.png"
    argv = ["--vault", str(created_vault[0]), "--screenshot", str(out), "--view", "form"]
    assert cli.main([*argv, "--record", "no-such-record"]) == cli.EXIT_USER
    assert "No record with that id" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.usefixtures("qtbot")
def test_a_wrong_passphrase_writes_nothing(
    tmp_path: Path,
    created_vault: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NCPI_PASSPHRASE", "not the passphrase at all")
    out = tmp_path / "main.png"
    assert cli.main(["--vault", str(created_vault[0]), "--screenshot", str(out)]) == 3
    assert not out.exists()


@pytest.mark.usefixtures("qtbot", "unlocking")
def test_the_inspection_screen_is_saved_and_fits_the_laptop_screen(
    tmp_path: Path, created_vault: tuple[Path, str], passphrase: str
) -> None:
    from tests.core.inspection_helpers import inspection_answers  # noqa: PLC0415

    vault = Vault.unlock(created_vault[0], passphrase)
    try:
        VaultService(vault).create_inspection(inspection_answers())
    finally:
        vault.lock()
    out = tmp_path / "inspection.png"
    argv = ["--vault", str(created_vault[0]), "--screenshot", str(out), "--view", "inspection"]
    assert cli.main(argv) == 0
    image = QImage(str(out))
    assert 400 <= image.width() <= SCREEN[0]
    assert 300 <= image.height() <= SCREEN[1]


@pytest.mark.usefixtures("qtbot", "unlocking", "record_id")
def test_the_register_view_grabs_the_register_window_within_laptop_size(
    tmp_path: Path, created_vault: tuple[Path, str]
) -> None:
    out = tmp_path / "register.png"
    argv = ["--vault", str(created_vault[0]), "--screenshot", str(out), "--view", "register"]
    assert cli.main(argv) == 0
    image = QImage(str(out))
    assert 0 < image.width() <= SCREEN[0]
    assert 0 < image.height() <= SCREEN[1]
    assert (image.width(), image.height()) != SCREEN  # the register window, not the main one

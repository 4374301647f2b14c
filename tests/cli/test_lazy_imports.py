"""Start-up stays cheap: ``ncpi-field --help`` and opening a current vault load only what they use.

Each check runs in a fresh interpreter (a subprocess), because this test process has long since
imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("sqlalchemy", "pyxform", "openpyxl", "alembic", "cryptography", "PySide6")
ROOT = Path(__file__).resolve().parents[2]


def loaded_after(code: str, *, env: dict[str, str] | None = None) -> list[str]:
    """The heavy top-level packages in ``sys.modules`` once ``code`` has run in a new process."""
    probe = (
        f"{code}\nimport json, sys\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    found: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


@pytest.mark.parametrize("module", ["ui.cli_forms", "ui.cli_demo", "ui.cli_types", "ui.passphrase"])
def test_command_modules_load_no_heavy_package(module: str) -> None:
    assert loaded_after(f"import {module}") == []


@pytest.mark.parametrize(
    "module",
    [
        "ui.cli_forms",
        "ui.cli_demo",
        "ui.cli_record",
        "ui.cli_vault",
        "ui.cli_caseref",
        "ui.cli_conflicts",
        "ui.cli_team",
        "ui.cli_bundle",
        "ui.cli_debrief",
    ],
)
def test_every_command_module_loads_no_heavy_package(module: str) -> None:
    assert loaded_after(f"import {module}") == []


def test_help_loads_no_heavy_package() -> None:
    code = (
        "import contextlib, io\n"
        "import ui.cli\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    ui.cli.main(['--help'])"
    )
    assert loaded_after(code) == []


def test_reading_an_installed_form_from_the_cache_loads_no_pyxform(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": ""}
    fill = "from ncpi_field import formstore\nformstore.installed_spec('case_audit')"
    subprocess.run([sys.executable, "-c", fill], check=True, cwd=ROOT, env=env)  # fills the cache
    assert "pyxform" not in loaded_after(fill, env=env)
    assert "openpyxl" not in loaded_after(fill, env=env)


def test_unlocking_a_current_vault_loads_no_alembic(created_vault: tuple[Path, str]) -> None:
    directory, _code = created_vault
    code = (
        "from pathlib import Path\nfrom ncpi_field.vault import Vault\n"
        f"Vault.unlock(Path({str(directory)!r}), 'correct horse battery staple').lock()"
    )
    assert "alembic" not in loaded_after(code)


def test_the_desktop_app_paints_its_unlock_dialog_before_loading_the_core() -> None:
    """Everything up to the unlock dialog loads without the store, its crypto or the forms."""
    found = loaded_after("import ui.app, ui.main_window, ui.dialogs.unlock")
    assert found == ["PySide6"]

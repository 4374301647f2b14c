"""The commands people wait on load only what they use: the record list never loads the forms
engine, and ``ncpi-field [--vault DIR]`` opens the app without building every subcommand's
parser (read exactly as the parser reads it)."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.cli_helpers import run
from tests.forms_engine_probe import ROOT, forms_engine_loaded
from ui import cli


def test_the_record_list_never_loads_the_forms_engine(
    created_vault: tuple[Path, str], passphrase: str, tmp_path: Path
) -> None:
    args = ["record", "list", "--json", "--vault", str(created_vault[0])]
    assert forms_engine_loaded(args, passphrase, tmp_path) == (0, [])


@pytest.mark.parametrize(
    "argv", [[], ["--vault", "some/dir"], ["--vault=some/dir"], ["--vault", ""]]
)
def test_the_app_alone_is_read_as_the_parser_reads_it(argv: list[str]) -> None:
    alone = cli._app_alone(argv)
    parsed = cli.build_parser().parse_args(argv)
    assert alone is not None
    assert (alone.vault, alone.command, alone.screenshot) == (
        parsed.vault,
        parsed.command,
        parsed.screenshot,
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["--vault", "--help"],
        ["--vault", "d", "vault", "status"],
        ["--vault", "d", "--screenshot", "x.png"],
        ["vault", "status"],
        ["--vau", "d"],
    ],
)
def test_anything_more_goes_to_the_parser(argv: list[str]) -> None:
    assert cli._app_alone(argv) is None


def test_the_app_alone_loads_no_command_module() -> None:
    probe = (
        "import json, sys\nimport ui.cli\n"
        "args = ui.cli._app_alone(['--vault', 'some/dir'])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('ui.cli_'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
    assert "bundle" in cli.build_parser().format_help()  # the parser still has every command


def test_the_listing_leaves_the_collector_as_it_found_it(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    created_vault: tuple[Path, str],
    passphrase: str,
) -> None:
    monkeypatch.setenv("NCPI_PASSPHRASE", passphrase)
    assert gc.isenabled()
    code, out, _err = run(capsys, "record", "list", "--json", "--vault", str(created_vault[0]))
    assert (code, json.loads(out)) == (0, [])
    assert gc.isenabled()
    gc.disable()
    try:
        run(capsys, "record", "list", "--vault", str(created_vault[0]))
        assert not gc.isenabled()
    finally:
        gc.enable()

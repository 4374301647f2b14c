"""Running the command line in-process, as the tests of every command do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ui.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of one ``ncpi-field`` command."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def answers_file(tmp_path: Path, answers: object, name: str = "answers.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(answers))
    return path

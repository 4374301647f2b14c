"""Which of the forms engine's modules a CLI command loads, run in a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMS_ENGINE = (
    "ncpi_field.completion",
    "ncpi_field.formstore",
    "ncpi_field.xlsform.evaluate",
    "ncpi_field.xlsform.expressions",
    "ncpi_field.xpath",
)


def forms_engine_loaded(args: Sequence[str], passphrase: str, home: Path) -> tuple[int, list[str]]:
    """``ncpi-field ARGS``'s exit status and the forms engine modules it loaded."""
    probe = (
        "import contextlib, io, json, sys\nimport ui.cli\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n    code = ui.cli.main({list(args)!r})\n"
        f"print(json.dumps([code, sorted(m for m in sys.modules if m in {FORMS_ENGINE!r})]))"
    )
    env = {**os.environ, "NCPI_PASSPHRASE": passphrase, "HOME": str(home)}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT, env=env
    )
    code, loaded = json.loads(result.stdout.strip().splitlines()[-1])
    return code, loaded

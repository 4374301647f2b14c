"""The core packages load no Qt: checked in a fresh interpreter, every module imported."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import importlib, pkgutil, sys
import ncpi_field, sync
names = []
for package in (ncpi_field, sync):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if info.name.endswith("migrations.env"):
            continue  # runs only inside Alembic
        importlib.import_module(info.name)
        names.append(info.name)
print(len(names))
print(sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui")))
"""


def test_importing_the_core_loads_no_qt_and_no_ui() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert int(out[0]) >= 10  # the walk really imported the core's modules
    assert out[1] == "[]"

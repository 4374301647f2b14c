"""The capture benchmark's probe on a tiny input, so it cannot rot: two bursts of typing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ncpi_field.service import VaultService
from ncpi_field.vault import Vault

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("mode", ["autosave", "none", "new"])
def test_the_autosave_probe_types_and_reports_frames(
    created_vault: tuple[Path, str], passphrase: str, mode: str
) -> None:
    vault_dir, _code = created_vault
    vault = Vault.unlock(vault_dir, passphrase)
    try:
        VaultService(vault).put_draft("case_audit", {"audit_ref": "CA-001"})
    finally:
        vault.lock()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.probes.autosave_frames", str(vault_dir), mode, "2"],
        input=passphrase + "\n",
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    out = json.loads(done.stdout)
    assert out["keys"] == 28
    assert out["ticks"] > 100
    assert 0 <= out["p99_frame"] <= out["longest_frame"]
    assert (out["saves"] > 0) is (mode != "none")

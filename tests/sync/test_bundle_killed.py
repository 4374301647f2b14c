"""SECURITY.md test 11: kill -9 during export and during import.

The bundle under its final name is absent or whole; the store is before or after, never between.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sync_helpers import draft, export, import_one
from team_helpers import PASSPHRASE, Team

from ncpi_field.service import VaultService, unlock_vault
from sync import bundle_import

CHILD = Path(__file__).with_name("sync_until_killed.py")
ROOT = Path(__file__).resolve().parents[2]
KILLS = 4


def _fill(service: VaultService, count: int = 150) -> None:
    for i in range(count):
        draft(service, f"KILL-{i}-" + "x" * 3000)


def _delays(rng: random.Random) -> list[float | None]:
    """At once (surely mid-way), at random moments, and never (surely whole)."""
    return [0.0, *(rng.uniform(0.0, 0.6) for _ in range(KILLS)), None]


def _run_and_kill(mode: str, vault: Path, bundle: Path, delay: float | None) -> bool:
    """Start the child, kill -9 it ``delay`` seconds after it is ready; True if it finished."""
    env = {**os.environ, "NCPI_PASSPHRASE": PASSPHRASE, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(
        [sys.executable, str(CHILD), mode, str(vault), str(bundle)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        if delay is None:
            child.wait(timeout=120)
        else:
            time.sleep(delay)
        finished = child.poll() is not None
        if not finished:
            child.send_signal(signal.SIGKILL)
        child.wait()
    return finished and child.returncode == 0


@pytest.mark.slow
def test_kill_during_export_leaves_no_partial_bundle(team_vaults: Team, tmp_path: Path) -> None:
    _fill(team_vaults.alice)
    before = team_vaults.alice.status().state_digest
    team_vaults.alice.lock()
    vault = team_vaults.root / "alice"
    rng = random.Random(11)
    outcomes = set()
    for attempt, delay in enumerate(_delays(rng)):
        bundle = tmp_path / f"killed-{attempt}.bundle"
        finished = _run_and_kill("export", vault, bundle, delay)
        outcomes.add(bundle.exists())
        if finished:
            assert bundle.exists()
        if bundle.exists():
            whole = bundle_import.import_bundle(team_vaults.lead, bundle)  # whole: it imports
            assert whole.header.versions == 150
    assert outcomes == {True, False}
    alice = team_vaults.reopen("alice")
    assert alice.status().state_digest == before


@pytest.mark.slow
def test_kill_during_import_leaves_the_store_before_or_after(
    team_vaults: Team, tmp_path: Path
) -> None:
    _fill(team_vaults.alice)
    bundle = export(team_vaults.alice, tmp_path / "big.bundle")
    after = team_vaults.alice.status().state_digest
    before = team_vaults.lead.status().state_digest
    team_vaults.lead.lock()
    pristine = tmp_path / "lead-pristine"
    shutil.copytree(team_vaults.root / "lead", pristine)
    rng = random.Random(11)
    seen = set()
    for attempt, delay in enumerate(_delays(rng)):
        vault = tmp_path / f"lead-{attempt}"
        shutil.copytree(pristine, vault)
        _run_and_kill("import", vault, bundle, delay)
        reopened = unlock_vault(vault, PASSPHRASE)
        try:
            digest = reopened.status().state_digest
            assert digest in (before, after)
            seen.add(digest)
            again = import_one(reopened, bundle)  # a killed import leaves no ledger row
            assert again.already_imported == (digest == after)
            assert reopened.status().state_digest == after
        finally:
            reopened.lock()
    assert seen == {before, after}

"""Autosave against a crash: a child types through the widgets and is killed -9 (SECURITY 10's
shape, for the form view). Every draft it acknowledged is in the reopened vault."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from ncpi_field.service import VaultService
from ncpi_field.vault import Vault

HERE = Path(__file__).resolve().parent
CHILD = HERE / "type_until_killed.py"
sys.path.insert(0, str(HERE))
from type_until_killed import FIELD, typed_text  # noqa: E402


def type_and_kill(vault_dir: Path, passphrase: str, delay: float) -> list[tuple[str, int]]:
    """Start the typist, wait for its second draft, kill it ``delay`` seconds later."""
    env = {**os.environ, "NCPI_PASSPHRASE": passphrase, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(vault_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    acknowledged: list[tuple[str, int]] = []
    second = threading.Event()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            record_id, length = line.split()
            acknowledged.append((record_id, int(length)))
            if len(acknowledged) >= 2:
                second.set()

    reader = threading.Thread(target=read)
    reader.start()
    try:
        assert second.wait(120), "the typist never saved two drafts"
        time.sleep(delay)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        reader.join()
        assert child.stdout is not None
        child.stdout.close()
    return acknowledged


@pytest.mark.slow
def test_a_crash_keeps_every_draft_autosave_acknowledged(
    created_vault: tuple[Path, str], passphrase: str
) -> None:
    vault_dir, _code = created_vault
    delay = random.Random(20261130).uniform(0.0, 2.5)  # mid-typing, maybe mid-save
    acknowledged = type_and_kill(vault_dir, passphrase, delay)
    assert len(acknowledged) >= 2
    record_ids = {record_id for record_id, _length in acknowledged}
    assert len(record_ids) == 1, "every draft of one form went to one record"
    longest = max(length for _record_id, length in acknowledged)
    assert longest > 0
    vault = Vault.unlock(vault_dir, passphrase)
    try:
        with vault.session() as session:
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        service = VaultService(vault)
        head = service.record(record_ids.pop()).heads[0]
        assert head.status == "draft"
        kept = head.answers[FIELD]
        assert isinstance(kept, str)
        # At least what was acknowledged, and nothing but what was typed, in order.
        assert len(kept) >= longest
        assert kept == typed_text(len(kept))
    finally:
        vault.lock()

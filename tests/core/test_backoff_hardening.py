"""Issue 7, item 7: the back-off cannot be hung, reset, raced or starved of disk.

Each test here failed (or hung) on the back-off as it was before the fix.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ncpi_field import atomic, backoff, keyslots
from ncpi_field.errors import StorageError, UnlockBackoff, WrongPassphrase
from ncpi_field.vault import Vault

ROOT = Path(__file__).resolve().parents[2]
WRONG = "wrong wrong wrong"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _run(code: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )


def test_delay_is_cheap_for_any_count() -> None:
    # In a child with bounded memory and time: the old 2**n took all of both.
    code = """
    import resource, time
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, resource.RLIM_INFINITY))
    from ncpi_field import backoff
    started = time.perf_counter()
    print(backoff.delay_after(10**30), backoff.delay_after(2**62))
    print(time.perf_counter() - started < 0.1)
    """
    out = _run(code, timeout=30)
    cap = float(backoff.MAX_DELAY_SECONDS)
    assert out.stdout.split() == [str(cap), str(cap), "True"], out.stderr


@pytest.mark.parametrize("failures", ["1e30", str(10**30), "-5", "true", '"12"', "null"])
def test_an_edited_counter_gives_one_full_wait_not_a_hang(
    created_vault: tuple[Path, str], passphrase: str, failures: str
) -> None:
    vault_dir, _ = created_vault
    for name in backoff.FILE_NAMES:
        (vault_dir / name).write_text(
            f'{{"version": 1, "failures": {failures}, "last_failure": {time.time()}}}'
        )
    code = """
    import sys
    from pathlib import Path
    from ncpi_field.errors import UnlockBackoff
    from ncpi_field.vault import Vault
    try:
        Vault.unlock(Path(sys.argv[1]), sys.argv[2]).lock()
        print("opened")
    except UnlockBackoff as exc:
        print("wait", exc.seconds_left)
    """
    out = _run(code, str(vault_dir), passphrase, timeout=60)  # the old code never returned
    kind, *rest = out.stdout.split()
    assert kind == "wait", out.stderr
    assert 0 < float(rest[0]) <= backoff.MAX_DELAY_SECONDS


def test_a_damaged_counter_waits_once_then_lets_the_right_passphrase_in(
    created_vault: tuple[Path, str], passphrase: str
) -> None:
    vault_dir, _ = created_vault
    clock = FakeClock()
    (vault_dir / backoff.FILE_NAME).write_text("{garbage")
    with pytest.raises(UnlockBackoff) as caught:
        Vault.unlock(vault_dir, passphrase, clock=clock)
    assert caught.value.seconds_left == backoff.MAX_DELAY_SECONDS
    clock.now += backoff.MAX_DELAY_SECONDS + 1
    Vault.unlock(vault_dir, passphrase, clock=clock).lock()
    assert backoff.read(vault_dir, clock).failures == 0


@pytest.mark.parametrize(
    "deleted",
    [(backoff.FILE_NAME,), (backoff.MIRROR_NAME,), backoff.FILE_NAMES],
    ids=["counter", "mirror", "both"],
)
def test_deleting_the_counter_does_not_reset_it(
    created_vault: tuple[Path, str], passphrase: str, deleted: tuple[str, ...]
) -> None:
    vault_dir, _ = created_vault
    clock = FakeClock()
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            Vault.unlock(vault_dir, WRONG, clock=clock)
    clock.now += 60  # the 2-second wait is over
    for name in deleted:
        (vault_dir / name).unlink()
    with pytest.raises(UnlockBackoff) as caught:
        Vault.unlock(vault_dir, passphrase, clock=clock)
    assert caught.value.seconds_left == backoff.MAX_DELAY_SECONDS


def test_a_vault_made_before_the_counter_existed_opens_freely(
    created_vault: tuple[Path, str], passphrase: str
) -> None:
    vault_dir, _ = created_vault
    for name in (*backoff.FILE_NAMES, backoff.LOCK_NAME):
        (vault_dir / name).unlink()
    Vault.unlock(vault_dir, passphrase).lock()
    assert all((vault_dir / name).exists() for name in backoff.FILE_NAMES)


_FAIL_AT_ONCE = """
import sys, time
from pathlib import Path
from ncpi_field import backoff
go = Path(sys.argv[2])
print("ready", flush=True)
while not go.exists():
    time.sleep(0.001)
backoff.record_failure(Path(sys.argv[1]))
"""


def released_together(
    script: str, vault_dir: Path, go: Path, count: int
) -> list[subprocess.Popen[str]]:
    """``count`` child processes running ``script``, all ready, then let go at one moment."""
    children = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(script), str(vault_dir), str(go)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(count)
    ]
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
    go.touch()
    return children


def test_twelve_parallel_failures_are_all_counted(
    created_vault: tuple[Path, str], tmp_path: Path
) -> None:
    vault_dir, _ = created_vault
    children = released_together(_FAIL_AT_ONCE, vault_dir, tmp_path / "go", 12)
    for child in children:
        child.communicate(timeout=120)
        assert child.returncode == 0
    assert backoff.read(vault_dir).failures == 12


_UNLOCK_AT_ONCE = """
import sys, time
from pathlib import Path
from ncpi_field.errors import UserError
from ncpi_field.vault import Vault
go = Path(sys.argv[2])
print("ready", flush=True)
while not go.exists():
    time.sleep(0.001)
try:
    Vault.unlock(Path(sys.argv[1]), "wrong wrong wrong")
except UserError as exc:
    print(type(exc).__name__)
"""


@pytest.mark.slow
def test_parallel_wrong_unlocks_are_each_counted_or_refused(
    created_vault: tuple[Path, str], tmp_path: Path
) -> None:
    vault_dir, _ = created_vault
    children = released_together(_UNLOCK_AT_ONCE, vault_dir, tmp_path / "go", 8)
    outcomes = [child.communicate(timeout=180)[0].strip() for child in children]
    tried = outcomes.count("WrongPassphrase")
    assert tried + outcomes.count("UnlockBackoff") == len(children), outcomes
    # Every passphrase actually tried was counted, and the back-off stopped the rest.
    assert backoff.read(vault_dir).failures == tried
    assert tried <= backoff.FREE_ATTEMPTS + 1


def _fail_fsync(_fd: int) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_on_a_full_disk_no_passphrase_is_tried_uncounted(
    created_vault: tuple[Path, str], passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault_dir, _ = created_vault
    tried: list[str] = []
    real_unwrap = keyslots.unwrap

    def spy(slot: keyslots.KeySlot, secret: str, vault_id: str) -> bytes:
        tried.append(secret)
        return real_unwrap(slot, secret, vault_id)

    monkeypatch.setattr(keyslots, "unwrap", spy)
    monkeypatch.setattr(atomic.os, "fsync", _fail_fsync)
    for guess in (WRONG, "another guess", passphrase):
        with pytest.raises(
            StorageError, match=r"could not be recorded .the disk is full"
        ) as caught:
            Vault.unlock(vault_dir, guess)
        assert guess not in str(caught.value)
    assert tried == []
    monkeypatch.undo()
    Vault.unlock(vault_dir, passphrase).lock()


def test_the_counter_holds_counts_and_times_only(created_vault: tuple[Path, str]) -> None:
    vault_dir, _ = created_vault
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_dir, WRONG)
    for name in backoff.FILE_NAMES:
        document = json.loads((vault_dir / name).read_text())
        assert set(document) == {"version", "failures", "last_failure"}
        assert os.stat(vault_dir / name).st_mode & 0o077 == 0

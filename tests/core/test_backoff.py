"""Wrong-passphrase back-off: free tries, then doubling waits that survive a restart."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

import pytest

from ncpi_field import backoff
from ncpi_field.errors import UnlockBackoff, WrongPassphrase
from ncpi_field.vault import Vault


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_delays_double_after_three_failures() -> None:
    assert [backoff.delay_after(n) for n in range(7)] == [0, 0, 0, 2, 4, 8, 16]
    assert backoff.delay_after(100) == backoff.MAX_DELAY_SECONDS


def test_fourth_attempt_must_wait_even_with_the_right_passphrase(
    created_vault: tuple[Path, str], passphrase: str
) -> None:
    vault_dir, _ = created_vault
    clock = FakeClock()
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            Vault.unlock(vault_dir, "wrong wrong wrong", clock=clock)
    with pytest.raises(UnlockBackoff, match="Wait 2 seconds") as caught:
        Vault.unlock(vault_dir, passphrase, clock=clock)
    assert 0 < caught.value.seconds_left <= 2
    clock.now += 2.01
    Vault.unlock(vault_dir, passphrase, clock=clock).lock()
    assert backoff.read(vault_dir).failures == 0


def test_counter_survives_a_restart(created_vault: tuple[Path, str]) -> None:
    vault_dir, _ = created_vault
    for _ in range(4):
        with contextlib.suppress(WrongPassphrase, UnlockBackoff):
            Vault.unlock(vault_dir, "wrong wrong wrong")
    code = (
        "import sys; from pathlib import Path; from ncpi_field import backoff;"
        "d = Path(sys.argv[1]); print(backoff.read(d).failures, backoff.seconds_left(d) > 0)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(vault_dir)], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["3", "True"]


def test_damaged_counter_does_not_reset_the_back_off(created_vault: tuple[Path, str]) -> None:
    vault_dir, _ = created_vault
    (vault_dir / backoff.FILE_NAME).write_text("{garbage")
    assert backoff.seconds_left(vault_dir) > 0


def test_clock_set_backwards_waits_at_most_one_delay(created_vault: tuple[Path, str]) -> None:
    vault_dir, _ = created_vault
    clock = FakeClock()
    for _ in range(4):
        backoff.record_failure(vault_dir, clock)
    clock.now -= 10 * 24 * 3600
    assert backoff.seconds_left(vault_dir, clock) == backoff.delay_after(4)


def test_wrong_message_warns_of_the_wait(created_vault: tuple[Path, str]) -> None:
    vault_dir, _ = created_vault
    clock = FakeClock()
    messages = []
    for _ in range(3):
        with pytest.raises(WrongPassphrase) as caught:
            Vault.unlock(vault_dir, "wrong wrong wrong", clock=clock)
        messages.append(str(caught.value))
    assert "Wait" not in messages[0]
    assert "Wait 2 seconds" in messages[2]

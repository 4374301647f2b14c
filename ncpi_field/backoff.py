"""Unlock back-off: after three wrong attempts each further one waits twice as long.

The counter is kept beside the key slots, in two files written one after the other
(``unlock-attempts.json`` and ``unlock-attempts.mirror.json``), so that restarting the app does
not reset it and deleting one file does not either. They hold counts and times only. There is
never an auto-wipe.

Rules, each against a way round the brake:

- An attempt is counted *before* the passphrase is tried, under a lock, read-modify-write: a
  killed process or twelve parallel attempts are all counted, and an attempt that cannot be
  recorded (full disk) is refused rather than let through uncounted.
- A counter that is damaged, edited out of range, or present in one file but not the other is
  treated as the maximum back-off (one full wait, starting when it is noticed), never as zero.
- The delay is computed from a capped exponent: no counter value makes it expensive.

It is a brake on casual guessing at the keyboard, not a defence against someone who copies the
files: they face the Argon2id cost alone (docs/security-notes.md).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from ncpi_field import locking
from ncpi_field.atomic import atomic_write
from ncpi_field.errors import StorageError, UnlockBackoff, VaultBusy

FILE_NAME: Final = "unlock-attempts.json"
MIRROR_NAME: Final = "unlock-attempts.mirror.json"
FILE_NAMES: Final = (FILE_NAME, MIRROR_NAME)
LOCK_NAME: Final = "unlock-attempts.lock"
FREE_ATTEMPTS: Final = 3
MAX_DELAY_SECONDS: Final = 15 * 60
# The first count whose delay reaches the cap; counts above it are stored as it.
MAX_FAILURES: Final = FREE_ATTEMPTS + math.ceil(math.log2(MAX_DELAY_SECONDS))
LOCK_WAIT_SECONDS: Final = 10.0

Clock = Callable[[], float]


@dataclass(frozen=True)
class Attempts:
    failures: int = 0
    last_failure: float = 0.0


class _Damaged(ValueError):
    """A counter file that is not one this module wrote."""


def delay_after(failures: int) -> float:
    """Seconds to wait after ``failures`` consecutive wrong attempts: 0,0,0,2,4,8,... capped."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    exponent = min(failures, MAX_FAILURES) - FREE_ATTEMPTS + 1
    return float(min(2**exponent, MAX_DELAY_SECONDS))


def worst(clock: Clock = time.time) -> Attempts:
    """The maximum back-off, starting now: what a damaged or half-deleted counter means."""
    return Attempts(MAX_FAILURES, clock())


def read(directory: Path, clock: Clock = time.time) -> Attempts:
    """The recorded attempts; a damaged or half-missing counter reads as ``worst``."""
    found = _read_all(directory, expected=(directory / LOCK_NAME).exists())
    if found is None:
        return worst(clock)
    return found


def seconds_left(directory: Path, clock: Clock = time.time) -> float:
    return _left(read(directory, clock), clock)


def check(directory: Path, clock: Clock = time.time) -> None:
    """Raise ``UnlockBackoff`` if the next attempt must wait."""
    with _locked(directory) as expected:
        _raise_if_waiting(_settled(directory, clock, expected), clock)


def begin_attempt(directory: Path, clock: Clock = time.time) -> Attempts:
    """Count an attempt before it is made; raise if it must wait or cannot be recorded.

    Returns the attempts as now recorded (the new one counted as a failure until
    ``record_success`` says otherwise).
    """
    with _locked(directory) as expected:
        _remove_temporaries(directory)
        attempts = _settled(directory, clock, expected)
        _raise_if_waiting(attempts, clock)
        counted = Attempts(min(attempts.failures + 1, MAX_FAILURES), clock())
        _write_or_refuse(directory, counted)
        return counted


def record_failure(directory: Path, clock: Clock = time.time) -> Attempts:
    """Count one wrong attempt (read-modify-write under the lock)."""
    with _locked(directory) as expected:
        attempts = _settled(directory, clock, expected)
        counted = Attempts(min(attempts.failures + 1, MAX_FAILURES), clock())
        _write_or_refuse(directory, counted)
        return counted


def record_success(directory: Path) -> None:
    """Clear the counter after a right passphrase (best effort: the vault is open by now)."""
    with _locked(directory), contextlib.suppress(StorageError):
        _write(directory, Attempts())


def reset(directory: Path) -> None:
    """A new vault's zero counter and lock file: their absence later means deletion."""
    _write(directory, Attempts())
    with locking.locked_file(directory / LOCK_NAME, wait=LOCK_WAIT_SECONDS):
        pass


# -- inside the lock ---------------------------------------------------------------------------


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[bool]:
    """Hold the counter's lock; yields whether the lock file was already there.

    The lock file is made with the vault and never removed, so once it exists a missing
    counter means a deleted one.
    """
    expected = (directory / LOCK_NAME).exists()
    try:
        with locking.locked_file(directory / LOCK_NAME, wait=LOCK_WAIT_SECONDS):
            yield expected
    except locking.LockTimeout:
        raise VaultBusy(
            "Another NCPI Field process is unlocking this vault. Try again in a moment."
        ) from None
    except OSError as exc:
        raise StorageError(
            "The unlock attempt could not be recorded "
            f"({exc.strerror or 'the disk refused'}), so it was refused."
        ) from None


def _settled(directory: Path, clock: Clock, expected: bool) -> Attempts:
    """The attempts; a damaged counter is rewritten as the maximum back-off from now."""
    found = _read_all(directory, expected=expected)
    if found is not None:
        return found
    attempts = worst(clock)
    _write_or_refuse(directory, attempts)
    return attempts


def _raise_if_waiting(attempts: Attempts, clock: Clock) -> None:
    left = _left(attempts, clock)
    if left > 0:
        raise UnlockBackoff(
            f"Too many wrong attempts. Wait {_describe(left)} before trying again.", left
        )


def _left(attempts: Attempts, clock: Clock) -> float:
    wait = delay_after(attempts.failures)
    # A clock set backwards must not lengthen the wait beyond one full delay.
    return max(0.0, min(wait, attempts.last_failure + wait - clock()))


def _read_all(directory: Path, *, expected: bool) -> Attempts | None:
    """Both copies agreeing in shape: the larger count. None when damaged or missing.

    ``expected``: the counter should exist (its lock file does), so its absence is deletion.
    """
    copies: list[Attempts | None] = []
    for name in FILE_NAMES:
        try:
            copies.append(_read_one(directory / name))
        except (OSError, _Damaged):
            return None
    present = [c for c in copies if c is not None]
    if not present:
        # A vault made before the counter existed has neither it nor its lock file.
        return None if expected else Attempts()
    if len(present) != len(copies):
        return None  # one copy deleted
    return max(present, key=lambda a: (a.failures, a.last_failure))


def _read_one(path: Path) -> Attempts | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    if len(raw) > 4096:
        raise _Damaged("too long")
    try:
        document = json.loads(raw)
    except ValueError:
        raise _Damaged("not JSON") from None
    if not isinstance(document, dict):
        raise _Damaged("not an object")
    failures, last = document.get("failures"), document.get("last_failure")
    if not isinstance(failures, int) or isinstance(failures, bool) or failures < 0:
        raise _Damaged("failures")
    if not isinstance(last, int | float) or isinstance(last, bool) or not math.isfinite(last):
        raise _Damaged("last_failure")
    return Attempts(min(failures, MAX_FAILURES), float(last))


def _write_or_refuse(directory: Path, attempts: Attempts) -> None:
    try:
        _write(directory, attempts)
    except StorageError as exc:
        raise StorageError(
            "The unlock attempt could not be recorded "
            f"({exc.reason or 'the disk refused the write'}), so it was refused. "
            "Free some space or fix the disk, then try again.",
            exc.reason,
        ) from None


def _write(directory: Path, attempts: Attempts) -> None:
    document = {"version": 1, "failures": attempts.failures, "last_failure": attempts.last_failure}
    data = json.dumps(document).encode()
    for name in FILE_NAMES:
        atomic_write(directory / name, data, what="the attempt counter")


def _remove_temporaries(directory: Path) -> None:
    for name in FILE_NAMES:
        for leftover in directory.glob(f".{name}.*.tmp"):
            with contextlib.suppress(OSError):
                os.unlink(leftover)


def _describe(seconds: float) -> str:
    whole = int(seconds + 0.999)
    if whole < 60:
        return f"{whole} second{'s' if whole != 1 else ''}"
    minutes = (whole + 59) // 60
    return f"{minutes} minute{'s' if minutes != 1 else ''}"

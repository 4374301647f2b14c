"""Unlock back-off: after three wrong attempts each further one waits twice as long.

The counter lives in ``unlock-attempts.json`` beside the key slots so that restarting the app
does not reset it. It holds counts and times only. There is never an auto-wipe.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from ncpi_field.atomic import atomic_write
from ncpi_field.errors import UnlockBackoff

FILE_NAME: Final = "unlock-attempts.json"
FREE_ATTEMPTS: Final = 3
MAX_DELAY_SECONDS: Final = 15 * 60

Clock = Callable[[], float]


@dataclass(frozen=True)
class Attempts:
    failures: int = 0
    last_failure: float = 0.0


def delay_after(failures: int) -> float:
    """Seconds to wait after ``failures`` consecutive wrong attempts: 0,0,0,2,4,8,... capped."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(2 ** (failures - FREE_ATTEMPTS + 1), MAX_DELAY_SECONDS))


def read(directory: Path) -> Attempts:
    try:
        document = json.loads((directory / FILE_NAME).read_text("utf-8"))
        return Attempts(int(document["failures"]), float(document["last_failure"]))
    except FileNotFoundError:
        return Attempts()
    except (OSError, ValueError, KeyError, TypeError):
        # A damaged counter must not become a way round the back-off: assume the worst.
        return Attempts(failures=FREE_ATTEMPTS + 4, last_failure=time.time())


def seconds_left(directory: Path, clock: Clock = time.time) -> float:
    attempts = read(directory)
    wait = delay_after(attempts.failures)
    # A clock set backwards must not lengthen the wait beyond one full delay.
    return max(0.0, min(wait, attempts.last_failure + wait - clock()))


def check(directory: Path, clock: Clock = time.time) -> None:
    """Raise ``UnlockBackoff`` if the next attempt must wait."""
    left = seconds_left(directory, clock)
    if left > 0:
        raise UnlockBackoff(
            f"Too many wrong attempts. Wait {_describe(left)} before trying again.", left
        )


def record_failure(directory: Path, clock: Clock = time.time) -> Attempts:
    attempts = Attempts(read(directory).failures + 1, clock())
    _write(directory, attempts)
    return attempts


def record_success(directory: Path) -> None:
    if read(directory).failures:
        _write(directory, Attempts())


def _write(directory: Path, attempts: Attempts) -> None:
    document = {"version": 1, "failures": attempts.failures, "last_failure": attempts.last_failure}
    atomic_write(directory / FILE_NAME, json.dumps(document).encode(), what="the attempt counter")


def _describe(seconds: float) -> str:
    whole = int(seconds + 0.999)
    if whole < 60:
        return f"{whole} second{'s' if whole != 1 else ''}"
    minutes = (whole + 59) // 60
    return f"{minutes} minute{'s' if minutes != 1 else ''}"

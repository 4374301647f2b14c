"""Advisory locks between processes: ``flock`` on a directory or on a lock file.

A lock is held by an open file description, so it is released when the process ends, however it
ends: a killed ``vault passwd`` never leaves the vault locked.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Final

POLL_SECONDS: Final = 0.02


class LockTimeout(Exception):
    """Another process held the lock for longer than the caller would wait."""


@contextlib.contextmanager
def locked_directory(directory: Path, *, wait: float) -> Iterator[None]:
    """Hold an exclusive lock on ``directory`` itself (no file is left behind)."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        _acquire(fd, wait)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


@contextlib.contextmanager
def locked_file(path: Path, *, wait: float) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created 0600 if absent; it is never removed)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
    try:
        _acquire(fd, wait)
        yield
    finally:
        os.close(fd)


def _acquire(fd: int, wait: float) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise LockTimeout from None
            time.sleep(POLL_SECONDS)

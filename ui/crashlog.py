"""Record internal errors for the developers without any field value in them."""

from __future__ import annotations

import contextlib
import os
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from ui.paths import log_dir

LOG_NAME = "errors.log"


def describe(exc: BaseException) -> str:
    """The exception's type and the code locations it passed through; no message, no locals.

    Messages are left out on purpose: a bug's message can quote a value it choked on.
    """
    frames = traceback.extract_tb(exc.__traceback__)
    lines = [f"{type(exc).__module__}.{type(exc).__qualname__}"]
    lines += [f"  {Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames]
    return "\n".join(lines)


def prepare(directory: Path | None = None) -> Path:
    """The log's path, its directory 0700 and the file 0600 whatever the umask (raises OSError)."""
    target_dir = directory or log_dir()
    target_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    if target_dir.stat().st_mode & 0o077:
        os.chmod(target_dir, 0o700)
    path = target_dir / LOG_NAME
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        os.fchmod(fd, 0o600)  # an older log made under a loose umask is tightened too
    finally:
        os.close(fd)
    return path


def record(exc: BaseException, directory: Path | None = None) -> Path | None:
    """Append one entry to the error log; returns its path, or None if it could not be written."""
    try:
        path = prepare(directory)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW)
        with contextlib.closing(os.fdopen(fd, "a", encoding="utf-8")) as handle:
            handle.write(f"[{stamp}] {describe(exc)}\n")
    except OSError:
        return None
    return path


def excepthook_message(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """What a person is told about a bug: an apology and where the log is."""
    exc.__traceback__ = tb
    path = record(exc)
    where = f" Details for the developers (no case data) are in {path}." if path else ""
    return f"Something went wrong inside NCPI Field ({exc_type.__name__}).{where}"

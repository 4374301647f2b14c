"""Issue 7 item 4: the error log is 0600 and its directory 0700, whatever the umask."""

from __future__ import annotations

import os
from pathlib import Path

from ui import crashlog, errors


def _bug() -> None:
    raise ValueError("a bug")


def test_errors_log_is_private_under_umask_zero(tmp_path: Path) -> None:
    directory = tmp_path / "logs"
    old = os.umask(0)
    try:
        try:
            _bug()
        except ValueError as exc:
            path = crashlog.record(exc, directory)
    finally:
        os.umask(old)
    assert path is not None
    assert path.stat().st_mode & 0o777 == 0o600
    assert directory.stat().st_mode & 0o777 == 0o700
    assert "builtins.ValueError" in path.read_text("utf-8")


def test_a_loose_existing_log_is_tightened(tmp_path: Path) -> None:
    directory = tmp_path / "logs"
    directory.mkdir(mode=0o777)
    directory.chmod(0o777)
    (directory / crashlog.LOG_NAME).write_text("")
    (directory / crashlog.LOG_NAME).chmod(0o666)
    old = os.umask(0)
    try:
        target = errors.configure_logging(directory)
    finally:
        os.umask(old)
        errors.stop_logging()
    assert target is not None
    assert target.stat().st_mode & 0o777 == 0o600
    assert directory.stat().st_mode & 0o777 == 0o700

"""Atomic file replacement: temp file, fsync, rename, fsync the directory."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from ncpi_field.errors import StorageError

_DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS, errno.EACCES}


def fsync_directory(directory: Path) -> None:
    """Make a rename inside ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def disk_reason(exc: OSError) -> str:
    """Why the disk refused, in words (never quoting content)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return "the disk is read-only"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission was denied"
    return f"the disk reported an error ({exc.strerror or exc.errno})"


def storage_error(exc: OSError, what: str) -> StorageError:
    """Turn an OSError into a message a person can act on (never quoting content)."""
    reason = disk_reason(exc)
    return StorageError(f"Could not save {what}: {reason}. Nothing was changed.", reason)


def atomic_write(path: Path, data: bytes, *, what: str = "the file") -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file, whole."""
    directory = path.parent
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        fsync_directory(directory)
    except OSError as exc:
        raise storage_error(exc, what) from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def is_disk_error(exc: BaseException) -> bool:
    """True for OS errors that mean the disk, not the program, failed."""
    return isinstance(exc, OSError) and exc.errno in _DISK_ERRNOS

"""Read a file a person named, in bounded time and memory: a regular file, and not too big.

``Path.read_bytes`` reads everything before a size limit can apply (a 3 GB sparse file took
24 s and 3.1 GB of memory) and never returns on /dev/zero or a FIFO with no writer. This
opens without blocking, checks the file type and size first, and reads at most limit + 1
bytes, so a file that grows while being read is caught too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ncpi_field.errors import UserError


class FileRefused(UserError):
    """The file is not a regular file, is too large, or cannot be read. Says which, plainly."""


def read_limited(path: Path, limit: int, *, what: str = "The file") -> bytes:
    """The bytes of regular file ``path``; FileRefused if it is anything else or over ``limit``."""
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FileRefused(f"{what} could not be read ({exc.strerror or 'error'}).") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(
                f"{what} is not a regular file (it is {_kind(info.st_mode)}), so it was not read."
            )
        if info.st_size > limit:
            raise FileRefused(_too_large(what, limit))
        data = _read_up_to(descriptor, limit + 1)
    except OSError as exc:
        raise FileRefused(f"{what} could not be read ({exc.strerror or 'error'}).") from None
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise FileRefused(_too_large(what, limit))
    return data


def _read_up_to(descriptor: int, count: int) -> bytes:
    chunks: list[bytes] = []
    left = count
    while left > 0:
        chunk = os.read(descriptor, min(left, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def _too_large(what: str, limit: int) -> str:
    size = f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit} bytes"
    return f"{what} is larger than {size}, so it was not read."

"""Sealing and opening a bundle's payload as export and import do, against Cobblestone alone.

``ROWS_JSON ROUNDS``: the payload is the framed version entries of ``rows.json`` (built by
``sync_build.py``), framed once before timing. The subject makes the calls the export makes
(``Cobblestone256Encryptor.update`` once a frame, then ``finalize``) and the import makes
(``Cobblestone256Decryptor.update`` once a 1 MiB chunk); the baseline seals and opens the same
bytes in one ``update`` each. Also timed (shown, not judged): the subject plus the SHA-512 the
export and import run over the same sealed bytes for the signature. Rounds alternate which side
goes first. Prints seconds per side and round, and the payload's size (JSON).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.cobblestone import Cobblestone256Decryptor, Cobblestone256Encryptor

from sync import bundle_format
from sync.bundle_import import CHUNK

CONTEXT = hashlib.sha256(b"benchmark payload context").digest()


def entries(rows: list[list[Any]]) -> list[dict[str, Any]]:
    """The version entries the export writes for these rows (bundle_export._version_entries)."""
    return [
        {
            "kind": "version",
            "version_id": row[0],
            "record_id": row[1],
            "parents": [],
            "form_id": row[2],
            "form_version": row[3],
            "author_device": row[4],
            "hlc": row[5],
            "status": row[6],
            "tombstone": bool(row[7]),
            "answers": json.loads(row[8]),
            "saved_at": row[9],
        }
        for row in rows
    ]


def seal_as_export(key: bytes, frames: list[bytes], digest: bool) -> bytes:
    encryptor = Cobblestone256Encryptor(key, CONTEXT)
    whole = hashlib.sha512()
    out = []
    for framed in frames:
        sealed = encryptor.update(framed)
        if digest:
            whole.update(sealed)
        out.append(sealed)
    out.append(encryptor.finalize())
    return b"".join(out)


def open_as_import(key: bytes, sealed: bytes, digest: bool) -> int:
    decryptor = Cobblestone256Decryptor(key, CONTEXT)
    whole = hashlib.sha512()
    opened = 0
    view = memoryview(sealed)
    for start in range(0, len(sealed), CHUNK):
        chunk = view[start : start + CHUNK]
        if digest:
            whole.update(chunk)
        opened += len(decryptor.update(chunk))
    return opened + len(decryptor.finalize())


def seal_alone(key: bytes, plain: bytes) -> bytes:
    encryptor = Cobblestone256Encryptor(key, CONTEXT)
    return encryptor.update(plain) + encryptor.finalize()


def open_alone(key: bytes, sealed: bytes) -> int:
    decryptor = Cobblestone256Decryptor(key, CONTEXT)
    return len(decryptor.update(sealed) + decryptor.finalize())


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def main() -> None:
    rows = [row for bundle in json.loads(Path(sys.argv[1]).read_text()) for row in bundle]
    rounds = int(sys.argv[2])
    frames = [bundle_format.frame(entry) for entry in entries(rows)]
    plain = b"".join(frames)
    key = os.urandom(32)
    sealed = seal_alone(key, plain)
    assert seal_as_export(key, frames, digest=False) != sealed
    assert open_as_import(key, sealed, digest=True) == len(plain)
    sides: dict[str, Callable[[], object]] = {
        "seal": lambda: seal_as_export(key, frames, digest=False),
        "seal_alone": lambda: seal_alone(key, plain),
        "seal_hashed": lambda: seal_as_export(key, frames, digest=True),
        "open": lambda: open_as_import(key, sealed, digest=False),
        "open_alone": lambda: open_alone(key, sealed),
        "open_hashed": lambda: open_as_import(key, sealed, digest=True),
    }
    times: dict[str, list[float]] = {name: [] for name in sides}
    names = list(sides)
    for name in names:  # warm-up
        sides[name]()
    for i in range(rounds):
        for name in names if i % 2 == 0 else reversed(names):
            times[name].append(timed(sides[name]))
    print(json.dumps({"bytes": len(plain), "frames": len(frames), **times}))


if __name__ == "__main__":
    main()

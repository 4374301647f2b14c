"""Durable save of one version against a plain SQLite insert+commit of the same row."""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sqlcipher3

from ncpi_field import database
from ncpi_field.service import create_vault

SAVES = 400
ANSWERS = {f"q{i:02d}": "x" * 40 for i in range(30)}  # about 1.5 KB as JSON


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def plain_sqlite(directory: Path) -> list[float]:
    connection = sqlite3.connect(directory / "plain.db", isolation_level=None)
    return _insert_rows(connection, ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL"))


def sqlcipher_row(directory: Path) -> list[float]:
    """The same single-row insert, encrypted, with the pragmas every vault connection sets."""
    connection = sqlcipher3.connect(str(directory / "cipher.db"), isolation_level=None)
    connection.execute(f"PRAGMA key = \"x'{os.urandom(32).hex()}'\"")
    return _insert_rows(connection, database._SETTERS)


def _insert_rows(connection: Any, pragmas: Sequence[str]) -> list[float]:
    for pragma in pragmas:
        connection.execute(pragma)
    connection.execute("CREATE TABLE versions (id TEXT PRIMARY KEY, record TEXT, answers TEXT)")
    body = json.dumps(ANSWERS)
    timings = []
    for _ in range(SAVES):
        start = time.perf_counter()
        connection.execute("BEGIN")
        connection.execute(
            "INSERT INTO versions VALUES (?, ?, ?)", (str(uuid.uuid4()), str(uuid.uuid4()), body)
        )
        connection.execute("COMMIT")
        timings.append(time.perf_counter() - start)
    connection.close()
    return timings


def vault_saves(directory: Path) -> list[float]:
    vault, _ = create_vault(directory / "vault", "benchmark passphrase")
    record = vault.put_draft("observation", ANSWERS).version.record_id
    timings = []
    for i in range(SAVES):
        # Alternate new records and new versions of one record: both are everyday saves.
        start = time.perf_counter()
        vault.put_draft("observation", ANSWERS, record_id=record if i % 2 else None)
        timings.append(time.perf_counter() - start)
    vault.lock()
    return timings


def main() -> int:
    print(f"answers: {len(json.dumps(ANSWERS))} bytes of JSON; {SAVES} saves each")
    with tempfile.TemporaryDirectory() as tmp:
        plain = plain_sqlite(Path(tmp))
        cipher = sqlcipher_row(Path(tmp))
        ours = vault_saves(Path(tmp))
        fsync = fsync_cost(Path(tmp))
    print(f"one fsync of 4 KiB on this disk: median {fsync * 1000:.3f} ms")
    print(f"{'':8}{'plain SQLite':>14}{'SQLCipher row':>15}{'vault save':>14}{'vs plain':>10}")
    for name, pick in (("median", statistics.median), ("p99", _p99)):
        base, mid, value = pick(plain), pick(cipher), pick(ours)
        print(
            f"{name:8}{base * 1000:>12.3f}ms{mid * 1000:>13.3f}ms{value * 1000:>12.3f}ms"
            f"{value / base:>10.2f}"
        )
    ratio = statistics.median(ours) / statistics.median(plain)
    print(f"target: median at most 1.5x plain SQLite -> {'met' if ratio <= 1.5 else 'NOT met'}")
    print(
        "  of which encryption with the required pragmas (cipher_memory_security, secure_delete)"
        f" alone: {statistics.median(cipher) / statistics.median(plain):.2f}x"
    )
    return 0


def _p99(samples: list[float]) -> float:
    return percentile(samples, 0.99)


def fsync_cost(directory: Path) -> float:
    """What durability costs here: where fsync is nearly free, CPU work dominates the ratio."""
    timings = []
    fd = os.open(directory / "fsync.probe", os.O_CREAT | os.O_WRONLY)
    try:
        for _ in range(100):
            os.write(fd, b"x" * 4096)
            start = time.perf_counter()
            os.fsync(fd)
            timings.append(time.perf_counter() - start)
    finally:
        os.close(fd)
    return statistics.median(timings)


if __name__ == "__main__":
    sys.exit(main())

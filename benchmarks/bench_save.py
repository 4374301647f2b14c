"""Durable save of one version against a plain SQLite insert+commit of the same row."""

from __future__ import annotations

import json
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from ncpi_field.records import Draft
from ncpi_field.vault import Vault

SAVES = 400
ANSWERS = {f"q{i:02d}": "x" * 40 for i in range(30)}  # about 1.5 KB as JSON


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def plain_sqlite(directory: Path) -> list[float]:
    connection = sqlite3.connect(directory / "plain.db", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
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
    vault, _ = Vault.create(directory / "vault", "benchmark passphrase")
    record = vault.save(Draft(form_id="observation", answers=ANSWERS)).record_id
    timings = []
    for i in range(SAVES):
        # Alternate new records and new versions of one record: both are everyday saves.
        draft = Draft("observation", ANSWERS, record_id=record if i % 2 else None)
        start = time.perf_counter()
        vault.save(draft)
        timings.append(time.perf_counter() - start)
    vault.lock()
    return timings


def main() -> int:
    print(f"answers: {len(json.dumps(ANSWERS))} bytes of JSON; {SAVES} saves each")
    with tempfile.TemporaryDirectory() as tmp:
        plain = plain_sqlite(Path(tmp))
        ours = vault_saves(Path(tmp))
    rows = [
        ("median", statistics.median(plain), statistics.median(ours)),
        ("p99", percentile(plain, 0.99), percentile(ours, 0.99)),
    ]
    print(f"{'':8}{'plain SQLite':>14}{'vault save':>14}{'ratio':>8}")
    for name, base, value in rows:
        print(f"{name:8}{base * 1000:>12.3f}ms{value * 1000:>12.3f}ms{value / base:>8.2f}")
    ratio = rows[0][2] / rows[0][1]
    print(f"target: median at most 1.5x plain SQLite -> {'met' if ratio <= 1.5 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

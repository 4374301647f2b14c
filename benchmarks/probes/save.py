"""Saving a complete case audit from a live form state, against a plain SQLite durable insert.

``DIR SAVES``. Both write the same bytes (the canonical JSON of the answers), one row per
transaction, with WAL and synchronous=FULL; they alternate save by save, so drift in the cost
of an fsync hits both alike. Prints JSON: wall and CPU seconds per save, for each side.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import sqlcipher3

from benchmarks.case_audit import live_state
from ncpi_field import database
from ncpi_field.records import canonical_answers
from ncpi_field.service import VaultService, create_vault
from ncpi_field.xlsform.evaluate import FormState


def save_from_live_state(vault: VaultService, state: FormState) -> None:
    """THE PATH MEASURED: the open form's state saved as a complete record, as the app saves it
    (the service validates it, applies the PII rules and writes one transaction)."""
    vault.complete(state.spec.form_id, state)


def main() -> None:
    directory, saves = Path(sys.argv[1]), int(sys.argv[2])
    state = live_state()
    body = canonical_answers(state.stored_answers())
    plain = sqlite3.connect(directory / "plain.db", isolation_level=None)
    for pragma in ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL"):
        plain.execute(pragma)
    plain.execute("CREATE TABLE versions (id TEXT PRIMARY KEY, record TEXT, answers TEXT)")
    # The floor the vault stands on: the same one-row insert into SQLCipher, keyed, with the
    # pragmas every vault connection must set (cipher_memory_security, secure_delete, ...).
    cipher = sqlcipher3.connect(str(directory / "cipher.db"), isolation_level=None)
    cipher.execute(f"PRAGMA key = \"x'{os.urandom(32).hex()}'\"")
    for pragma in database._SETTERS:
        cipher.execute(pragma)
    cipher.execute("CREATE TABLE versions (id TEXT PRIMARY KEY, record TEXT, answers TEXT)")
    vault, _code = create_vault(directory / "vault", "benchmark passphrase")
    save_from_live_state(vault, state)  # the first save also keeps the form: warm both paths
    timings: dict[str, dict[str, list[float]]] = {
        side: {"wall": [], "cpu": []} for side in ("plain", "cipher", "vault")
    }

    def insert(connection: Any) -> None:
        connection.execute("BEGIN")
        connection.execute(
            "INSERT INTO versions VALUES (?, ?, ?)", (str(uuid.uuid4()), str(uuid.uuid4()), body)
        )
        connection.execute("COMMIT")

    actions = {
        "plain": lambda: insert(plain),
        "cipher": lambda: insert(cipher),
        "vault": lambda: save_from_live_state(vault, state),
    }
    for i in range(saves):
        order = ("plain", "cipher", "vault") if i % 2 else ("vault", "cipher", "plain")
        for side in order:
            wall, cpu = time.perf_counter(), time.thread_time()
            actions[side]()
            timings[side]["cpu"].append(time.thread_time() - cpu)
            timings[side]["wall"].append(time.perf_counter() - wall)
    vault.lock()
    plain.close()
    cipher.close()
    print(json.dumps({"bytes": len(body.encode()), **timings}))


if __name__ == "__main__":
    main()

"""Saving a complete case audit from a live form state, against a plain SQLite durable insert.

``DIR SAVES``. Both write the same bytes (the canonical JSON of the answers), one row per
transaction, with WAL and synchronous=FULL; they alternate save by save, so drift in the cost
of an fsync hits both alike. Prints JSON: wall and CPU seconds per save, for each side.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
import uuid
from pathlib import Path

from benchmarks.case_audit import live_state
from ncpi_field.records import Draft, canonical_answers
from ncpi_field.vault import Vault
from ncpi_field.xlsform.evaluate import FormState


def save_from_live_state(vault: Vault, state: FormState) -> None:
    """THE PATH MEASURED: the open form's state saved as a complete record.

    LEAD: repoint this at the service's save-from-live-state method once it exists (e.g.
    ``service.complete(state)``), so the figure measures what the app calls.
    """
    spec = state.spec
    vault.save(
        Draft(
            form_id=spec.form_id,
            answers=state.stored_answers(),
            status="complete",
            form_version=spec.version,
        )
    )


def main() -> None:
    directory, saves = Path(sys.argv[1]), int(sys.argv[2])
    state = live_state()
    body = canonical_answers(state.stored_answers())
    plain = sqlite3.connect(directory / "plain.db", isolation_level=None)
    for pragma in ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL"):
        plain.execute(pragma)
    plain.execute("CREATE TABLE versions (id TEXT PRIMARY KEY, record TEXT, answers TEXT)")
    vault, _code = Vault.create(directory / "vault", "benchmark passphrase")
    save_from_live_state(vault, state)  # the first save stores nothing extra; warm both paths
    timings: dict[str, dict[str, list[float]]] = {
        side: {"wall": [], "cpu": []} for side in ("plain", "vault")
    }

    def plain_insert() -> None:
        plain.execute("BEGIN")
        plain.execute(
            "INSERT INTO versions VALUES (?, ?, ?)", (str(uuid.uuid4()), str(uuid.uuid4()), body)
        )
        plain.execute("COMMIT")

    actions = {"plain": plain_insert, "vault": lambda: save_from_live_state(vault, state)}
    for i in range(saves):
        order = ("plain", "vault") if i % 2 else ("vault", "plain")
        for side in order:
            wall, cpu = time.perf_counter(), time.thread_time()
            actions[side]()
            timings[side]["cpu"].append(time.thread_time() - cpu)
            timings[side]["wall"].append(time.perf_counter() - wall)
    vault.lock()
    plain.close()
    print(json.dumps({"bytes": len(body.encode()), **timings}))


if __name__ == "__main__":
    main()

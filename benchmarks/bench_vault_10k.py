"""A vault of 10,000 records: unlock plus list with titles, and peak memory, in a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RECORDS = 10_000
PASSPHRASE = "benchmark passphrase"  # noqa: S105 - a throwaway vault

MEASURE = """
import json, resource, sys, time
from pathlib import Path
from ncpi_field import keyslots, records, vault as vault_module
from ncpi_field.vault import Vault

directory = Path(sys.argv[1])
start = time.perf_counter()
slots = keyslots.load(directory / vault_module.KEYSLOTS_NAME)
keyslots.unwrap(slots.slot("passphrase"), sys.argv[2], slots.vault_id)
kdf = time.perf_counter() - start

start = time.perf_counter()
vault = Vault.unlock(directory, sys.argv[2])
with vault.session() as session:
    listed = records.list_records(session)
titles = sum(1 for r in listed if r.title)
total = time.perf_counter() - start
vault.lock()
print(json.dumps({"kdf": kdf, "unlock_and_list": total, "listed": len(listed), "titles": titles,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

BASELINE = """
import json, resource, sqlite3, sys, time
start = time.perf_counter()
connection = sqlite3.connect(sys.argv[1])
rows = connection.execute("SELECT id, title FROM records ORDER BY created").fetchall()
total = time.perf_counter() - start
print(json.dumps({"list": total, "listed": len(rows),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


# Built in its own process: Linux carries a parent's peak RSS across fork and exec, so a
# parent that built the vault would inflate every child's reading.
BUILD = """
import sys
from pathlib import Path
from ncpi_field import records
from ncpi_field.records import Draft
from ncpi_field.vault import Vault

vault, _ = Vault.create(Path(sys.argv[1]), sys.argv[2])
answers = {f"q{i:02d}": "x" * 40 for i in range(30)}
# One transaction per 1,000 records: building is not what is measured.
for batch in range(int(sys.argv[3]) // 1000):
    with vault.write_transaction("benchmark records") as cursor:
        for i in range(1000):
            ref = {"audit_ref": f"CA-{batch * 1000 + i:05d}"}
            draft = Draft(form_id="case_audit", answers={**answers, **ref})
            records.save(cursor, draft, vault.identity.device_id, vault._clock)
vault.lock()
print("{}")
"""


def build_plain(path: Path) -> None:
    import sqlite3  # noqa: PLC0415

    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE records (id TEXT PRIMARY KEY, title TEXT, created TEXT)")
    connection.executemany(
        "INSERT INTO records VALUES (?, ?, ?)",
        [(f"id-{i}", f"CA-{i:05d}", f"{i:013d}") for i in range(RECORDS)],
    )
    connection.commit()
    connection.close()


def run(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        run(BUILD, str(Path(tmp) / "vault"), PASSPHRASE, str(RECORDS))
        print(f"built {RECORDS} records in {time.perf_counter() - start:.1f}s")
        build_plain(Path(tmp) / "plain.db")
        ours = run(MEASURE, str(Path(tmp) / "vault"), PASSPHRASE)
        plain = run(BASELINE, str(Path(tmp) / "plain.db"))
    without_kdf = ours["unlock_and_list"] - ours["kdf"]
    print(f"Argon2id key derivation (reported on its own): {ours['kdf'] * 1000:.0f} ms")
    print(
        f"unlock + list {int(ours['listed'])} records with titles, KDF excluded: "
        f"{without_kdf * 1000:.0f} ms  (target < 1000 ms: "
        f"{'met' if without_kdf < 1 else 'NOT met'})"
    )
    print(
        f"plain SQLite listing of the same titles: {plain['list'] * 1000:.1f} ms "
        f"-> ratio {without_kdf / plain['list']:.1f}x"
    )
    print(
        f"peak RSS: {ours['peak_rss_mb']:.0f} MB (plain SQLite process "
        f"{plain['peak_rss_mb']:.0f} MB; target < 150 MB: "
        f"{'met' if ours['peak_rss_mb'] < 150 else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

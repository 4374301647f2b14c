"""Build a vault of N case-audit records quickly (one transaction per 1,000): ``DIR N``.

Run in its own process so the building never inflates a measured process's peak RSS.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ncpi_field import records
from ncpi_field.records import Draft
from ncpi_field.vault import Vault

directory, count, passphrase = Path(sys.argv[1]), int(sys.argv[2]), sys.stdin.readline().strip()
vault, _code = Vault.create(directory, passphrase)
answers = {f"q{i:02d}": "x" * 40 for i in range(30)}  # about 1.5 KB of JSON a version
for start in range(0, count, 1000):
    with vault.write_transaction("benchmark records") as cursor:
        for i in range(start, min(count, start + 1000)):
            draft = Draft(form_id="case_audit", answers={**answers, "audit_ref": f"CA-{i:05d}"})
            records.save(cursor, draft, vault.identity.device_id, vault.clock)
vault.lock()

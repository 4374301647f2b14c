"""Build a vault of N demo-sized records (the demo inspection's, repeated): ``DIR N``.

Each record is a copy of one of the demo inspection's records (case audits, reality tests,
observations, debriefs, about 3.7 KB of answers a case audit) under its own reference, saved
with ``records.save`` a thousand to a transaction, so 10,000 build in seconds.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ncpi_field import formstore, records
from ncpi_field.demo.inspection import generate_inspection
from ncpi_field.demo.model import FORM_IDS
from ncpi_field.records import Draft
from ncpi_field.vault import Vault

directory, count, passphrase = Path(sys.argv[1]), int(sys.argv[2]), sys.stdin.readline().strip()
forms = {form_id: formstore.installed_spec(form_id) for form_id in FORM_IDS}
demo = generate_inspection(1, forms=forms, now=dt.datetime(2026, 3, 6, 17))
vault, _code = Vault.create(directory, passphrase)
for start in range(0, count, 1000):
    with vault.write_transaction("benchmark records") as cursor:
        for i in range(start, min(count, start + 1000)):
            made = demo[i % len(demo)]
            spec = forms[made.form_id]
            answers = dict(made.answers)
            if spec.title_field:
                answers[spec.title_field] = f"{made.ref}-{i:05d}"
            draft = Draft(
                form_id=made.form_id,
                answers=answers,
                status=made.status,
                form_version=spec.version,
                validated_against=spec.sha256,
                title_field=spec.title_field,
            )
            records.save(cursor, draft, vault.identity.device_id, vault.clock)
vault.lock()

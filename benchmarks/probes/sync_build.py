"""Sync figures' inputs, built once: ``DIR BUNDLES PER_BUNDLE EXPORT BIG_MB`` (stdin: passphrase).

A team of three vaults, as tests/sync/conftest.py sets one up: ``receiver`` is the lead and
trusts ``sender`` and ``big``, who trust it back. ``sender`` gets BUNDLES batches of
PER_BUNDLE complete case audits and after
each batch exports an incremental bundle to ``receiver`` (``bundles/NN.bundle``); after
EXPORT versions it is copied closed to ``export-vault`` (the export figure's input).
Every audit has its own reference and its own free text (``case_audit.varied_case_audit``:
a sentence of words in the case summary and the grade rationale), so no memo of a text or of
an answer set flatters the import. Each batch's first version goes through
``VaultService.add_records`` (checked, form stored); the rest are saved with ``records.save``
in one transaction, as ``probes/build.py`` does, since checking 30,000 audits here would take
minutes: ``tests/sync/test_benchmark_inputs.py`` proves every variant passes the form's
checks and the PII rules as stored (and the import checks each one again, refusing the
bundle otherwise).
``big`` holds drafts of about BIG_MB MB in all (long evidence statements). ``receiver`` is
left closed as the template each import copies. ``rows.json`` holds the versions of each
bundle as plain rows, for the plain SQLite baseline. Prints the sizes it made (JSON).

Run in its own process so the building never inflates a measured process's peak RSS.
"""

from __future__ import annotations

import json
import shutil
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.case_audit import complete_case_audit, varied_case_audit
from ncpi_field import formstore, records
from ncpi_field.records import Draft, RecordId, Status
from ncpi_field.service import NewRecord, VaultService, create_vault, unlock_vault
from sync import bundle_export, team

BIG_STATEMENT = 100_000  # characters of evidence statement in one big draft
# Plain words only: the PII rules must find nothing to warn about in the filler.
FILLER = "the staff member described the referral route and the review that followed. "


def team_of(root: Path, passphrase: str) -> dict[str, VaultService]:
    names = ("receiver", "sender", "big")
    services = {name: create_vault(root / name, passphrase)[0] for name in names}
    team.become_lead(services["receiver"])
    for name, service in services.items():
        team.export_key(service, root / f"{name}.key")
    for member in names[1:]:
        team.trust(services["receiver"], root / f"{member}.key")
        team.trust(services[member], root / "receiver.key")
    return services


def copy_closed(root: Path, service: VaultService, name: str, target: str, pw: str) -> VaultService:
    service.lock()
    shutil.copytree(root / name, root / target)
    return unlock_vault(root / name, pw)


def version_rows(service: VaultService, ids: list[str]) -> list[list[Any]]:
    with service.vault.session() as session:
        cursor = session.connection().connection.cursor()
        marks = ",".join("?" * len(ids))
        rows = cursor.execute(
            "SELECT version_id, record_id, form_id, form_version, author_device, hlc, status,"  # noqa: S608 - placeholders only
            f" tombstone, answers, saved_at FROM versions WHERE version_id IN ({marks})"
            " ORDER BY hlc",
            ids,
        ).fetchall()
        return [list(row) for row in rows]


def saved(
    service: VaultService,
    form_id: str,
    answers: Callable[[int], dict[str, Any]],
    status: Status,
    numbers: range,
) -> list[str]:
    """A version for each of ``numbers``: the first checked by the service, the rest saved as
    they stand (``answers(n)`` must be what a checked save stores)."""
    first = NewRecord(RecordId(str(uuid.uuid4())), form_id, answers(numbers[0]), status)
    ids: list[str] = list(service.add_records([first]).versions)
    spec = formstore.installed_spec(form_id)
    vault, device = service.vault, service.identity.device_id
    with vault.write_transaction("benchmark records") as cursor:
        for number in numbers[1:]:
            draft = Draft(
                form_id=form_id,
                answers=answers(number),
                status=status,
                form_version=spec.version,
                validated_against=spec.sha256 if status == "complete" else "",
                title_field=spec.title_field,
            )
            ids.append(records.save(cursor, draft, device, vault.clock).version_id)
    return ids


def main() -> None:
    root = Path(sys.argv[1])
    bundles, per, export_at, big_mb = (int(a) for a in sys.argv[2:6])
    passphrase = sys.stdin.readline().strip()
    root.mkdir(parents=True, exist_ok=True)
    (root / "bundles").mkdir()
    services = team_of(root, passphrase)
    _spec, answers = complete_case_audit()
    sender = services["sender"]
    rows: list[list[list[Any]]] = []
    made = 0
    for n in range(bundles):
        audits = range(n * per, (n + 1) * per)
        ids = saved(sender, "case_audit", lambda i: varied_case_audit(answers, i), "complete",
                    audits)  # fmt: skip
        rows.append(version_rows(sender, ids))
        made += per
        bundle_export.export_bundle(sender, root / "bundles" / f"{n:02d}.bundle")
        if made == export_at:
            sender = copy_closed(root, sender, "sender", "export-vault", passphrase)
    if made < export_at:
        sender = copy_closed(root, sender, "sender", "export-vault", passphrase)
    (root / "rows.json").write_text(json.dumps(rows))
    big = services["big"]
    statement = (FILLER * (BIG_STATEMENT // len(FILLER) + 1))[:BIG_STATEMENT]
    count = max(1, big_mb * 1_000_000 // BIG_STATEMENT)
    for start in range(0, count, 500):
        draft = {"obs_ref": "OBS-1", "evidence_statement": statement}
        numbers = range(start, min(start + 500, count))
        saved(big, "observation", lambda _n, draft=draft: draft, "draft", numbers)
    for service in (sender, big, services["receiver"]):
        service.lock()
    sizes = sorted(p.stat().st_size for p in (root / "bundles").iterdir())
    print(json.dumps({"bundles": len(sizes), "bundle_bytes": sum(sizes), "big_drafts": count}))


if __name__ == "__main__":
    main()

"""A team whose lead has two inspectors' bundles to import that conflict, built through the
core with the sync tests' helpers (tests/sync/team_helpers.py and sync_helpers.py).

Alice writes an observation; it reaches Bob through the lead; then each changes its
significance their own way and exports a bundle for the lead: a hard conflict once the lead
imports both.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ncpi_field.service import VaultService, create_vault, unlock_vault
from sync import team
from tests.sync.sync_helpers import export, import_one
from tests.sync.team_helpers import PASSPHRASE

NAMES = ("lead", "alice", "bob")
FIELD = "significance"


def build_team(root: Path) -> None:
    """Three vaults that trust each other as a lead and two inspectors, locked."""
    services = {name: create_vault(root / name, PASSPHRASE)[0] for name in NAMES}
    team.become_lead(services["lead"])
    for name, service in services.items():
        team.export_key(service, root / f"{name}.key")
    for member in NAMES[1:]:
        team.trust(services["lead"], root / f"{member}.key")
        team.trust(services[member], root / "lead.key")
    for service in services.values():
        service.lock()


def copy_team(template: Path, root: Path) -> Path:
    shutil.copytree(template, root)
    return root


def open_vault(root: Path, name: str) -> VaultService:
    return unlock_vault(root / name, PASSPHRASE)


def conflicting_bundles(root: Path, count: int = 1) -> tuple[Path, Path, str]:
    """Alice's and Bob's bundles for the lead, and the (first) record they disagree on.

    ``count`` observations are written and disagreed on: OBS-7, OBS-8, …
    """
    lead, alice, bob = (open_vault(root, name) for name in NAMES)
    try:
        ids = [
            alice.put_draft(
                "observation",
                {"obs_ref": f"OBS-{7 + n}", "obs_type": "focus_group", FIELD: "low"},
            ).version.record_id
            for n in range(count)
        ]
        import_one(lead, export(alice, root / "alice-0.bundle"))
        import_one(bob, export(lead, root / "lead-0.bundle", full=True))
        for service, value in ((alice, "medium"), (bob, "high")):
            for record_id in ids:
                head = service.record(record_id).heads[0]
                service.put_draft(
                    "observation",
                    {**head.answers, FIELD: value},
                    record_id=record_id,
                    parents=[head.version_id],
                )
        a = export(alice, root / "alice-1.bundle")
        b = export(bob, root / "bob-1.bundle")
    finally:
        for service in (lead, alice, bob):
            service.lock()
    return a, b, ids[0]

"""SECURITY.md tests 6 and 7 for bundles: six bundles from three devices, in every order.

Overlapping edits, a deletion and a resolution travel in six bundles (two from each of three
inspectors) to the lead. All 720 orders of their versions give one state digest (the union
law, on the versions exactly as the bundles carry them); a sample of orders goes through the
whole import, which gives that same digest; and no version is lost.
"""

from __future__ import annotations

import itertools
import random
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool
from sync_helpers import draft, export, import_one, payload_plaintext
from team_helpers import PASSPHRASE, Team

from ncpi_field import records
from ncpi_field.models import Base
from ncpi_field.records import Version
from ncpi_field.service import VaultService, unlock_vault
from sync import team
from sync.bundle_format import FrameReader
from sync.version_check import FormLookup, version_entry


def _to(service: VaultService, path: Path, *devices: VaultService) -> Path:
    return export(service, path, to=[d.identity.device_id for d in devices])


def _six_bundles(t: Team, out: Path) -> list[Path]:
    """Two bundles from each of Alice, Bob and Carol to the lead (who imports none of them)."""
    team.trust(t.alice, t.key("bob"))
    team.trust(t.alice, t.key("carol"))
    team.trust(t.bob, t.key("alice"))
    team.trust(t.carol, t.key("alice"))
    shared = t.alice.put_draft("observation", {"obs_ref": "shared"}).version.record_id
    doomed = t.carol.put_draft("observation", {"obs_ref": "doomed"}).version.record_id
    a1, c1 = _to(t.alice, out / "a1", t.lead), _to(t.carol, out / "c1", t.lead)
    import_one(t.bob, _to(t.alice, out / "side-bob", t.bob))
    import_one(t.carol, _to(t.alice, out / "side-carol", t.carol))
    draft(t.bob, "bob's edit", record_id=shared)
    b1 = _to(t.bob, out / "b1", t.lead)
    draft(t.alice, "alice's edit", record_id=shared)  # concurrent with Bob's
    t.carol.delete(doomed)
    c2 = _to(t.carol, out / "c2", t.lead)
    import_one(t.alice, _to(t.bob, out / "side-alice", t.alice))
    heads = [v.version_id for v in t.alice.record(shared).heads]
    assert len(heads) == 2
    t.alice.put_draft("observation", {"obs_ref": "resolved"}, record_id=shared, parents=heads)
    a2 = _to(t.alice, out / "a2", t.lead)
    draft(t.bob, "bob's new record")
    b2 = _to(t.bob, out / "b2", t.lead)
    return [a1, c1, b1, c2, a2, b2]


def _versions(lead: VaultService, bundle: Path) -> list[tuple[Version, str]]:
    """The versions a bundle carries, checked as the import checks them."""
    reader = FrameReader()
    with lead.vault.session() as session:
        forms = FormLookup(records.cursor_of(session))
        found = []
        for entry in reader.feed(payload_plaintext(lead, bundle)):
            if entry["kind"] == "version":
                version, answers_json, _spec = version_entry(entry, forms)
                found.append((version, answers_json))
    return found


def _union_digest(session: Session, batches: tuple[list[tuple[Version, str]], ...]) -> str:
    cursor = records.cursor_of(session)
    for table in ("heads", "version_parents", "versions", "records"):
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
    for batch in batches:
        for version, answers_json in batch:
            records.add(cursor, version, answers_json)
    return records.state_digest(session)


@pytest.fixture
def six(team_vaults: Team, tmp_path: Path) -> list[Path]:
    return _six_bundles(team_vaults, tmp_path)


def test_every_order_of_six_bundles_gives_one_state(team_vaults: Team, six: list[Path]) -> None:
    # Checking versions outside an import reads their forms from the lead: import one first.
    with team_vaults.lead.vault.session() as session:
        assert records.counts(session).versions == 0
    import_one(team_vaults.lead, six[0])
    batches = [_versions(team_vaults.lead, b) for b in six]
    engine = create_engine("sqlite://", poolclass=StaticPool)
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        digests = {_union_digest(session, order) for order in itertools.permutations(batches)}
    engine.dispose()
    assert len(digests) == 1
    for bundle in six[1:]:
        import_one(team_vaults.lead, bundle)
    assert team_vaults.lead.status().state_digest in digests


@pytest.mark.slow
def test_sampled_orders_import_whole_to_one_state_and_lose_nothing(
    team_vaults: Team, six: list[Path], tmp_path: Path
) -> None:
    team_vaults.lead.lock()
    pristine = team_vaults.root / "lead"
    orders = list(itertools.permutations(range(6)))
    sample = [orders[0], orders[-1], *random.Random(6).sample(orders[1:-1], 14)]
    digests = set()
    carried: set[str] = set()
    for n, order in enumerate(sample):
        copy = tmp_path / f"lead-{n}"
        shutil.copytree(pristine, copy)
        lead = unlock_vault(copy, PASSPHRASE)
        try:
            for index in order:
                import_one(lead, six[index])
            if not carried:
                carried = {v.version_id for b in six for v, _ in _versions(lead, b)}
            digests.add(lead.status().state_digest)
            with lead.vault.session() as session:
                rows = session.connection().exec_driver_sql("SELECT version_id FROM versions")
                stored = {row[0] for row in rows}
            assert carried <= stored  # SECURITY.md 7: no loss
            shared = [r for r in lead.list_records() if r.title == "resolved"]
            assert len(shared) == 1
            assert not shared[0].in_conflict
            assert any(r.deleted for r in lead.list_records(include_deleted=True))
        finally:
            lead.lock()
    assert len(digests) == 1
    assert len(carried) >= 7

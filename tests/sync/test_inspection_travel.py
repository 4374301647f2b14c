"""The inspection travels in bundles like a record, and records filed under it arrive filed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sync_helpers import export, import_one
from team_helpers import Team

from sync import team
from sync.errors import TeamError
from tests.core.inspection_helpers import inspection_answers


def test_the_inspection_and_its_records_travel_both_ways(team_vaults: Team, tmp_path: Path) -> None:
    lead, alice = team_vaults.lead, team_vaults.alice
    inspection = lead.create_inspection(inspection_answers()).version.record_id
    sent = export(lead, tmp_path / "lead.bundle")
    import_one(alice, sent)
    assert alice.inspections() == lead.inspections()
    with alice.vault.session() as session:
        assert team.inspection_id(session) == inspection  # joined from the lead's bundle
    record = alice.put_draft("observation", alice.filed_answers({"obs_ref": "OB-001"}))
    import_one(lead, export(alice, tmp_path / "alice.bundle"))
    filed = lead.list_records(inspection_id=inspection)
    assert [s.record_id for s in filed] == [record.version.record_id]
    lead.update_inspection(inspection, inspection_answers(fieldwork_end="2026-03-13"))
    import_one(alice, export(lead, tmp_path / "lead2.bundle"))
    assert alice.inspection(inspection).fieldwork_end == "2026-03-13"
    assert alice.status().state_digest == lead.status().state_digest


def test_the_bundle_header_names_the_inspection_record_the_lead_set_up(
    team_vaults: Team, tmp_path: Path
) -> None:
    inspection = team_vaults.lead.create_inspection(inspection_answers()).version.record_id
    from sync import bundle_export  # noqa: PLC0415

    made = bundle_export.export_bundle(team_vaults.lead, tmp_path / "lead.bundle")
    assert made.header.inspection == inspection


def test_leading_names_an_inspection_of_the_vault(team_vaults: Team) -> None:
    alice = team_vaults.alice
    with pytest.raises(TeamError, match="No inspection with that id"):
        team.become_lead(alice, "not-an-inspection")
    alice.create_inspection(inspection_answers())
    second = alice.create_inspection(inspection_answers(force="kent")).version.record_id
    with pytest.raises(TeamError, match="2 inspections"):
        team.become_lead(alice)
    assert team.become_lead(alice, second).inspection_id == second
    with alice.vault.session() as session:
        assert team.inspection_id(session) == second

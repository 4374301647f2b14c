"""Recommendation statuses are records: they travel in bundles; a disagreement shows."""

from __future__ import annotations

from pathlib import Path

from sync_helpers import export, import_one
from team_helpers import Team

from ncpi_field.register import status_record_id

DEBRIEF = {
    "inspection": "insp-1",
    "items": [
        {
            "item_type": "cause_of_concern",
            "headline": "Drift",
            "draft_recommendation": "Supervise investigations.",
            "rec_id": "REC-01",
        }
    ],
}


def test_a_status_set_by_the_lead_reaches_the_team(team_vaults: Team, tmp_path: Path) -> None:
    lead, alice = team_vaults.lead, team_vaults.alice
    lead.put_draft("debrief", DEBRIEF)
    lead.set_recommendation_status("REC-01", "issued")
    lead.set_recommendation_status("REC-01", "accepted", note="Force accepted it in writing")
    import_one(alice, export(lead, tmp_path / "lead.bundle"))
    [row] = alice.recommendations()
    assert (row.rec_id, row.status, row.in_conflict) == ("REC-01", "accepted", False)
    assert alice.status().state_digest == lead.status().state_digest


def test_two_members_who_disagree_leave_the_status_in_conflict(
    team_vaults: Team, tmp_path: Path
) -> None:
    lead, alice, bob = team_vaults.lead, team_vaults.alice, team_vaults.bob
    lead.put_draft("debrief", DEBRIEF)
    shared = export(lead, tmp_path / "lead.bundle")
    for member in (alice, bob):
        import_one(member, shared)
        member.set_recommendation_status("REC-01", "issued")
    alice.set_recommendation_status("REC-01", "accepted")
    bob.set_recommendation_status("REC-01", "not_met")
    import_one(lead, export(alice, tmp_path / "alice.bundle"))
    import_one(lead, export(bob, tmp_path / "bob.bundle"))
    [row] = lead.recommendations()
    assert row.in_conflict
    assert row.status in {"accepted", "not_met"}
    record = lead.record(status_record_id("insp-1", "REC-01"))
    assert {head.answers["rec_status"] for head in record.heads} == {"accepted", "not_met"}
    # The lead's next status is a version over both heads: the conflict is resolved.
    row, _changes = lead.set_recommendation_status("REC-01", "in_progress")
    assert (row.status, row.in_conflict) == ("in_progress", False)
    assert len(lead.record(status_record_id("insp-1", "REC-01")).heads) == 1

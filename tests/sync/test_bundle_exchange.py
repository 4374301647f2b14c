"""Bundles between a team's vaults: round trips, incremental and full exports, the ledger."""

from __future__ import annotations

from pathlib import Path

import pytest
from sync_helpers import (
    complete_audit,
    draft,
    export,
    import_one,
    payload_plaintext,
    version_ids,
)
from team_helpers import Team

from ncpi_field.hlc import Stamp
from sync import bundle_export, bundle_format, bundle_import, team
from sync.errors import BundleSchemaError, NotForThisVault
from tests.core.inspection_helpers import inspection_answers


def test_a_bundle_carries_every_version_to_the_lead(team_vaults: Team, tmp_path: Path) -> None:
    draft(team_vaults.alice, "A")
    complete_audit(team_vaults.alice)
    done = import_one(team_vaults.lead, export(team_vaults.alice, tmp_path / "a.bundle"))
    assert (done.new_versions, done.already_present, done.conflicts_created) == (2, 0, 0)
    assert done.forms_stored == 2
    assert version_ids(team_vaults.lead) == version_ids(team_vaults.alice)
    assert team_vaults.lead.status().state_digest == team_vaults.alice.status().state_digest


def test_reimport_is_reported_and_changes_nothing(team_vaults: Team, tmp_path: Path) -> None:
    draft(team_vaults.alice)
    bundle = export(team_vaults.alice, tmp_path / "a.bundle")
    import_one(team_vaults.lead, bundle)
    after_first = team_vaults.lead.status().state_digest
    for _ in range(4):
        again = import_one(team_vaults.lead, bundle)
        assert again.already_imported
        assert again.new_versions == 0
    assert team_vaults.lead.status().state_digest == after_first


def test_export_is_incremental_per_recipient_and_full_resends(
    team_vaults: Team, tmp_path: Path
) -> None:
    draft(team_vaults.alice, "one")
    first = bundle_export.export_bundle(team_vaults.alice, tmp_path / "1.bundle")
    draft(team_vaults.alice, "two")
    second = bundle_export.export_bundle(team_vaults.alice, tmp_path / "2.bundle")
    full = bundle_export.export_bundle(team_vaults.alice, tmp_path / "3.bundle", full=True)
    assert (first.header.versions, second.header.versions, full.header.versions) == (1, 1, 2)
    assert [b.header.recipients[0].sequence for b in (first, second, full)] == [1, 2, 3]
    for name in ("2", "1", "3"):  # any order
        import_one(team_vaults.lead, tmp_path / f"{name}.bundle")
    assert version_ids(team_vaults.lead) == version_ids(team_vaults.alice)


def test_the_leads_bundle_goes_back_to_the_whole_team(team_vaults: Team, tmp_path: Path) -> None:
    team_vaults.lead.create_inspection(inspection_answers())
    draft(team_vaults.alice, "from alice")
    draft(team_vaults.bob, "from bob")
    import_one(team_vaults.lead, export(team_vaults.alice, tmp_path / "a.bundle"))
    import_one(team_vaults.lead, export(team_vaults.bob, tmp_path / "b.bundle"))
    merged = bundle_export.export_bundle(team_vaults.lead, tmp_path / "lead.bundle")
    assert len(merged.header.recipients) == 3
    assert merged.header.inspection is not None
    for member in (team_vaults.alice, team_vaults.bob):
        import_one(member, merged.path)
        assert member.status().state_digest == team_vaults.lead.status().state_digest


def test_imported_stamps_keep_local_saves_newest(team_vaults: Team, tmp_path: Path) -> None:
    draft(team_vaults.alice)
    import_one(team_vaults.lead, export(team_vaults.alice, tmp_path / "a.bundle"))
    record = team_vaults.lead.list_records()[0].record_id
    imported = Stamp.decode(team_vaults.lead.history(record)[-1].hlc)
    later = Stamp.decode(team_vaults.lead.put_draft("observation", {}).version.hlc)
    assert (later.wall_ms, later.counter) > (imported.wall_ms, imported.counter)


def test_a_bundle_for_other_devices_is_refused(team_vaults: Team, tmp_path: Path) -> None:
    draft(team_vaults.lead)
    to_alice = tmp_path / "l.bundle"
    bundle_export.export_bundle(
        team_vaults.lead, to_alice, to=[team_vaults.alice.identity.device_id]
    )
    before = team_vaults.bob.status().state_digest
    with pytest.raises(NotForThisVault):
        import_one(team_vaults.bob, to_alice)
    assert team_vaults.bob.status().state_digest == before
    assert import_one(team_vaults.alice, to_alice).new_versions == 1


def test_case_references_never_leave_the_vault(team_vaults: Team, tmp_path: Path) -> None:
    reference = "FORCE-REF-7Q2X9-SENTINEL"
    draft(team_vaults.alice)
    record_id = team_vaults.alice.list_records()[0].record_id
    team_vaults.alice.hold_case_reference(record_id, "insp-1", reference)
    bundle = export(team_vaults.alice, tmp_path / "a.bundle", full=True)
    plaintext = payload_plaintext(team_vaults.lead, bundle)
    for needle in (reference, "case_reference", "force_reference"):
        assert needle.encode() not in plaintext
        assert needle.encode() not in bundle.read_bytes()
    import_one(team_vaults.lead, bundle)
    assert team_vaults.lead.case_reference_purges() == []


def test_no_answer_is_in_the_bundle_in_plaintext(team_vaults: Team, tmp_path: Path) -> None:
    sentinel = "Zq8SentinelAnswerXv3"
    draft(team_vaults.alice, sentinel)
    bundle = export(team_vaults.alice, tmp_path / "a.bundle")
    data = bundle.read_bytes()
    assert sentinel.encode() not in data
    assert sentinel.encode("utf-16-le") not in data
    assert sentinel.encode() in payload_plaintext(team_vaults.lead, bundle)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "a.bundle" and p.is_file()]
    assert leftovers == []


def test_stanzas_use_the_hybrid_suite_and_the_fallback_is_declared(
    team_vaults: Team, tmp_path: Path
) -> None:
    draft(team_vaults.alice)
    hybrid = export(team_vaults.alice, tmp_path / "h.bundle")
    fallback = export(
        team_vaults.alice, tmp_path / "x.bundle", full=True, suite=bundle_format.SUITE_X25519
    )
    assert bundle_import.inspect_bundle(hybrid)[0].suite == bundle_format.SUITE_HYBRID
    assert bundle_import.inspect_bundle(fallback)[0].suite == bundle_format.SUITE_X25519
    assert import_one(team_vaults.lead, fallback).new_versions == 1
    assert import_one(team_vaults.lead, hybrid).already_present == 1


def test_a_version_rewritten_by_its_sender_is_refused(team_vaults: Team, tmp_path: Path) -> None:
    version_id = draft(team_vaults.alice, "honest")
    import_one(team_vaults.lead, export(team_vaults.alice, tmp_path / "a.bundle"))
    before = team_vaults.lead.status().state_digest
    with team_vaults.alice.vault.write_transaction("a forgery") as cursor:
        cursor.execute(
            "UPDATE versions SET answers = ? WHERE version_id = ?",
            ('{"obs_ref":"rewritten"}', version_id),
        )
    rewritten = export(team_vaults.alice, tmp_path / "b.bundle", full=True)
    with pytest.raises(BundleSchemaError, match="differs"):
        import_one(team_vaults.lead, rewritten)
    assert team_vaults.lead.status().state_digest == before


def test_an_inspector_joins_the_leads_inspection(team_vaults: Team, tmp_path: Path) -> None:
    team_vaults.lead.create_inspection(inspection_answers())
    draft(team_vaults.lead)
    import_one(team_vaults.alice, export(team_vaults.lead, tmp_path / "l.bundle"))
    with team_vaults.lead.vault.session() as session:
        leads = team.inspection_id(session)
    with team_vaults.alice.vault.session() as session:
        assert team.inspection_id(session) == leads is not None
        assert not team.is_lead(session)


def test_an_import_merges_the_soft_conflicts_it_made(team_vaults: Team, tmp_path: Path) -> None:
    """Alice and Bob edit different fields of one record apart: the lead's import merges them."""
    draft(team_vaults.alice, "OBS-7")
    record = team_vaults.alice.list_records()[0].record_id
    start = export(team_vaults.alice, tmp_path / "start.bundle")
    import_one(team_vaults.lead, start)
    import_one(team_vaults.bob, export(team_vaults.lead, tmp_path / "lead.bundle"))
    head = team_vaults.alice.record(record).heads[0]
    team_vaults.alice.put_draft(
        "observation", {**head.answers, "obs_ref": "OBS-7 revised"}, record_id=record
    )
    team_vaults.bob.put_draft(
        "observation", {**head.answers, "inspector_notes": "Seen on day 2."}, record_id=record
    )
    bundles = [
        export(team_vaults.alice, tmp_path / "a.bundle"),
        export(team_vaults.bob, tmp_path / "b.bundle"),
    ]
    results = bundle_import.import_bundles(team_vaults.lead, bundles)
    assert all(isinstance(r, bundle_import.Imported) for r in results)
    done = [r for r in results if isinstance(r, bundle_import.Imported)]
    assert [r.conflicts_created for r in done] == [0, 1]
    assert [r.merged_automatically for r in done] == [0, 1]
    (merged,) = team_vaults.lead.record(record).heads
    assert merged.answers["obs_ref"] == "OBS-7 revised"
    assert merged.answers["inspector_notes"] == "Seen on day 2."


def test_a_failed_automatic_merge_leaves_the_import_reported_as_imported(
    team_vaults: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ncpi_field.errors import StorageError  # noqa: PLC0415
    from sync.resolution import ConflictResolution  # noqa: PLC0415

    def full(*_args: object, **_kwargs: object) -> None:
        raise StorageError("Could not save the automatic merge: the disk is full.")

    monkeypatch.setattr(ConflictResolution, "auto_merge", full)
    draft(team_vaults.alice, "A")
    (result,) = bundle_import.import_bundles(
        team_vaults.lead, [export(team_vaults.alice, tmp_path / "a.bundle")]
    )
    assert isinstance(result, bundle_import.Imported)
    assert result.new_versions == 1

"""The conflict use cases on a real vault: list, show, take, resolve with answers, auto-merge.

Each one is one transaction that changes nothing when it refuses, and says what it changed.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ncpi_field import records
from ncpi_field.demo import generate_inspection
from ncpi_field.errors import InvalidRecord, RecordNotFound
from ncpi_field.formstore import installed_spec
from ncpi_field.hlc import Stamp
from ncpi_field.records import Draft, Version
from ncpi_field.service import IncompleteRecord, VaultService
from ncpi_field.vault import Vault
from sync.merge import AUTO_MERGE_AUTHOR
from sync.resolution import ConflictResolution, NotInConflict

NOW = dt.datetime(2026, 3, 6, 17, 0)


def complete_case_audit() -> dict[str, Any]:
    forms = {f: installed_spec(f) for f in ("case_audit", "reality_test", "observation", "debrief")}
    made = generate_inspection(1, forms=forms, now=NOW, namespace="tests")
    audit = next(r for r in made if r.form_id == "case_audit" and r.status == "complete")
    return dict(audit.answers)


@pytest.fixture
def service(vault: Vault) -> VaultService:
    return VaultService(vault)


def digest(service: VaultService) -> str:
    with service.vault.session() as session:
        return records.state_digest(session)


def split(service: VaultService, left: dict[str, Any], right: dict[str, Any]) -> str:
    """A complete record edited apart from its first version in two ways: two heads."""
    first = service.complete("case_audit", complete_case_audit(), now=NOW).version
    parents = [first.version_id]
    record = first.record_id
    service.complete("case_audit", left, record_id=record, parents=parents, now=NOW)
    service.complete("case_audit", right, record_id=record, parents=parents, now=NOW)
    assert len(service.record(record).heads) == 2
    return record


def soft_split(service: VaultService) -> str:
    base = complete_case_audit()
    return split(
        service,
        {**base, "hmicfrs_grade": "inadequate"},
        {**base, "grade_rationale": "Late actions and thin recording throughout the case."},
    )


def hard_split(service: VaultService) -> str:
    base = complete_case_audit()
    return split(
        service,
        {**base, "hmicfrs_grade": "inadequate"},
        {**base, "hmicfrs_grade": "good"},
    )


def test_list_and_show_name_the_kind_and_the_fields(service: VaultService) -> None:
    soft, hard = soft_split(service), hard_split(service)
    desk = ConflictResolution(service)
    listed = {c.record_id: c for c in desk.list_conflicts()}
    assert {r: c.kind for r, c in listed.items()} == {soft: "soft", hard: "hard"}
    assert listed[hard].head_count == 2
    shown = desk.show(hard)
    grade = next(d for d in shown.differences if d.field == "hmicfrs_grade")
    assert grade.kind == "hard"
    assert {value for _, value in grade.heads} == {"inadequate", "good"}
    assert grade.base == ("requires_improvement",)


def test_auto_merge_stores_one_checked_version_and_leaves_hard_ones(
    service: VaultService,
) -> None:
    soft, hard = soft_split(service), hard_split(service)
    merged = ConflictResolution(service).auto_merge()
    assert merged.changes.records == (soft,)
    assert [left.record_id for left in merged.left] == [hard]
    (head,) = service.record(soft).heads
    assert head.version_id == merged.changes.versions[0]
    assert (head.author_device, head.status) == (AUTO_MERGE_AUTHOR, "complete")
    assert head.answers["hmicfrs_grade"] == "inadequate"
    # What the form calculates from the grade came with it (and passed the form's checks).
    assert head.answers["hmicfrs_grade_rank"] == "1"
    assert head.answers["grade_rationale"].startswith("Late actions")
    assert len(service.record(hard).heads) == 2
    assert ConflictResolution(service).auto_merge().changes.records == ()


class RefuseEverything:
    def title_field(self, form_id: str) -> str | None:
        return None

    def checked(self, candidate: Version) -> Version | None:
        return None


def test_a_soft_merge_its_form_refuses_is_left_for_a_person(service: VaultService) -> None:
    soft = soft_split(service)
    before = digest(service)
    merged = ConflictResolution(service, RefuseEverything()).auto_merge()
    assert merged.changes.records == ()
    assert [(x.record_id, x.reason) for x in merged.left] == [
        (soft, "the merged answers do not pass the form's checks")
    ]
    assert digest(service) == before


def test_take_keeps_one_heads_content_with_every_head_as_parent(service: VaultService) -> None:
    record = hard_split(service)
    heads = service.record(record).heads
    chosen = heads[1]
    saved = ConflictResolution(service).take(record, chosen.version_id)
    (head,) = service.record(record).heads
    assert head == saved.version
    assert set(head.parents) == {h.version_id for h in heads}
    assert (dict(head.answers), head.status) == (dict(chosen.answers), chosen.status)
    assert head.author_device == service.identity.device_id
    assert saved.changes.records == (record,)
    assert saved.changes.versions == (head.version_id,)
    with pytest.raises(NotInConflict):
        ConflictResolution(service).take(record, chosen.version_id)


def test_take_refuses_a_version_of_another_record_and_changes_nothing(
    service: VaultService,
) -> None:
    record, other = hard_split(service), soft_split(service)
    stranger = service.record(other).heads[0].version_id
    before = digest(service)
    with pytest.raises(InvalidRecord, match="another record"):
        ConflictResolution(service).take(record, stranger)
    with pytest.raises(RecordNotFound):
        ConflictResolution(service).take(record, "not-a-version")
    assert digest(service) == before


def test_resolve_with_answers_validates_them_like_any_save(service: VaultService) -> None:
    record = hard_split(service)
    heads = service.record(record).heads
    desk = ConflictResolution(service)
    before = digest(service)
    with pytest.raises(IncompleteRecord):
        desk.resolve_with_answers(record, {"audit_ref": "CA-001"})
    assert digest(service) == before
    answers = {**complete_case_audit(), "hmicfrs_grade": "good"}
    saved = desk.resolve_with_answers(record, answers)
    (head,) = service.record(record).heads
    assert head == saved.version
    assert set(head.parents) == {h.version_id for h in heads}
    assert (head.status, head.answers["hmicfrs_grade"]) == ("complete", "good")


def test_resolve_with_answers_may_keep_a_draft(service: VaultService) -> None:
    record = hard_split(service)
    saved = ConflictResolution(service).resolve_with_answers(
        record, {"audit_ref": "CA-001"}, draft=True
    )
    assert saved.version.status == "draft"
    assert len(service.record(record).heads) == 1


def test_a_record_with_one_head_is_not_in_conflict(service: VaultService) -> None:
    record = service.complete("case_audit", complete_case_audit(), now=NOW).version.record_id
    with pytest.raises(NotInConflict):
        ConflictResolution(service).show(record)


@pytest.fixture
def two_vaults(
    tmp_path: Path, template_vault: tuple[Path, str], passphrase: str
) -> Iterator[tuple[VaultService, VaultService]]:
    opened = []
    for name in ("lead", "deputy"):
        shutil.copytree(template_vault[0], tmp_path / name)
        opened.append(VaultService(Vault.unlock(tmp_path / name, passphrase)))
    yield opened[0], opened[1]
    for service in opened:
        service.lock()


def send(source: VaultService, target: VaultService) -> None:
    """What a bundle import does with the versions: records.add, in one transaction."""
    with source.vault.session() as session:
        ids = [r.record_id for r in records.list_records(session, include_deleted=True)]
        versions = [v for r in ids for v in records.history(session, r)]
    with target.vault.write_transaction("the test import") as cursor:
        for version in reversed(versions):
            records.add(cursor, version)


def test_two_leads_merging_the_same_heads_store_the_same_version(
    two_vaults: tuple[VaultService, VaultService],
) -> None:
    lead, deputy = two_vaults
    record = soft_split(lead)
    send(lead, deputy)
    first = ConflictResolution(lead).auto_merge()
    second = ConflictResolution(deputy).auto_merge()
    assert first.changes == second.changes
    assert digest(lead) == digest(deputy)
    send(deputy, lead)
    assert digest(lead) == digest(deputy)
    assert len(lead.record(record).heads) == 1


def test_taking_the_deletion_in_delete_versus_edit_forgets_the_case_reference(
    service: VaultService,
) -> None:
    first = service.put_draft("case_audit", {"audit_ref": "CA-009"}).version
    record = first.record_id
    service.hold_case_reference(record, "insp-1", "CR/012345/24")
    service.put_draft("case_audit", {"audit_ref": "CA-010"}, record_id=record)
    # A deletion made on another device from the first version: it arrives beside the edit.
    with service.vault.write_transaction("the test") as cursor:
        deletion = records.save(
            cursor,
            Draft("case_audit", {}, record_id=record, parents=[first.version_id], tombstone=True),
            "another-device",
            service.vault.clock,
        )
    desk = ConflictResolution(service)
    shown = desk.show(record)
    assert (shown.kind, shown.delete_versus_edit) == ("hard", True)
    assert desk.auto_merge().changes.records == ()
    saved = desk.take(record, deletion.version_id)
    assert saved.version.tombstone
    assert saved.changes.case_references == 1
    assert service.record(record).summary.deleted
    with pytest.raises(RecordNotFound):
        service.show_case_reference(record)


def test_stamps_after_an_automatic_merge_sort_after_it(service: VaultService) -> None:
    first = service.put_draft("case_audit", {"audit_ref": "CA-011"}).version
    parents = [first.version_id]
    record = first.record_id
    service.put_draft(
        "case_audit",
        {"audit_ref": "CA-011", "hmicfrs_grade": "good"},
        record_id=record,
        parents=parents,
    )
    service.put_draft("case_audit", {"audit_ref": "CA-012"}, record_id=record, parents=parents)
    merged = ConflictResolution(service).auto_merge()
    (head,) = service.record(record).heads
    assert head.version_id == merged.changes.versions[0]
    assert dict(head.answers) == {"audit_ref": "CA-012", "hmicfrs_grade": "good"}
    # The vault's clock has seen the merge's stamp (just above the newest head's), so the
    # next local save sorts after the merge however little time has passed.
    stamp = Stamp.decode(head.hlc)
    last = service.vault.clock.last
    assert (last.wall_ms, last.counter) == (stamp.wall_ms, stamp.counter)
    later = service.put_draft("case_audit", dict(head.answers), record_id=record).version
    assert later.hlc > head.hlc

"""Records and versions: saves append, heads move, conflicts show, the digest is a set digest."""

from __future__ import annotations

from pathlib import Path

import pytest

from ncpi_field import records
from ncpi_field.errors import InvalidRecord, RecordNotFound
from ncpi_field.records import Draft
from ncpi_field.vault import Vault


def test_a_new_record_has_one_version_and_one_head(vault: Vault) -> None:
    saved = vault.save(
        Draft(form_id="case_audit", answers={"audit_ref": "CA-001"}, title_field="audit_ref")
    )
    with vault.session() as session:
        assert [v.version_id for v in records.heads(session, saved.record_id)] == [saved.version_id]
        summary = records.summary(session, saved.record_id)
    assert summary.title == "CA-001"
    assert summary.head_count == 1
    assert saved.parents == ()


def test_editing_moves_the_head_and_keeps_history(vault: Vault) -> None:
    first = vault.save(Draft(form_id="case_audit", answers={"g": "good"}, status="draft"))
    second = vault.save(
        Draft(form_id="case_audit", answers={"g": "inadequate"}, record_id=first.record_id)
    )
    with vault.session() as session:
        history = records.history(session, first.record_id)
        heads = records.heads(session, first.record_id)
    assert [v.version_id for v in history] == [first.version_id, second.version_id]
    assert history[0].answers == {"g": "good"}
    assert second.parents == (first.version_id,)
    assert [h.version_id for h in heads] == [second.version_id]
    assert first.hlc < second.hlc


def test_two_edits_from_the_same_parent_are_a_conflict_until_resolved(vault: Vault) -> None:
    base = vault.save(Draft(form_id="observation", answers={"a": 1}))
    left = vault.save(
        Draft("observation", {"a": 2}, record_id=base.record_id, parents=[base.version_id])
    )
    right = vault.save(
        Draft("observation", {"a": 3}, record_id=base.record_id, parents=[base.version_id])
    )
    with vault.session() as session:
        assert records.summary(session, base.record_id).in_conflict
        assert {h.version_id for h in records.heads(session, base.record_id)} == {
            left.version_id,
            right.version_id,
        }
        assert records.counts(session).conflicts == 1
    resolved = vault.save(Draft("observation", {"a": 4}, record_id=base.record_id))
    assert set(resolved.parents) == {left.version_id, right.version_id}
    with vault.session() as session:
        assert not records.summary(session, base.record_id).in_conflict
        assert records.counts(session).conflicts == 0


def test_delete_is_a_tombstone_version(vault: Vault) -> None:
    saved = vault.save(Draft(form_id="observation", answers={"a": 1}))
    gone = vault.save(Draft("observation", {}, record_id=saved.record_id, tombstone=True))
    with vault.session() as session:
        assert records.list_records(session) == []
        listed = records.list_records(session, include_deleted=True)
        assert [r.deleted for r in listed] == [True]
        assert len(records.history(session, saved.record_id)) == 2
    assert gone.tombstone
    assert gone.status == "withdrawn"


def test_drafts_are_versions_and_never_refused_for_missing_answers(vault: Vault) -> None:
    draft = vault.save(Draft(form_id="case_audit", answers={}, status="draft"))
    assert draft.status == "draft"
    with vault.session() as session:
        assert records.summary(session, draft.record_id).status == "draft"


@pytest.mark.parametrize(
    "answers",
    [{"x": float("nan")}, {"x": float("inf")}, {1: "a"}, {"x": {1, 2}}],
    ids=["nan", "infinity", "non-text-key", "set"],
)
def test_answers_json_cannot_hold_are_refused(vault: Vault, answers: dict[object, object]) -> None:
    with pytest.raises(InvalidRecord):
        vault.save(Draft(form_id="observation", answers=answers))  # type: ignore[arg-type]
    assert vault.status().versions == 0


def test_saving_to_an_unknown_record_is_refused(vault: Vault) -> None:
    with pytest.raises(RecordNotFound):
        vault.save(Draft("observation", {}, record_id=records.RecordId("no-such-record")))


def test_a_record_keeps_its_form(vault: Vault) -> None:
    saved = vault.save(Draft(form_id="observation", answers={}))
    with pytest.raises(InvalidRecord, match="keeps its form"):
        vault.save(Draft("case_audit", {}, record_id=saved.record_id))


def test_parents_must_belong_to_the_record(vault: Vault) -> None:
    one = vault.save(Draft(form_id="observation", answers={}))
    other = vault.save(Draft(form_id="observation", answers={}))
    with pytest.raises(InvalidRecord, match="not a version of this record"):
        vault.save(Draft("observation", {}, record_id=one.record_id, parents=[other.version_id]))


def test_digest_is_equal_for_vaults_holding_the_same_versions(
    vault: Vault, tmp_path: Path, passphrase: str
) -> None:
    a = vault.save(Draft(form_id="observation", answers={"a": 1}))
    b = vault.save(Draft("observation", {"a": 2}, record_id=a.record_id))
    other, _ = Vault.create(tmp_path / "second", passphrase)
    try:
        empty_digest = other.status().state_digest
        with other.write_transaction("test") as cursor:
            assert records.add(cursor, b)  # child before parent: heads must still come out right
            assert records.add(cursor, a)
            assert not records.add(cursor, a)
        with other.session() as session:
            assert [h.version_id for h in records.heads(session, a.record_id)] == [b.version_id]
        assert other.status().state_digest == vault.status().state_digest
        assert empty_digest != vault.status().state_digest
    finally:
        other.lock()


def test_clock_never_runs_backwards_across_reopen(vault_dir: Path, passphrase: str) -> None:
    vault, _ = Vault.create(vault_dir, passphrase)
    first = vault.save(Draft(form_id="observation", answers={}))
    vault.lock()
    reopened = Vault.unlock(vault_dir, passphrase)
    second = reopened.save(Draft("observation", {}, record_id=first.record_id))
    reopened.lock()
    assert second.hlc > first.hlc

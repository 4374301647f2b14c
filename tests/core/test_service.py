"""The use-case API: validated saves, one transaction each, what changed, and no other door."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from ncpi_field import records
from ncpi_field.completion import PII_OVERRIDES
from ncpi_field.demo import generate_inspection
from ncpi_field.errors import InvalidRecord, RecordNotFound, StorageError
from ncpi_field.formstore import installed_spec
from ncpi_field.records import Draft
from ncpi_field.service import IncompleteRecord, NewRecord, RecordId, VaultService
from ncpi_field.vault import Vault

NOW = dt.datetime(2026, 3, 6, 17, 0)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def service(vault: Vault) -> VaultService:
    return VaultService(vault)


def complete_case_audit() -> dict[str, Any]:
    """Answers of a complete, valid case audit, as the demo generator writes them."""
    forms = {f: installed_spec(f) for f in ("case_audit", "reality_test", "observation", "debrief")}
    made = generate_inspection(1, forms=forms, now=NOW, namespace="tests")
    audit = next(r for r in made if r.form_id == "case_audit" and r.status == "complete")
    return dict(audit.answers)


def test_complete_stores_a_valid_record_and_its_form_in_one_go(service: VaultService) -> None:
    saved = service.complete("case_audit", complete_case_audit(), now=NOW)
    assert saved.version.status == "complete"
    assert saved.changes.records == (saved.version.record_id,)
    assert saved.changes.versions == (saved.version.version_id,)
    assert saved.changes.form_definitions == 1
    again = service.complete(
        "case_audit", complete_case_audit(), record_id=saved.version.record_id, now=NOW
    )
    assert again.changes.form_definitions == 0
    assert service.status().versions == 2


def test_an_incomplete_record_is_refused_and_nothing_is_stored(service: VaultService) -> None:
    before = service.status()
    with pytest.raises(IncompleteRecord) as caught:
        service.complete("case_audit", {"audit_ref": "CA-001"}, now=NOW)
    assert caught.value.issues
    assert {i.field for i in caught.value.issues} >= {"hmicfrs_grade", "immediate_risk"}
    assert service.status() == before


def test_pii_blocks_completion_until_overridden_with_a_reason(service: VaultService) -> None:
    answers = complete_case_audit()
    answers["case_summary"] = "Contact the mother on 07700 900123 about the referral."
    with pytest.raises(IncompleteRecord) as caught:
        service.complete("case_audit", answers, now=NOW)
    assert [i.field for i in caught.value.issues] == ["case_summary"]
    answers[PII_OVERRIDES] = {"case_summary": "a fictional training number"}
    saved = service.complete("case_audit", answers, now=NOW)
    assert saved.version.answers[PII_OVERRIDES] == {"case_summary": "a fictional training number"}
    assert [w.field for w in saved.pii_warnings] == ["case_summary"]


def test_the_record_layer_refuses_an_unchecked_complete_version(vault: Vault) -> None:
    with vault.write_transaction("test") as cursor, pytest.raises(InvalidRecord):
        records.save(
            cursor,
            Draft("case_audit", {"audit_ref": "CA-001"}, status="complete"),
            vault.identity.device_id,
            vault.clock,
        )
    assert vault.status().versions == 0


def test_a_failed_version_write_leaves_no_form_definition(
    service: VaultService, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: object, **_kwargs: object) -> None:
        raise StorageError("Could not save the record: the disk is full. Nothing was changed.")

    monkeypatch.setattr(records, "save", full)
    with pytest.raises(StorageError):
        service.put_draft("observation", {"obs_ref": "OBS-01"})
    monkeypatch.undo()
    from ncpi_field.formstore import stored_definitions  # noqa: PLC0415

    with vault.session() as session:
        assert stored_definitions(session) == []
    # The rolled-back definition is stored by the next save that commits.
    service.put_draft("observation", {"obs_ref": "OBS-01"})
    with vault.session() as session:
        assert [form_id for form_id, _v, _s in stored_definitions(session)] == ["observation"]


def test_withdraw_keeps_the_answers_under_a_new_status(service: VaultService) -> None:
    first = service.put_draft("observation", {"obs_ref": "OBS-01"}).version
    withdrawn = service.withdraw(first.record_id)
    assert withdrawn.version.status == "withdrawn"
    assert withdrawn.version.answers == first.answers
    assert withdrawn.version.parents == (first.version_id,)
    assert service.list_records()[0].status == "withdrawn"


def test_delete_also_removes_the_force_case_reference(service: VaultService) -> None:
    saved = service.put_draft("case_audit", {"audit_ref": "CA-001"}).version
    service.hold_case_reference(saved.record_id, "insp-1", "CR/012345/24")
    deleted = service.delete(saved.record_id)
    assert deleted.version.tombstone
    assert deleted.changes.case_references == 1
    with pytest.raises(RecordNotFound):
        service.show_case_reference(saved.record_id)
    (entry,) = service.case_reference_purges()
    assert (entry.inspection_id, entry.purged_count) == ("insp-1", 1)
    assert len(service.history(saved.record_id)) == 2


def test_a_batch_is_checked_whole_before_anything_is_written(service: VaultService) -> None:
    good = NewRecord(RecordId("a" * 8), "case_audit", complete_case_audit(), "complete")
    bad = NewRecord(RecordId("b" * 8), "case_audit", {"audit_ref": "CA-002"}, "complete")
    with pytest.raises(IncompleteRecord):
        service.add_records([good, bad])
    assert service.status().records == 0
    changes = service.add_records([good])
    assert changes.records == (good.record_id,)
    with pytest.raises(InvalidRecord):
        service.add_records([good])
    assert service.status().records == 1


def test_a_locked_service_refuses_work(service: VaultService) -> None:
    service.lock()
    assert service.locked
    with pytest.raises(Exception, match="locked"):
        service.list_records()


CALLS = re.compile(r"\brecords\.(save|add|add_absent)\(")


def test_only_the_service_writes_versions() -> None:
    """One door: no face, demo or helper builds and stores a version itself.

    sync's merge and conflict resolution are built on the service and write resolution
    versions (one transaction each, through the vault the service holds).
    """
    writers = {
        path.relative_to(ROOT).as_posix()
        for folder in ("ncpi_field", "ui", "sync")
        for path in (ROOT / folder).rglob("*.py")
        if CALLS.search(path.read_text(encoding="utf-8"))
    }
    # sync/ stores checked versions for its use cases: imports, automatic merges, resolutions.
    assert writers == {
        "ncpi_field/service.py",
        "sync/bundle_import.py",
        "sync/merge.py",
        "sync/resolution.py",
    }


def test_a_live_form_state_saves_as_its_answers_would(service: VaultService) -> None:
    from ncpi_field.xlsform.evaluate import FormState  # noqa: PLC0415

    answers = complete_case_audit()
    state = FormState(installed_spec("case_audit"), answers, now=NOW)
    from_state = service.complete("case_audit", state).version
    from_mapping = service.complete("case_audit", answers, now=NOW).version
    assert from_state.answers == from_mapping.answers
    state.set_answer("hmicfrs_grade", None)
    with pytest.raises(IncompleteRecord) as caught:
        service.complete("case_audit", state)
    assert [i.field for i in caught.value.issues] == ["hmicfrs_grade"]
    draft = service.put_draft("case_audit", state, pii_overrides={"case_summary": "fictional"})
    assert draft.version.answers[PII_OVERRIDES] == {"case_summary": "fictional"}


def test_a_form_state_of_another_form_is_refused(service: VaultService) -> None:
    from ncpi_field.xlsform.evaluate import FormState  # noqa: PLC0415

    state = FormState(installed_spec("observation"), {})
    with pytest.raises(InvalidRecord, match="form changed"):
        service.put_draft("case_audit", state)
    assert service.status().versions == 0


def test_pii_warnings_follow_edits_to_a_live_state() -> None:
    """The lint is remembered per answer on the live state; an edit is linted afresh."""
    from ncpi_field.completion import prepare_state  # noqa: PLC0415
    from ncpi_field.xlsform.evaluate import FormState  # noqa: PLC0415

    state = FormState(installed_spec("case_audit"), complete_case_audit(), now=NOW)
    assert prepare_state(state, status="complete").ok
    state.set_answer("case_summary", "Call 07700 900123 about the referral.")
    blocked = prepare_state(state, status="complete")
    assert [w.field for w in blocked.pii_warnings] == ["case_summary"]
    assert not blocked.ok
    state.set_answer("case_summary", "The referral was made late; the plan was sound.")
    assert prepare_state(state, status="complete").ok

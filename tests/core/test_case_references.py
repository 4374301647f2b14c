"""Force case references: sealed apart from the answers, shown on request, purged per inspection."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select, update

from ncpi_field import case_references as refs
from ncpi_field.errors import InvalidRecord, RecordNotFound, VaultCorrupt
from ncpi_field.models import CaseReference, RecordRow, Setting
from ncpi_field.vault import Vault

REFERENCE = "CR/012345/24"


def new_record(vault: Vault) -> str:
    """A bare records row: all a case reference needs (its foreign key)."""
    record_id = str(uuid.uuid4())
    with vault.session() as session:
        session.add(
            RecordRow(
                record_id=record_id,
                form_id="case_audit",
                title="CA-001",
                status="draft",
                deleted=False,
                head_count=0,
                created_hlc="",
                updated_hlc="",
            )
        )
    return record_id


def test_a_reference_is_sealed_and_revealed_only_on_request(vault: Vault) -> None:
    record_id = new_record(vault)
    with vault.session() as session:
        refs.set_case_reference(session, record_id, "insp-1", REFERENCE)
    with vault.session() as session:
        sealed = session.scalar(select(CaseReference.force_reference))
        assert sealed is not None
        assert REFERENCE.encode() not in sealed
        assert refs.has_case_reference(session, record_id)
        assert refs.reveal_case_reference(session, record_id) == REFERENCE


def test_sealing_twice_gives_different_bytes_and_replaces(vault: Vault) -> None:
    record_id = new_record(vault)
    with vault.session() as session:
        refs.set_case_reference(session, record_id, "insp-1", REFERENCE)
        first = session.scalar(select(CaseReference.force_reference))
        refs.set_case_reference(session, record_id, "insp-1", "INC-20240312-0042")
        second = session.scalar(select(CaseReference.force_reference))
        assert first != second
        assert refs.reveal_case_reference(session, record_id) == "INC-20240312-0042"


def test_the_vault_key_is_random_per_vault_and_made_once(vault: Vault) -> None:
    first, second = new_record(vault), new_record(vault)
    with vault.session() as session:
        refs.set_case_reference(session, first, "insp-1", REFERENCE)
        refs.set_case_reference(session, second, "insp-1", REFERENCE)
        keys = session.scalars(select(Setting).where(Setting.key == refs.KEY_SETTING)).all()
    assert len(keys) == 1


def test_a_sealed_value_moved_to_another_record_does_not_open(vault: Vault) -> None:
    first, second = new_record(vault), new_record(vault)
    with vault.session() as session:
        refs.set_case_reference(session, first, "insp-1", REFERENCE)
        refs.set_case_reference(session, second, "insp-1", "12/345678/24")
        sealed = session.get(CaseReference, first)
        assert sealed is not None
        session.execute(
            update(CaseReference)
            .where(CaseReference.record_id == second)
            .values(force_reference=sealed.force_reference)
        )
        session.expire_all()
        with pytest.raises(VaultCorrupt) as caught:
            refs.reveal_case_reference(session, second)
    assert REFERENCE not in str(caught.value)


@pytest.mark.parametrize("bad", ["", "   ", "x" * 101])
def test_bad_references_are_refused_without_echoing_them(vault: Vault, bad: str) -> None:
    record_id = new_record(vault)
    with vault.session() as session, pytest.raises(InvalidRecord) as caught:
        refs.set_case_reference(session, record_id, "insp-1", bad)
    assert bad.strip() == "" or bad not in str(caught.value)
    with vault.session() as session:
        assert not refs.has_case_reference(session, record_id)


def test_a_reference_needs_an_existing_record(vault: Vault) -> None:
    with vault.session() as session, pytest.raises(RecordNotFound):
        refs.set_case_reference(session, "no-such-record", "insp-1", REFERENCE)
    with vault.session() as session, pytest.raises(RecordNotFound):
        refs.reveal_case_reference(session, "no-such-record")


def test_purge_removes_one_inspection_and_logs_only_the_count(vault: Vault) -> None:
    kept, purged_a, purged_b = new_record(vault), new_record(vault), new_record(vault)
    with vault.session() as session:
        refs.set_case_reference(session, kept, "insp-keep", "12/345678A")
        refs.set_case_reference(session, purged_a, "insp-done", REFERENCE)
        refs.set_case_reference(session, purged_b, "insp-done", "INC-20240312-0042")
    with vault.session() as session:
        assert refs.purge_case_references(session, "insp-done") == 2
    with vault.session() as session:
        assert refs.has_case_reference(session, kept)
        assert not refs.has_case_reference(session, purged_a)
        assert not refs.has_case_reference(session, purged_b)
        (entry,) = refs.purge_log(session)
    assert (entry.inspection_id, entry.purged_count) == ("insp-done", 2)
    assert REFERENCE not in repr(entry)


def test_purging_an_empty_inspection_logs_zero(vault: Vault) -> None:
    with vault.session() as session:
        assert refs.purge_case_references(session, "insp-none") == 0
        assert [e.purged_count for e in refs.purge_log(session)] == [0]

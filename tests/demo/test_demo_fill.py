"""fill_vault on a real vault: the records, their versions, form definitions, case references."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from demo_helpers import NOW, forms

from ncpi_field import case_references, formstore, records
from ncpi_field.demo import fill_vault
from ncpi_field.errors import UserError
from ncpi_field.models import RecordRow
from ncpi_field.service import VaultService
from ncpi_field.vault import Vault
from ncpi_field.xlsform.validate import validate


def test_fill_gives_the_expected_records(vault: Vault) -> None:
    summary = fill_vault(VaultService(vault), seed=2, now=NOW)
    status = vault.status()
    assert status.records == status.versions == summary.total + 1 == 142  # and the inspection
    assert status.conflicts == 0
    with vault.session() as session:
        listed = records.list_records(session, inspection_id=summary.inspection_id)
    assert Counter(r.form_id for r in listed) == summary.records_by_form == {
        "case_audit": 75, "reality_test": 20, "observation": 40, "debrief": 6
    }  # fmt: skip
    assert Counter(r.status for r in listed) == {
        "complete": 141 - summary.drafts,
        "draft": summary.drafts,
    }
    assert [r.title for r in listed if r.form_id == "case_audit"][:3] == [
        "CA-001",
        "CA-002",
        "CA-003",
    ]


def test_saved_versions_carry_their_form_version_and_validate(vault: Vault) -> None:
    fill_vault(VaultService(vault), seed=2, now=NOW)
    with vault.session() as session:
        for summary in records.list_records(session):
            (head,) = records.heads(session, summary.record_id)
            spec = formstore.load_definition(session, head.form_id, head.form_version)
            assert head.form_version == spec.version == forms()[head.form_id].version
            assert validate(spec, head.answers, now=NOW) == [], summary.title


def test_evidence_links_resolve_in_the_vault(vault: Vault) -> None:
    fill_vault(VaultService(vault), seed=2, now=NOW)
    with vault.session() as session:
        kinds = {r.record_id: r.form_id for r in records.list_records(session)}
        debriefs = [r.record_id for r in records.list_records(session) if r.form_id == "debrief"]
        for record_id in debriefs:
            (head,) = records.heads(session, record_id)
            for item in head.answers["items"]:
                for cited in item.get("supporting_evidence", []):
                    assert kinds[cited] in {"case_audit", "reality_test", "observation"}


def test_case_references_are_held_apart(vault: Vault) -> None:
    summary = fill_vault(VaultService(vault), seed=2, now=NOW)
    assert summary.case_references == summary.immediate_risk >= 3
    with vault.session() as session:
        held = [
            r.record_id
            for r in records.list_records(session)
            if case_references.has_case_reference(session, r.record_id)
        ]
        assert len(held) == summary.case_references
        for record_id in held:
            (head,) = records.heads(session, record_id)
            assert head.answers["immediate_risk"] == "yes"
            assert re.fullmatch(
                r"WV/\d{5}/26", case_references.reveal_case_reference(session, record_id)
            )
            assert "WV/" not in str(head.answers)


def test_progress_runs_to_the_end(vault: Vault) -> None:
    seen: list[tuple[int, int]] = []
    summary = fill_vault(
        VaultService(vault), seed=2, now=NOW, progress=lambda d, t: seen.append((d, t))
    )
    done = [d for d, _t in seen]
    assert done == sorted(done)
    assert {t for _d, t in seen} == {2 * summary.total}
    assert seen[-1] == (2 * summary.total, 2 * summary.total)


def test_filling_twice_with_one_seed_is_refused(vault: Vault) -> None:
    fill_vault(VaultService(vault), seed=2, now=NOW)
    with pytest.raises(UserError, match="already holds the demo inspection for seed 2"):
        fill_vault(VaultService(vault), seed=2, now=NOW)
    assert vault.status().records == 142  # 141 records and their inspection
    fill_vault(VaultService(vault), seed=3, now=NOW)
    assert vault.status().records == 284


def test_two_vaults_filled_with_one_seed_share_no_records(vault: Vault, tmp_path) -> None:
    other, _code = Vault.create(tmp_path / "other", "another long passphrase")
    try:
        fill_vault(VaultService(vault), seed=2, now=NOW)
        fill_vault(VaultService(other), seed=2, now=NOW)
        with vault.session() as a, other.session() as b:
            ids_a = set(
                a.scalars(RecordRow.__table__.select().with_only_columns(RecordRow.record_id))
            )
            ids_b = set(
                b.scalars(RecordRow.__table__.select().with_only_columns(RecordRow.record_id))
            )
        assert ids_a
        assert not ids_a & ids_b
    finally:
        other.lock()


def test_the_vault_reopens_with_the_demo(vault: Vault, vault_dir, passphrase: str) -> None:
    fill_vault(VaultService(vault), seed=2, now=NOW)
    vault.lock()
    reopened = Vault.unlock(vault_dir, passphrase)
    try:
        assert reopened.status().records == 142
        with reopened.session() as session:
            assert {f for f, _v, _s in formstore.stored_definitions(session)} == set(forms())
    finally:
        reopened.lock()


def test_the_inspection_comes_first_and_every_record_names_it(vault: Vault) -> None:
    service = VaultService(vault)
    summary = fill_vault(service, seed=2, now=NOW)
    (inspection,) = service.inspections()
    assert inspection.record_id == summary.inspection_id
    assert inspection.force_label == "Wessex Vale Police (fictional training force)"
    assert (inspection.fieldwork_start, inspection.fieldwork_end) == ("2026-03-02", "2026-03-06")
    assert inspection.status == "complete"
    listed = service.list_records()
    assert listed[0].record_id == summary.inspection_id
    assert {r.inspection_id for r in listed} == {summary.inspection_id}
    frameworks = {
        service.record(r.record_id).heads[0].answers["framework_version"] for r in listed[1:4]
    }
    assert frameworks == {inspection.framework_version}

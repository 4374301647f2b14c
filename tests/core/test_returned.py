"""The returned-to-force list: exactly the live case audits whose head says immediate risk."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ncpi_field.returned import (
    RETURN_STATUSES,
    STATUS_LABELS,
    ReturnedCase,
    first_marked,
    return_status,
    says_immediate_risk,
    time_since,
)
from ncpi_field.service import VaultService
from ncpi_field.vault import Vault


@pytest.fixture
def service(vault: Vault) -> VaultService:
    return VaultService(vault)


def risk(status: str = "", *, returned: bool = True) -> dict[str, Any]:
    answers: dict[str, Any] = {"audit_ref": "CA-T", "immediate_risk": "yes"}
    if returned:
        answers["returned_to_force_at"] = "2026-03-06T10:20"
    if status:
        answers["force_action_status"] = status
    return answers


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (risk(returned=False), "note_due"),
        (risk("awaiting_response", returned=False), "note_due"),
        (risk(), "note_issued"),
        (risk("awaiting_response"), "note_issued"),
        (risk("acknowledged"), "acknowledged"),
        (risk("action_taken"), "action_taken"),
        (risk("no_action_with_rationale"), "no_action"),
    ],
)
def test_the_status_follows_what_the_inspector_recorded(
    answers: dict[str, Any], expected: str
) -> None:
    assert return_status(answers) == expected
    assert STATUS_LABELS[return_status(answers)]


def test_every_status_has_a_label() -> None:
    assert set(STATUS_LABELS) == set(RETURN_STATUSES)


def test_a_case_goes_on_the_list_when_risk_is_marked_and_keeps_its_first_marking(
    service: VaultService,
) -> None:
    first = service.put_draft("case_audit", {"audit_ref": "CA-1", "immediate_risk": "no"})
    record_id = first.version.record_id
    assert service.returned_cases() == []
    marked = service.put_draft("case_audit", risk(returned=False), record_id=record_id)
    [row] = service.returned_cases()
    assert (row.record_id, row.status, row.marked_at) == (
        record_id,
        "note_due",
        marked.version.saved_at,
    )
    service.put_draft("case_audit", risk("acknowledged"), record_id=record_id)
    [row] = service.returned_cases()
    assert (row.status, row.marked_at) == ("acknowledged", marked.version.saved_at)


def test_withdrawn_cases_stay_marked_withdrawn_and_deleted_ones_drop_out(
    service: VaultService,
) -> None:
    kept = service.put_draft("case_audit", risk()).version.record_id
    gone = service.put_draft("case_audit", risk()).version.record_id
    service.withdraw(kept)
    service.delete(gone)
    rows = service.returned_cases()
    assert [(r.record_id, r.record_status) for r in rows] == [(kept, "withdrawn")]


def test_other_instruments_never_appear(service: VaultService) -> None:
    service.put_draft("observation", {"immediate_risk": "yes"})
    assert service.returned_cases() == []


def test_the_force_reference_is_never_in_a_row(service: VaultService) -> None:
    record_id = service.put_draft("case_audit", risk()).version.record_id
    service.hold_case_reference(record_id, "insp-1", "FORCEREF-998877")
    [row] = service.returned_cases()
    assert "FORCEREF-998877" not in repr(dataclasses.astuple(row))
    assert service.show_case_reference(record_id) == "FORCEREF-998877"


def test_time_since_marking_is_never_negative() -> None:
    now = datetime(2026, 3, 6, 12, tzinfo=UTC)
    row = ReturnedCase("r", "CA-1", "", now.isoformat(), "note_due", "draft", False)
    assert row.marked_since(now + timedelta(hours=5)) == 5 * 3600
    assert row.marked_since(now - timedelta(hours=5)) == 0


ANSWERS = st.fixed_dictionaries(
    {"immediate_risk": st.sampled_from(["yes", "no", ""])},
    optional={
        "returned_to_force_at": st.sampled_from(["", "2026-03-06T10:20"]),
        "force_action_status": st.sampled_from(
            ["", "awaiting_response", "acknowledged", "action_taken", "no_action_with_rationale"]
        ),
    },
)
OPS = st.lists(
    st.tuples(
        st.integers(0, 3),
        st.one_of(ANSWERS, st.sampled_from(["withdraw", "delete"])),
    ),
    min_size=1,
    max_size=10,
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=OPS)
def test_the_list_is_exactly_the_live_case_audits_whose_head_says_immediate_risk(
    service: VaultService, ops: list[tuple[int, dict[str, Any] | str]]
) -> None:
    # The vault is shared by the examples, so the law is checked over every record in it.
    ids: dict[int, str] = {}
    deleted: set[str] = set()
    for slot, op in ops:
        record_id = ids.get(slot)
        if record_id in deleted:
            continue
        if isinstance(op, dict):
            ids[slot] = service.put_draft("case_audit", op, record_id=record_id).version.record_id
        elif record_id is not None and op == "withdraw":
            service.withdraw(record_id)
        elif record_id is not None:
            service.delete(record_id)
            deleted.add(record_id)
    expected = {}
    for summary in service.list_records():
        head = service.record(summary.record_id).heads[0]
        if summary.form_id == "case_audit" and says_immediate_risk(head.answers):
            history = service.history(summary.record_id)
            marked = first_marked(history)
            assert marked is not None
            expected[summary.record_id] = (return_status(head.answers), marked.saved_at)
    rows = service.returned_cases()
    assert {r.record_id: (r.status, r.marked_at) for r in rows} == expected
    assert [r.marked_at for r in rows] == sorted(r.marked_at for r in rows)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (10, "just now"),
        (60, "1 minute ago"),
        (59 * 60, "59 minutes ago"),
        (3600, "1 hour ago"),
        (47 * 3600, "47 hours ago"),
        (48 * 3600, "2 days ago"),
    ],
)
def test_time_since_marking_reads_in_words(seconds: float, words: str) -> None:
    assert time_since(seconds) == words


def test_a_conflict_is_listed_when_any_head_says_risk_with_the_least_advanced_status(
    service: VaultService,
) -> None:
    first = service.put_draft("case_audit", {"audit_ref": "CA-C", "immediate_risk": "no"})
    record_id, root = first.version.record_id, first.version.version_id
    service.put_draft("case_audit", risk("action_taken"), record_id=record_id, parents=[root])
    service.put_draft("case_audit", risk(returned=False), record_id=record_id, parents=[root])
    service.put_draft("case_audit", risk("acknowledged"), record_id=record_id, parents=[root])
    assert len(service.record(record_id).heads) == 3
    [row] = service.returned_cases()
    assert (row.in_conflict, row.status) == (True, "note_due")


def test_a_conflict_whose_heads_all_say_no_risk_is_not_listed(service: VaultService) -> None:
    first = service.put_draft("case_audit", risk())
    record_id, root = first.version.record_id, first.version.version_id
    calm = {"audit_ref": "CA-C", "immediate_risk": "no"}
    service.put_draft("case_audit", calm, record_id=record_id, parents=[root])
    service.put_draft("case_audit", calm, record_id=record_id, parents=[root])
    assert len(service.record(record_id).heads) == 2
    assert service.returned_cases() == []

"""Issuing: each issue a frozen, numbered version with its SHA-256; the return note's effects."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from ncpi_field.errors import DebriefNotFound, InvalidRecord
from ncpi_field.service import VaultService
from tests.reports.reports_helpers import demo_service, docx_text

REFERENCE = "ZX/40411/26"


def fake_pdf(html: str, marking: str, title: str) -> bytes:
    return f"%PDF-test {marking} {title} {len(html)}".encode()


@pytest.fixture
def service(tmp_path: Path, template_vault: tuple[Path, str]) -> Iterator[VaultService]:
    opened = demo_service(template_vault[0], tmp_path / "vault")
    yield opened
    opened.lock()


def test_each_issue_is_a_new_numbered_version_with_the_bytes_and_their_hashes(
    service: VaultService,
) -> None:
    first = service.issue_debrief("hot", fake_pdf, internal=True)
    second = service.issue_debrief("hot", fake_pdf, internal=True)
    force = service.issue_debrief("hot", fake_pdf)
    assert (first.number, second.number, force.number) == (1, 2, 1)
    assert [i.issue_id for i in service.issued_documents()] == [
        first.issue_id,
        second.issue_id,
        force.issue_id,
    ]
    pdf = service.issued_file(first.issue_id, "pdf")
    assert pdf.startswith(b"%PDF-test OFFICIAL-SENSITIVE Hot debrief")
    assert hashlib.sha256(pdf).hexdigest() == first.pdf_sha256
    docx = service.issued_file(force.issue_id, "docx")
    assert hashlib.sha256(docx).hexdigest() == force.docx_sha256
    assert "The force's version" in docx_text(docx)
    html = service.issued_file(force.issue_id, "html")
    assert hashlib.sha256(html).hexdigest() == force.html_sha256
    assert force.subject_version_id == service.record(force.subject_record_id).heads[0].version_id


@pytest.mark.parametrize(
    "statement",
    ["UPDATE issued_documents SET title = 'changed'", "DELETE FROM issued_documents"],
)
def test_nothing_issued_can_change(service: VaultService, statement: str) -> None:
    issued = service.issue_debrief("hot", fake_pdf)
    with pytest.raises(DatabaseError, match="cannot be changed"):  # noqa: SIM117
        with service.vault.session() as session:
            session.execute(text(statement))
    assert service.issued_documents() == [issued]


def risky_audit(service: VaultService) -> str:
    saved = service.put_draft(
        "case_audit",
        {
            "audit_ref": "CA-900",
            "primary_category": "CSE",
            "immediate_risk": "yes",
            "risk_description": "The child is still in contact with the adult who exploited them.",
            "lead_inspector_informed": "yes",
        },
    )
    record_id = saved.version.record_id
    service.hold_case_reference(record_id, "inspection-1", REFERENCE)
    return record_id


def test_issuing_a_return_note_records_the_return_and_never_stores_the_reference(
    service: VaultService,
) -> None:
    record_id = risky_audit(service)
    status = {c.record_id: c.status for c in service.returned_cases()}
    assert status[record_id] == "note_due"
    with pytest.raises(InvalidRecord, match="who in the force receives"):
        service.issue_return_note(record_id, fake_pdf)
    with pytest.raises(InvalidRecord, match="recipient's role"):
        service.issue_return_note(record_id, fake_pdf, recipient_role="the sergeant")
    assert service.issued_documents() == []
    with pytest.raises(InvalidRecord, match="YYYY-MM-DD"):
        service.prepare_debrief("daily", date="27/11/2026")

    issued = service.issue_return_note(record_id, fake_pdf, recipient_role="duty_inspector")
    status = {c.record_id: c.status for c in service.returned_cases()}
    assert status[record_id] == "note_issued"
    head = service.record(record_id).heads[0]
    assert head.answers["force_recipient_role"] == "duty_inspector"
    assert head.answers["force_action_status"] == "awaiting_response"
    assert head.answers["returned_to_force_at"]
    assert issued.subject_version_id == head.version_id

    html = service.issued_file(issued.issue_id, "html").decode()
    docx = docx_text(service.issued_file(issued.issue_id, "docx"))
    for document in (html, docx):
        facts = ("CA-900" in document, "Child sexual exploitation" in document,
                 "Duty inspector" in document, REFERENCE in document)  # fmt: skip
        assert facts == (True, True, True, False)

    copy = service.prepare_return_note(record_id, with_force_reference=True)
    copy.refuse_if_unsafe()
    printed = (REFERENCE in copy.html, REFERENCE in docx_text(copy.docx))
    assert printed == (True, True)
    warned = "This copy carries the force's own case reference" in copy.html
    assert warned


def test_a_note_that_fails_to_store_leaves_the_case_as_it_was(
    service: VaultService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The case's new return status and its note are one transaction: neither without the other."""
    record_id = risky_audit(service)
    before = service.history(record_id)

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("ncpi_field.reports.issued.store", full_disk)
    with pytest.raises(OSError, match="disk full"):
        service.issue_return_note(record_id, fake_pdf, recipient_role="duty_inspector")
    assert [v.version_id for v in service.history(record_id)] == [v.version_id for v in before]
    assert {c.record_id: c.status for c in service.returned_cases()}[record_id] == "note_due"
    assert service.issued_documents() == []

    monkeypatch.undo()
    issued = service.issue_return_note(record_id, fake_pdf, recipient_role="duty_inspector")
    assert issued.subject_version_id == service.record(record_id).heads[0].version_id
    assert len(service.history(record_id)) == len(before) + 1


def test_a_case_without_immediate_risk_has_no_note(service: VaultService) -> None:
    saved = service.put_draft("case_audit", {"audit_ref": "CA-901", "immediate_risk": "no"})
    with pytest.raises(InvalidRecord, match="does not record an immediate risk"):
        service.prepare_return_note(saved.version.record_id)


def test_a_debrief_in_conflict_is_refused_in_words(service: VaultService) -> None:
    record = next(
        s.record_id
        for s in service.list_records()
        if s.form_id == "debrief"
        and service.record(s.record_id).heads[0].answers["debrief_type"].startswith("hot")
    )
    head = service.record(record).heads[0]
    for note in ("One inspector's edit.", "Another's."):
        answers = {**head.answers, "force_response": note}
        service.put_draft("debrief", answers, record_id=record, parents=[head.version_id])
    assert service.record(record).summary.in_conflict
    with pytest.raises(DebriefNotFound, match="in conflict"):
        service.prepare_debrief("hot")

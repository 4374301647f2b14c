"""The document use cases behind ``VaultService``: prepare (preview, export), issue, list.

The service's methods are one line each over these. The PDF is drawn by Qt, which the core
never imports, so the faces pass a ``PdfRenderer`` in (ui/reports_pdf.py); everything else,
the checks and the store, happens here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

from ncpi_field.errors import DocumentRefused, InvalidRecord
from ncpi_field.reports import checks, gather, issued
from ncpi_field.reports.debrief_model import Audience, Debrief, Kind, Quoted, build_debrief
from ncpi_field.reports.docx import debrief_docx, return_note_docx
from ncpi_field.reports.html import debrief_html, return_note_html
from ncpi_field.reports.issued import Issued, ToIssue
from ncpi_field.reports.return_note import ReturnNote, build_return_note
from ncpi_field.returned import STATUS_LABELS, return_status

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ncpi_field.records import Status, Version
    from ncpi_field.service import VaultService

PdfRenderer = Callable[[str, str, str], bytes]  # (html, security marking, title) -> PDF bytes
DEFAULT_MARKING: Final = "OFFICIAL-SENSITIVE"
_ISO_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class Prepared:
    """A document ready to preview, export or issue, and what would stop it being issued."""

    document: str  # hot_debrief, daily_debrief, return_note
    audience: Audience
    title: str
    file_stem: str
    subject_record_id: str
    subject_version_id: str
    security_marking: str
    html: str
    docx: bytes
    quoted: tuple[Quoted, ...]
    problems: tuple[str, ...]
    debrief: Debrief | None = None
    note: ReturnNote | None = None
    subject_complete: bool = True

    def refuse_if_unsafe(self) -> None:
        if self.problems:
            listed = "; ".join(self.problems[:5])
            more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
            raise DocumentRefused(
                f"The document was not issued: {listed}{more}. Change those answers and try again.",
                tuple(self.problems),
            )


def prepare_debrief(
    service: VaultService, kind: Kind, *, date: str | None = None, internal: bool = False
) -> Prepared:
    if date is not None and not _ISO_DATE.fullmatch(date):
        raise InvalidRecord("Give the debrief's date as YYYY-MM-DD, for example 2026-03-06.")
    audience: Audience = "internal" if internal else "force"
    with service.vault.session() as session:
        evidence = gather.gather(session, kind, date, internal)
        references = [ref for _, ref in gather.held_case_references(session)]
    model = build_debrief(evidence, audience, gather.choice_label)
    html = debrief_html(model)
    found = checks.problems(model.quoted, html, references)
    document = "hot_debrief" if model.kind == "hot" else "daily_debrief"
    suffix = "internal" if internal else "force"
    return Prepared(
        document=document,
        audience=audience,
        title=f"{model.header.title} ({model.header.debrief_ref}, {suffix})",
        file_stem=f"{model.header.debrief_ref}-{document.replace('_', '-')}-{suffix}",
        subject_record_id=evidence.debrief.record_id,
        subject_version_id=evidence.debrief_version,
        security_marking=model.header.security_marking,
        html=html,
        docx=debrief_docx(model),
        quoted=model.quoted,
        problems=tuple(str(p) for p in found),
        debrief=model,
        subject_complete=_status(service, evidence.debrief.record_id) == "complete",
    )


def _status(service: VaultService, record_id: str) -> str:
    return service.record(record_id).summary.status


def issue_debrief(
    service: VaultService,
    kind: Kind,
    render_pdf: PdfRenderer,
    *,
    date: str | None = None,
    internal: bool = False,
) -> Issued:
    """Freeze the debrief as issued: checks, then the PDF, DOCX and HTML stored with hashes."""
    prepared = prepare_debrief(service, kind, date=date, internal=internal)
    prepared.refuse_if_unsafe()
    if not prepared.subject_complete:
        raise InvalidRecord("The debrief record is still a draft: complete it before issuing.")
    model = prepared.debrief
    assert model is not None
    if kind == "hot" and not internal and not model.provisional_approved:
        raise InvalidRecord(
            "The lead HMI has not approved this hot debrief: approve it before it is issued "
            "to the force."
        )
    return _store(service, prepared, render_pdf)


def _store(service: VaultService, prepared: Prepared, render_pdf: PdfRenderer) -> Issued:
    item = _to_issue(prepared, render_pdf)
    with service.vault.write_session("the issued document") as session:
        return issued.store(session, item, device=service.identity.device_id, now=_now())


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _to_issue(prepared: Prepared, render_pdf: PdfRenderer) -> ToIssue:
    pdf = render_pdf(prepared.html, prepared.security_marking, prepared.title)
    return ToIssue(
        document=prepared.document,
        audience=prepared.audience,
        subject_record_id=prepared.subject_record_id,
        subject_version_id=prepared.subject_version_id,
        title=prepared.title,
        security_marking=prepared.security_marking,
        html=prepared.html,
        pdf=pdf,
        docx=prepared.docx,
    )


def prepare_return_note(
    service: VaultService,
    record_id: str,
    *,
    with_force_reference: bool = False,
    answers: Mapping[str, Any] | None = None,
) -> Prepared:
    """The note for one case audit (``answers`` overrides its current answers, for issuing)."""
    view = service.record(record_id)
    if view.summary.form_id != "case_audit" or view.summary.deleted:
        raise InvalidRecord("A return-to-force note is made from a case audit.")
    if view.summary.in_conflict:
        raise InvalidRecord(
            "Two versions of this case audit disagree: resolve the conflict before the note."
        )
    head = view.heads[0]
    current = dict(answers if answers is not None else head.answers)
    with service.vault.session() as session:
        held = gather.held_case_references(session)
        context = _inspection_context(gather.live_heads(session), current)
    own = next((ref for rid, ref in held if rid == record_id), None)
    if with_force_reference and own is None:
        raise InvalidRecord("No force case reference is held for this case audit.")
    note = build_return_note(
        view.summary.title,
        current,
        gather.choice_label,
        marking=context[0],
        force=context[1],
        status=STATUS_LABELS[return_status(current)],
        force_reference=own if with_force_reference else None,
    )
    html = return_note_html(note)
    allowed = own if with_force_reference else None
    found = checks.problems(note.quoted, html, [r for _, r in held], allowed_reference=allowed)
    suffix = "force-copy-with-reference" if with_force_reference else "force"
    return Prepared(
        document="return_note",
        audience="force",
        title=f"Return to force: {view.summary.title}",
        file_stem=f"{view.summary.title}-return-note-{suffix}",
        subject_record_id=record_id,
        subject_version_id=head.version_id,
        security_marking=note.security_marking,
        html=html,
        docx=return_note_docx(note),
        quoted=note.quoted,
        problems=tuple(str(p) for p in found),
        note=note,
        subject_complete=view.summary.status == "complete",
    )


def issue_return_note(
    service: VaultService,
    record_id: str,
    render_pdf: PdfRenderer,
    *,
    recipient_role: str | None = None,
) -> Issued:
    """Issue the note and move the case's return on: passed to the force now (if not yet
    recorded), awaiting the force's response (if nothing is recorded yet).

    The stored issue never carries the force's case reference: a copy printed with it (the
    force's own) is made by ``prepare_return_note(with_force_reference=True)`` and never kept,
    so purging the references leaves no copy of one behind in the vault.
    """
    view = service.record(record_id)
    head = view.heads[0]
    answers = dict(head.answers)
    if recipient_role:
        if not gather.choice_label("case_audit", "force_recipient_role", recipient_role):
            raise InvalidRecord(
                "Give the recipient's role as force_liaison_officer, duty_inspector, "
                "head_of_public_protection or other."
            )
        answers["force_recipient_role"] = recipient_role
    if not answers.get("returned_to_force_at"):
        answers["returned_to_force_at"] = datetime.now().astimezone().strftime("%Y-%m-%dT%H:%M")
    if not answers.get("force_action_status"):
        answers["force_action_status"] = "awaiting_response"
    prepared = prepare_return_note(service, record_id, answers=answers)
    prepared.refuse_if_unsafe()
    if answers == dict(head.answers):
        return _store(service, prepared, render_pdf)
    # The case's new return status and the note stand or fall together: one transaction.
    item = _to_issue(prepared, render_pdf)
    stored: list[Issued] = []

    def keep_note(session: Session, version: Version) -> None:
        subject = replace(item, subject_version_id=version.version_id)
        stored.append(issued.store(session, subject, device=service.identity.device_id, now=_now()))

    status: Status = "complete" if view.summary.status == "complete" else "draft"
    service.save_alongside(
        "case_audit",
        answers,
        keep_note,
        status=status,
        record_id=record_id,
        parents=[head.version_id],
    )
    return stored[0]


def _inspection_context(rows: list[Any], answers: Mapping[str, Any]) -> tuple[str, str]:
    """(security marking, force) for a note: from the inspection record when there is one."""
    inspection_id = answers.get("inspection")
    inspections = [r for r in rows if r.form_id == gather.INSPECTION_FORM]
    found = next((r for r in inspections if r.record_id == inspection_id), None)
    if found is None and len(inspections) == 1:
        found = inspections[0]
    if found is None:
        markings = sorted(
            (str(r.answers.get("date") or ""), str(r.answers.get("security_marking") or ""))
            for r in rows
            if r.form_id == "debrief"
        )
        marking = markings[-1][1] if markings and markings[-1][1] else DEFAULT_MARKING
        return marking, "Not recorded"
    force = str(found.answers.get("force") or "")
    return (
        str(found.answers.get("security_marking") or DEFAULT_MARKING),
        gather.choice_label("inspection", "force", force) or force or "Not recorded",
    )


def issued_documents(service: VaultService) -> list[Issued]:
    with service.vault.session() as session:
        return issued.issued_list(session)


def issued_file(service: VaultService, issue_id: str, file_format: str) -> bytes:
    with service.vault.session() as session:
        return issued.issued_file(session, issue_id, file_format)

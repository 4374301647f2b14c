"""The store of issued documents: each issue frozen with its bytes and their SHA-256.

An issue is a row of ``issued_documents``; the database refuses to change or delete one
(triggers in migration 0006), so the list shows exactly what the force was given and when.
Re-issuing the same document adds a row with the next number.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Final, Literal

from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import Session

from ncpi_field.errors import RecordNotFound, UserError
from ncpi_field.models import IssuedDocument

FileFormat = Literal["pdf", "docx", "html"]
DOCUMENT_LABELS: Final = {
    "hot_debrief": "Hot debrief",
    "daily_debrief": "Daily debrief",
    "return_note": "Return-to-force note",
}


class UnknownFormat(UserError):
    """A file format other than pdf, docx or html was asked for."""


@dataclass(frozen=True)
class Issued:
    """One row of the issued list: what was issued, to whom, when, and the files' hashes."""

    issue_id: str
    document: str
    audience: str
    subject_record_id: str
    subject_version_id: str
    number: int
    title: str
    security_marking: str
    issued_at: str
    issued_by: str
    pdf_sha256: str
    docx_sha256: str
    html_sha256: str

    @property
    def label(self) -> str:
        who = "the force" if self.audience == "force" else "internal"
        return f"{DOCUMENT_LABELS.get(self.document, self.document)}, {who}, version {self.number}"


@dataclass(frozen=True)
class ToIssue:
    document: str
    audience: str
    subject_record_id: str
    subject_version_id: str
    title: str
    security_marking: str
    html: str
    pdf: bytes
    docx: bytes


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store(session: Session, item: ToIssue, *, device: str, now: str) -> Issued:
    """Add the issue as the next version of its document; returns the row as listed."""
    latest = session.scalar(
        select(func.max(IssuedDocument.number)).where(
            IssuedDocument.document == item.document,
            IssuedDocument.subject_record_id == item.subject_record_id,
            IssuedDocument.audience == item.audience,
        )
    )
    html = item.html.encode("utf-8")
    row = IssuedDocument(
        issue_id=str(uuid.uuid4()),
        document=item.document,
        audience=item.audience,
        subject_record_id=item.subject_record_id,
        subject_version_id=item.subject_version_id,
        number=(latest or 0) + 1,
        title=item.title,
        security_marking=item.security_marking,
        issued_at=now,
        issued_by=device,
        html=html,
        html_sha256=sha256(html),
        pdf=item.pdf,
        pdf_sha256=sha256(item.pdf),
        docx=item.docx,
        docx_sha256=sha256(item.docx),
    )
    session.add(row)
    session.flush()
    return _listed(row)


def issued_list(session: Session) -> list[Issued]:
    """Everything issued, oldest first."""
    # rowid: the order of insertion, for issues within the same millisecond.
    rows = session.scalars(
        select(IssuedDocument).order_by(IssuedDocument.issued_at, literal_column("rowid"))
    ).all()
    return [_listed(r) for r in rows]


def issued_file(session: Session, issue_id: str, file_format: str) -> bytes:
    """The exact bytes issued, checked against the hash stored with them."""
    row = session.get(IssuedDocument, issue_id)
    if row is None:
        matches = session.scalars(
            select(IssuedDocument).where(IssuedDocument.issue_id.startswith(issue_id))
        ).all()
        if len(matches) != 1 or len(issue_id) < 6:
            raise RecordNotFound("No issued document has that id.")
        row = matches[0]
    if file_format == "pdf":
        data, digest = row.pdf, row.pdf_sha256
    elif file_format == "docx":
        data, digest = row.docx, row.docx_sha256
    elif file_format == "html":
        data, digest = row.html, row.html_sha256
    else:
        raise UnknownFormat("Ask for pdf, docx or html.")
    if sha256(data) != digest:
        raise UserError("The stored document no longer matches its SHA-256: do not send it.")
    return data


def _listed(row: IssuedDocument) -> Issued:
    return Issued(
        issue_id=row.issue_id,
        document=row.document,
        audience=row.audience,
        subject_record_id=row.subject_record_id,
        subject_version_id=row.subject_version_id,
        number=row.number,
        title=row.title,
        security_marking=row.security_marking,
        issued_at=row.issued_at,
        issued_by=row.issued_by,
        pdf_sha256=row.pdf_sha256,
        docx_sha256=row.docx_sha256,
        html_sha256=row.html_sha256,
    )

"""Issued documents: each written debrief or return-to-force note as issued, frozen.

Revision ID: 0006_issued_documents
Revises: 0005_records_inspection_id
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006_issued_documents"
down_revision: str | None = "0005_records_inspection_id"
branch_labels: str | None = None
depends_on: str | None = None

FROZEN = "An issued document cannot be changed or deleted: issue a new version instead."


def upgrade() -> None:
    op.create_table(
        "issued_documents",
        sa.Column("issue_id", sa.String(36), nullable=False),
        sa.Column("document", sa.String(32), nullable=False),
        sa.Column("audience", sa.String(16), nullable=False),
        sa.Column("subject_record_id", sa.String(36), nullable=False),
        sa.Column("subject_version_id", sa.String(36), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("security_marking", sa.String(40), nullable=False),
        sa.Column("issued_at", sa.String(40), nullable=False),
        sa.Column("issued_by", sa.String(64), nullable=False),
        sa.Column("html", sa.LargeBinary(), nullable=False),
        sa.Column("html_sha256", sa.String(64), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("pdf_sha256", sa.String(64), nullable=False),
        sa.Column("docx", sa.LargeBinary(), nullable=False),
        sa.Column("docx_sha256", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("issue_id", name="pk_issued_documents"),
    )
    op.create_index(
        "ix_issued_documents_subject_record_id", "issued_documents", ["subject_record_id"]
    )
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER issued_documents_no_{action.lower()} BEFORE {action}"
            f" ON issued_documents BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END"
        )


def downgrade() -> None:
    for action in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS issued_documents_no_{action}")
    op.drop_index("ix_issued_documents_subject_record_id", table_name="issued_documents")
    op.drop_table("issued_documents")

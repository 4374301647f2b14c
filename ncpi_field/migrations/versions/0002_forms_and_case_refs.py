"""Form definitions kept by hash, force case references held apart, and their purge log.

Revision ID: 0002_forms_and_case_refs
Revises: 0001_baseline
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002_forms_and_case_refs"
down_revision: str | None = "0001_baseline"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "form_definitions",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("form_id", sa.String(100), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("workbook", sa.LargeBinary(), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("stored_at", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_form_definitions"),
    )
    op.create_index("ix_form_definitions_form_id", "form_definitions", ["form_id", "version"])
    op.create_table(
        "case_references",
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("inspection_id", sa.String(36), nullable=False),
        sa.Column("force_reference", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.record_id"], name="fk_case_references_record_id_records"
        ),
        sa.PrimaryKeyConstraint("record_id", name="pk_case_references"),
    )
    op.create_index("ix_case_references_inspection_id", "case_references", ["inspection_id"])
    op.create_table(
        "case_reference_purges",
        sa.Column("purge_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("inspection_id", sa.String(36), nullable=False),
        sa.Column("purged_count", sa.Integer(), nullable=False),
        sa.Column("purged_at", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("purge_id", name="pk_case_reference_purges"),
    )


def downgrade() -> None:
    op.drop_table("case_reference_purges")
    op.drop_index("ix_case_references_inspection_id", table_name="case_references")
    op.drop_table("case_references")
    op.drop_index("ix_form_definitions_form_id", table_name="form_definitions")
    op.drop_table("form_definitions")

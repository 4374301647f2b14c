"""Baseline: settings, device identity, records, versions, parents, heads.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001_baseline"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_settings"),
    )
    op.create_table(
        "device_identity",
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("signing_private", sa.LargeBinary(), nullable=False),
        sa.Column("signing_public", sa.LargeBinary(), nullable=False),
        sa.Column("agreement_private", sa.LargeBinary(), nullable=False),
        sa.Column("agreement_public", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("device_id", name="pk_device_identity"),
    )
    op.create_table(
        "records",
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("form_id", sa.String(100), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("head_count", sa.Integer(), nullable=False),
        sa.Column("created_hlc", sa.String(64), nullable=False),
        sa.Column("updated_hlc", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("record_id", name="pk_records"),
    )
    op.create_table(
        "versions",
        sa.Column("version_id", sa.String(36), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("form_id", sa.String(100), nullable=False),
        sa.Column("form_version", sa.String(64), nullable=False),
        sa.Column("author_device", sa.String(64), nullable=False),
        sa.Column("hlc", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("tombstone", sa.Boolean(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.record_id"], name="fk_versions_record_id_records"
        ),
        sa.PrimaryKeyConstraint("version_id", name="pk_versions"),
    )
    op.create_index("ix_versions_record_id", "versions", ["record_id"])
    op.create_table(
        "version_parents",
        sa.Column("version_id", sa.String(36), nullable=False),
        sa.Column("parent_id", sa.String(36), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.version_id"], name="fk_version_parents_version_id_versions"
        ),
        sa.PrimaryKeyConstraint("version_id", "parent_id", name="pk_version_parents"),
    )
    op.create_index("ix_version_parents_parent_id", "version_parents", ["parent_id"])
    op.create_table(
        "heads",
        sa.Column("version_id", sa.String(36), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.version_id"], name="fk_heads_version_id_versions"
        ),
        sa.PrimaryKeyConstraint("version_id", name="pk_heads"),
    )
    op.create_index("ix_heads_record_id", "heads", ["record_id"])


def downgrade() -> None:
    op.drop_table("heads")
    op.drop_table("version_parents")
    op.drop_table("versions")
    op.drop_table("records")
    op.drop_table("device_identity")
    op.drop_table("settings")

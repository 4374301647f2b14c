"""Sync: the hybrid KEM key, trusted team devices, the import ledger and what was sent to whom.

Revision ID: 0004_sync_team_and_ledger
Revises: 0003_versions_hlc_index
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004_sync_team_and_ledger"
down_revision: str | None = "0003_versions_hlc_index"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "device_kem_keys",
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("kem_private", sa.LargeBinary(), nullable=False),
        sa.Column("kem_public", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("device_id", name="pk_device_kem_keys"),
    )
    op.create_table(
        "team_devices",
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("signing_public", sa.LargeBinary(), nullable=False),
        sa.Column("agreement_public", sa.LargeBinary(), nullable=False),
        sa.Column("kem_public", sa.LargeBinary(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("trusted_at", sa.String(40), nullable=False),
        sa.Column("revoked_at", sa.String(40), nullable=True),
        sa.PrimaryKeyConstraint("device_id", name="pk_team_devices"),
    )
    op.create_table(
        "imported_bundles",
        sa.Column("sender", sa.String(64), nullable=False),
        sa.Column("sequence", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("bundle_sha256", sa.String(64), nullable=False),
        sa.Column("bundle_id", sa.String(36), nullable=False),
        sa.Column("new_versions", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("sender", "sequence", name="pk_imported_bundles"),
    )
    op.create_table(
        "sent_bundles",
        sa.Column("recipient", sa.String(64), nullable=False),
        sa.Column("sequence", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("bundle_id", sa.String(36), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("recipient", "sequence", name="pk_sent_bundles"),
    )
    op.create_table(
        "sent_versions",
        sa.Column("recipient", sa.String(64), nullable=False),
        sa.Column("version_id", sa.String(36), nullable=False),
        sa.PrimaryKeyConstraint("recipient", "version_id", name="pk_sent_versions"),
    )


def downgrade() -> None:
    for table in (
        "sent_versions",
        "sent_bundles",
        "imported_bundles",
        "team_devices",
        "device_kem_keys",
    ):
        op.drop_table(table)

"""An index on versions.hlc: unlock reads the highest stamp, and must not scan every version.

Revision ID: 0003_versions_hlc_index
Revises: 0002_forms_and_case_refs
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

revision: str = "0003_versions_hlc_index"
down_revision: str | None = "0002_forms_and_case_refs"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_index("ix_versions_hlc", "versions", ["hlc"])


def downgrade() -> None:
    op.drop_index("ix_versions_hlc", table_name="versions")

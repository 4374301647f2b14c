"""An index on versions (form_id, form_version): a bundle lists the forms its versions use.

Without it the export read every version's row (answers spill over many pages) to find the
few forms in use: 70 to 120 ms at 5,000 versions. With it, a walk of a small index.

Revision ID: 0007_versions_form_index
Revises: 0006_issued_documents
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision: str = "0007_versions_form_index"
down_revision: str | None = "0006_issued_documents"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_index("ix_versions_form_id_form_version", "versions", ["form_id", "form_version"])


def downgrade() -> None:
    op.drop_index("ix_versions_form_id_form_version", table_name="versions")

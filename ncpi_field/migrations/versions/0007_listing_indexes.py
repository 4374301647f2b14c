"""Two indexes for listings people wait on: the records in creation order, the forms in use.

``record list`` (and the app's record list) reads records ORDER BY created_hlc, record_id:
without an index SQLite sorted every row, spilling to temporary storage past a few tens of
thousands (250 ms at 50,000 records, five times the 10,000 figure and more). A bundle lists
the forms its versions use: without the versions' (form_id, form_version) index that read
every version's row, answers spilling over many pages (70 to 120 ms at 5,000 versions).

Revision ID: 0007_listing_indexes
Revises: 0006_issued_documents
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision: str = "0007_listing_indexes"
down_revision: str | None = "0006_issued_documents"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_index("ix_records_created_hlc_record_id", "records", ["created_hlc", "record_id"])
    op.create_index("ix_versions_form_id_form_version", "versions", ["form_id", "form_version"])


def downgrade() -> None:
    op.drop_index("ix_versions_form_id_form_version", table_name="versions")
    op.drop_index("ix_records_created_hlc_record_id", table_name="records")

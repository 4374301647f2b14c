"""Records name their inspection: a derived, indexed ``records.inspection_id``, filled from heads.

Revision ID: 0005_records_inspection_id
Revises: 0004_sync_team_and_ledger
Create Date: 2026-11-30
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision: str = "0005_records_inspection_id"
down_revision: str | None = "0004_sync_team_and_ledger"
branch_labels: str | None = None
depends_on: str | None = None

# Per record, its latest living head first; a deleted record (only tombstone heads) falls back
# on its latest living version, where records.save left it filed.
_LIVING_VERSIONS = sa.text(
    "SELECT v.record_id, r.form_id, v.answers FROM versions v"
    " JOIN records r ON r.record_id = v.record_id"
    " LEFT JOIN heads h ON h.version_id = v.version_id"
    " WHERE v.tombstone = 0"
    " ORDER BY v.record_id, h.version_id IS NULL, v.hlc DESC, v.version_id DESC"
)


def upgrade() -> None:
    # Plain ALTER TABLE: SQLite adds a nullable column in place, so no table copy is made
    # (a batch copy would fight the foreign keys that point at records).
    op.add_column("records", sa.Column("inspection_id", sa.String(36), nullable=True))
    op.create_index("ix_records_inspection_id", "records", ["inspection_id"])
    connection = op.get_bind()
    filed: dict[str, str] = {}
    for record_id, form_id, answers in connection.execute(_LIVING_VERSIONS):
        if record_id in filed:
            continue  # the first row decides, as in records._refresh_record
        value = record_id if form_id == "inspection" else json.loads(answers).get("inspection")
        filed[record_id] = value if isinstance(value, str) and value else ""
    rows = [{"inspection": v, "record": k} for k, v in filed.items() if v]
    if rows:
        connection.execute(
            sa.text("UPDATE records SET inspection_id = :inspection WHERE record_id = :record"),
            rows,
        )


def downgrade() -> None:
    op.drop_index("ix_records_inspection_id", table_name="records")
    op.execute("ALTER TABLE records DROP COLUMN inspection_id")  # SQLite 3.35+, in place

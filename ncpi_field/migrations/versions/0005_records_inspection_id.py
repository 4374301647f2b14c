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

_LATEST_LIVING_HEADS = sa.text(
    "SELECT h.record_id, r.form_id, v.answers FROM heads h"
    " JOIN versions v ON v.version_id = h.version_id"
    " JOIN records r ON r.record_id = h.record_id"
    " WHERE v.tombstone = 0 ORDER BY h.record_id, v.hlc DESC, v.version_id DESC"
)


def upgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("inspection_id", sa.String(36), nullable=True))
        batch.create_index("ix_records_inspection_id", ["inspection_id"])
    connection = op.get_bind()
    filed: dict[str, str] = {}
    for record_id, form_id, answers in connection.execute(_LATEST_LIVING_HEADS):
        if record_id in filed:
            continue  # the latest living head decides, as records._refresh_record does
        value = record_id if form_id == "inspection" else json.loads(answers).get("inspection")
        filed[record_id] = value if isinstance(value, str) and value else ""
    rows = [{"inspection": v, "record": k} for k, v in filed.items() if v]
    if rows:
        connection.execute(
            sa.text("UPDATE records SET inspection_id = :inspection WHERE record_id = :record"),
            rows,
        )


def downgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.drop_index("ix_records_inspection_id")
        batch.drop_column("inspection_id")

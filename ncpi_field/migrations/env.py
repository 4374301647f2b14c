"""Alembic environment: always runs on the vault's own, already keyed, connection."""

from __future__ import annotations

from alembic import context

from ncpi_field.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the vault always passes its connection
    raise RuntimeError("migrations run only through ncpi_field.schema.upgrade")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

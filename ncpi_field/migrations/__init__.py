"""Alembic migrations for the vault schema, run in-process on unlock."""

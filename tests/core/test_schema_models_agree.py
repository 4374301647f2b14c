"""The SQLAlchemy models and the Alembic migrations describe the same schema."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from ncpi_field import database, keyslots, schema
from ncpi_field.models import Base
from ncpi_field.vault import Vault


def test_a_fresh_vault_matches_the_models(vault: Vault) -> None:
    with vault.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_a_fresh_vault_is_at_the_head_revision(vault: Vault) -> None:
    assert schema.current_revision(vault.engine) == schema.HEAD_REVISION
    assert schema.head_revision() == schema.HEAD_REVISION


def test_upgrading_a_baseline_vault_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "v.db"
    engine = database.open_engine(path, keyslots.new_data_key())
    config = schema._config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001_baseline")
        connection.execute(text("INSERT INTO settings (key, value) VALUES ('vault_id', 'x')"))
    assert "form_definitions" not in inspect(engine).get_table_names()
    schema.upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"form_definitions", "case_references", "case_reference_purges"} <= tables
    with engine.connect() as connection:
        value = connection.execute(text("SELECT value FROM settings WHERE key='vault_id'"))
        assert value.scalar_one() == "x"
    engine.dispose()

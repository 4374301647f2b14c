"""The SQLAlchemy models and the Alembic migrations describe the same schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from ncpi_field import database, keyslots, schema
from ncpi_field.errors import VaultNewerThanApp
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


def test_upgrading_a_0002_vault_adds_the_stamp_index(tmp_path: Path) -> None:
    engine = database.open_engine(tmp_path / "v.db", keyslots.new_data_key())
    config = schema._config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002_forms_and_case_refs")
    assert schema.current_revision(engine) == "0002_forms_and_case_refs"
    assert "ix_versions_hlc" not in {i["name"] for i in inspect(engine).get_indexes("versions")}
    schema.upgrade(engine)
    assert schema.current_revision(engine) == schema.HEAD_REVISION
    assert "ix_versions_hlc" in {i["name"] for i in inspect(engine).get_indexes("versions")}
    engine.dispose()


def test_an_empty_database_has_no_revision(tmp_path: Path) -> None:
    engine = database.open_engine(tmp_path / "v.db", keyslots.new_data_key())
    assert schema.current_revision(engine) is None
    engine.dispose()


def test_the_highest_stamp_is_read_from_the_index_not_a_scan(vault: Vault) -> None:
    """Unlock reads max(hlc) to restart the clock: a search of the index, never a table scan."""
    with vault.engine.connect() as connection:
        plan = connection.execute(text("EXPLAIN QUERY PLAN SELECT max(hlc) FROM versions")).all()
    details = " ".join(str(row[-1]) for row in plan)
    assert "ix_versions_hlc" in details
    assert "SCAN versions" not in details.replace("USING COVERING INDEX", "")


def test_every_migration_script_is_named_for_its_revision() -> None:
    """known_revisions() reads the scripts' names: each must be its revision."""
    assert schema.HEAD_REVISION in schema.known_revisions()
    assert "0001_baseline" in schema.known_revisions()
    assert len(schema.known_revisions()) == int(schema.HEAD_REVISION[:4])


def test_a_vault_from_a_newer_app_is_refused_untouched(
    created_vault: tuple[Path, str], passphrase: str
) -> None:
    directory, _vault_id = created_vault
    vault = Vault.unlock(directory, passphrase)
    with vault.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099_from_later'"))
    vault.lock()
    before = {p.name: p.read_bytes() for p in directory.iterdir() if p.is_file()}
    with pytest.raises(VaultNewerThanApp, match="newer version of NCPI Field"):
        Vault.unlock(directory, passphrase)
    after = {p.name: p.read_bytes() for p in directory.iterdir() if p.is_file()}
    assert after == before

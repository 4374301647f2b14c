"""Migration 0005 on a vault made by the code before inspections: nothing lost, the column added."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from ncpi_field import schema
from ncpi_field.schema import HEAD_REVISION
from ncpi_field.service import unlock_vault
from tests.conftest import PASSPHRASE
from tests.core.inspection_helpers import inspection_answers
from tests.core.kept_vaults import upgraded

# Made once by main's code at schema 0004 (tests/data/README.md); read from its status then.
BEFORE_DIGEST = "c7a642229d4974988476ec6431281adff2f6031cb9b3f610fb2bec038b037248"


def test_the_upgrade_keeps_every_version_and_adds_the_indexed_column(
    data_dir: Path, tmp_path: Path
) -> None:
    service = upgraded(data_dir, tmp_path, "schema-0004")
    try:
        status = service.status()
        # Upgraded through 0005 (this test's subject) to whatever the head is now.
        assert status.schema_version == HEAD_REVISION
        assert (status.records, status.versions) == (5, 6)
        assert status.state_digest == BEFORE_DIGEST
        with service.vault.session() as session:
            found = inspect(session.connection())
            assert "inspection_id" in {c["name"] for c in found.get_columns("records")}
            indexes = {i["name"]: i["column_names"] for i in found.get_indexes("records")}
        assert indexes["ix_records_inspection_id"] == ["inspection_id"]
        listed = service.list_records(include_deleted=True)
        assert [s.inspection_id for s in listed] == [None] * 5
        assert sum(s.deleted for s in listed) == 1
    finally:
        service.lock()


def test_an_upgraded_vault_files_old_records_under_a_new_inspection(
    data_dir: Path, tmp_path: Path
) -> None:
    service = upgraded(data_dir, tmp_path, "schema-0004")
    try:
        inspection = service.create_inspection(inspection_answers()).version.record_id
        old = next(s for s in service.list_records() if s.form_id == "observation")
        head = service.record(old.record_id).heads[0]
        answers = service.filed_answers(dict(head.answers), inspection)
        service.put_draft("observation", answers, record_id=old.record_id)
        assert [s.record_id for s in service.list_records(inspection_id=inspection)] == [
            old.record_id
        ]
    finally:
        service.lock()


def test_the_upgrade_fills_the_column_from_each_records_latest_living_head(
    tmp_path: Path, vault_dir: Path, created_vault: tuple[Path, str]
) -> None:
    service = unlock_vault(vault_dir, PASSPHRASE)
    inspection = service.create_inspection(inspection_answers()).version.record_id
    filed = service.put_draft("observation", service.filed_answers({"obs_ref": "OB-001"}))
    gone = service.put_draft("observation", service.filed_answers({"obs_ref": "OB-002"}))
    service.delete(gone.version.record_id)
    expected = {s.record_id: s.inspection_id for s in service.list_records(include_deleted=True)}
    engine = service.vault.engine
    config = schema._config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004_sync_team_and_ledger")
    schema.upgrade(engine)
    after = {s.record_id: s.inspection_id for s in service.list_records(include_deleted=True)}
    service.lock()
    assert after == expected
    assert expected[filed.version.record_id] == inspection
    assert expected[gone.version.record_id] == inspection
    assert expected[inspection] == inspection

"""Migration 0007 on a vault made by the code at schema 0006: nothing lost, the indexes added."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text

from ncpi_field import records
from ncpi_field.schema import HEAD_REVISION
from tests.core.kept_vaults import upgraded

# Made once by main's code at schema 0006 (tests/data/README.md); read from its status then.
BEFORE_DIGEST = "7342750a93afd8aec238b6f6a41285d07e0c9f8cb34314f7fe356ced549e3395"


def test_the_upgrade_keeps_every_version_and_adds_the_listing_indexes(
    data_dir: Path, tmp_path: Path
) -> None:
    service = upgraded(data_dir, tmp_path, "schema-0006")
    try:
        status = service.status()
        assert status.schema_version == HEAD_REVISION
        assert (status.records, status.versions) == (4, 6)
        assert status.state_digest == BEFORE_DIGEST
        with service.vault.session() as session:
            found = inspect(session.connection())
            indexes = {i["name"]: i["column_names"] for i in found.get_indexes("versions")}
            listed = {i["name"]: i["column_names"] for i in found.get_indexes("records")}
        assert indexes["ix_versions_form_id_form_version"] == ["form_id", "form_version"]
        assert indexes["ix_versions_hlc"] == ["hlc"]
        assert listed["ix_records_created_hlc_record_id"] == ["created_hlc", "record_id"]
    finally:
        service.lock()


def test_the_record_list_is_read_in_order_from_the_index_not_sorted(
    data_dir: Path, tmp_path: Path
) -> None:
    service = upgraded(data_dir, tmp_path, "schema-0006")
    try:
        query = f"{records._LIST_SQL} WHERE deleted = 0 ORDER BY created_hlc, record_id"
        with service.vault.session() as session:
            plan = session.execute(text("EXPLAIN QUERY PLAN " + query)).all()
        details = " ".join(str(row[-1]) for row in plan)
        assert "ix_records_created_hlc_record_id" in details
        assert "TEMP B-TREE" not in details
        listed = service.list_records()
        assert len(listed) == 3
        with service.vault.session() as session:
            created = dict(
                session.execute(text("SELECT record_id, created_hlc FROM records")).all()
            )
        keys = [(created[s.record_id], s.record_id) for s in listed]
        assert keys == sorted(keys)
    finally:
        service.lock()

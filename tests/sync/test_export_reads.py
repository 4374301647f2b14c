"""What a full export reads and writes: forms found in their index, versions read in stamp
order with ties broken as the incremental path breaks them, the ledger filled in one statement,
and the command's path free of the forms engine."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text
from sync_helpers import draft, payload_plaintext
from team_helpers import PASSPHRASE, Team

from ncpi_field import records
from ncpi_field.service import unlock_vault
from sync import bundle_export
from tests.forms_engine_probe import forms_engine_loaded

rows = st.lists(
    st.tuples(st.uuids().map(str), st.sampled_from(["0001.000001.a", "0001.000002.b", "0002"])),
    max_size=30,
)


@given(rows)
def test_rows_in_stamp_order_come_out_in_stamp_then_id_order(pairs: list[tuple[str, str]]) -> None:
    # As SQLite returns them for ORDER BY hlc: stamps in order, ties in any order.
    read = [(vid, "r", "f", "1", "d", hlc) for vid, hlc in sorted(pairs, key=lambda p: p[1])]
    ordered = list(bundle_export._by_clock(read))
    assert [(row[5], row[0]) for row in ordered] == sorted((hlc, vid) for vid, hlc in pairs)


def test_a_full_bundle_carries_what_a_first_incremental_one_does(
    team_vaults: Team, tmp_path: Path
) -> None:
    for ref in ("one", "two", "three"):
        draft(team_vaults.alice, ref)
    first = tmp_path / "first.bundle"
    bundle_export.export_bundle(team_vaults.alice, first)
    full = tmp_path / "full.bundle"
    bundle_export.export_bundle(team_vaults.alice, full, full=True)
    carried = payload_plaintext(team_vaults.lead, first)
    assert carried.count(b'"kind":"version"') == 3
    assert payload_plaintext(team_vaults.lead, full) == carried


def test_a_full_bundle_marks_every_version_had_by_each_recipient(
    team_vaults: Team, tmp_path: Path
) -> None:
    for ref in ("one", "two"):
        draft(team_vaults.alice, ref)
    bundle_export.export_bundle(team_vaults.alice, tmp_path / "1.bundle", full=True)
    with team_vaults.alice.vault.session() as session:
        cursor = records.cursor_of(session)
        had = cursor.execute("SELECT recipient, version_id FROM sent_versions").fetchall()
        versions = [r[0] for r in cursor.execute("SELECT version_id FROM versions").fetchall()]
    assert sorted(had) == sorted((_id(team_vaults, "lead"), v) for v in versions)
    again = bundle_export.export_bundle(team_vaults.alice, tmp_path / "2.bundle")
    assert again.header.versions == 0


def test_the_bundles_forms_are_searched_in_the_index(team_vaults: Team) -> None:
    draft(team_vaults.alice, "one")
    with team_vaults.alice.vault.session() as session:
        plan = session.execute(text("EXPLAIN QUERY PLAN " + bundle_export.FORMS_IN_USE)).all()
        found = records.cursor_of(session).execute(bundle_export.FORMS_IN_USE).fetchall()
    details = " ".join(str(row[-1]) for row in plan)
    assert "ix_versions_form_id_form_version" in details
    assert "SCAN v " not in details + " "
    assert [form_id for form_id, _version in found] == ["observation"]


def test_the_export_command_never_loads_the_forms_engine(
    team_template: Path, tmp_path: Path
) -> None:
    root = tmp_path / "team"
    shutil.copytree(team_template, root)
    alice = unlock_vault(root / "alice", PASSPHRASE)
    try:
        draft(alice, "one")
    finally:
        alice.lock()
    out = tmp_path / "out.bundle"
    args = ["bundle", "export", "--full", "--out", str(out), "--vault", str(root / "alice")]
    assert forms_engine_loaded(args, PASSPHRASE, tmp_path) == (0, [])
    assert out.stat().st_size > 0


def _id(team: Team, name: str) -> str:
    service = getattr(team, name)
    return str(service.identity.device_id)

"""``records.add_absent`` (the import's path, which has just looked the version and its record
up) leaves exactly what ``records.add`` leaves: the same listing row and the same heads, for
versions of one record arriving in any order, deletions and forks included."""

from __future__ import annotations

import random
import uuid
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ncpi_field import records
from ncpi_field.records import RecordId, Version, VersionId
from ncpi_field.vault import Vault

INSPECTIONS = ("inspection-a", "inspection-b", None)
TITLES = ("OBS-1", "OBS-2", "", None)

History = list[tuple[list[int], bool, str | None, str | None, int]]


@st.composite
def histories(draw: st.DrawFn) -> History:
    """Versions of one record: parent indexes, tombstone, inspection, title, clock offset."""
    count = draw(st.integers(1, 6))
    made: History = []
    for i in range(count):
        parents = draw(st.lists(st.integers(0, i - 1), max_size=2, unique=True)) if i else []
        made.append(
            (
                parents,
                draw(st.booleans()),
                draw(st.sampled_from(INSPECTIONS)),
                draw(st.sampled_from(TITLES)),
                draw(st.integers(0, 5)),  # clocks drift: a child may carry an earlier stamp
            )
        )
    return made


def versions_of(history: History) -> list[Version]:
    record = RecordId(str(uuid.uuid4()))
    ids = [VersionId(str(uuid.uuid4())) for _ in history]
    made = []
    for i, (parents, tombstone, inspection, title, offset) in enumerate(history):
        answers: dict[str, Any] = {}
        if not tombstone:
            answers = {"inspection": inspection, "obs_ref": title}
            answers = {k: v for k, v in answers.items() if v is not None}
        made.append(
            Version(
                version_id=ids[i],
                record_id=record,
                parents=tuple(sorted(ids[p] for p in parents)),
                form_id="observation",
                form_version="1",
                author_device="tests",
                hlc=f"{1000 + offset:013d}.{i:06d}.tests",
                status="withdrawn" if tombstone else "complete",
                tombstone=tombstone,
                answers=answers,
                saved_at="2026-03-06T12:00:00.000+00:00",
            )
        )
    return made


class _Undo(Exception):
    """Not an error: carries what was read out of a transaction that is then rolled back."""


def stored(vault: Vault, versions: list[Version], order: list[int], *, absent: bool) -> Any:
    """The record's listing row and heads after adding ``versions`` in ``order``; undone."""
    record_id = versions[0].record_id
    try:
        with vault.write_transaction("the test versions") as cursor:
            for i in order:
                version = versions[i]
                body = records.canonical_answers(version.answers)
                if absent:
                    row = cursor.execute(
                        "SELECT form_id, created_hlc FROM records WHERE record_id = ?",
                        (record_id,),
                    ).fetchone()
                    known = records.StoredRecord(*row) if row else None
                    records.add_absent(cursor, version, body, record=known, title_field="obs_ref")
                else:
                    assert records.add(cursor, version, body, title_field="obs_ref")
            listing = cursor.execute(
                "SELECT * FROM records WHERE record_id = ?", (record_id,)
            ).fetchall()
            heads = cursor.execute(
                "SELECT version_id FROM heads WHERE record_id = ? ORDER BY version_id",
                (record_id,),
            ).fetchall()
            raise _Undo(listing, heads)
    except _Undo as undo:
        return undo.args


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=histories(), seed=st.integers(0, 2**32))
def test_add_absent_leaves_what_add_leaves(vault: Vault, history: History, seed: int) -> None:
    versions = versions_of(history)
    order = list(range(len(versions)))
    random.Random(seed).shuffle(order)
    general = stored(vault, versions, order, absent=False)
    assert general[0], "the general path stored no listing row"
    assert stored(vault, versions, order, absent=True) == general


def test_a_first_version_writes_its_listing_row_at_once(vault: Vault) -> None:
    """The short path: a version that starts its record is its only head, titled and filed."""
    (version,) = versions_of([([], False, "inspection-a", "OBS-9", 0)])
    body = records.canonical_answers(version.answers)
    with vault.write_transaction("the test version") as cursor:
        records.add_absent(cursor, version, body, record=None, title_field="obs_ref")
    with vault.session() as session:
        summary = records.summary(session, version.record_id)
        assert [h.version_id for h in records.heads(session, version.record_id)] == [
            version.version_id
        ]
    assert (summary.title, summary.status, summary.head_count) == ("OBS-9", "complete", 1)
    assert (summary.inspection_id, summary.updated_hlc) == ("inspection-a", version.hlc)

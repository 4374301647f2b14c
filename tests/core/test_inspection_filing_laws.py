"""The derived ``records.inspection_id`` is a function of the versions a vault holds: the same
whatever order they arrive in (bundles come in any order), deletions included."""

from __future__ import annotations

import random
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ncpi_field import records
from ncpi_field.records import RecordId, Version, VersionId
from ncpi_field.vault import Vault

INSPECTIONS = ("inspection-a", "inspection-b", None)


@st.composite
def histories(draw: st.DrawFn) -> list[tuple[list[int], bool, str | None]]:
    """Versions of one record: (parent indexes among earlier ones, tombstone, inspection)."""
    count = draw(st.integers(1, 6))
    made = []
    for i in range(count):
        parents = draw(st.lists(st.integers(0, i - 1), max_size=2, unique=True)) if i else []
        made.append((parents, draw(st.booleans()), draw(st.sampled_from(INSPECTIONS))))
    return made


def stored_in_order(
    vault: Vault, history: list[tuple[list[int], bool, str | None]], order: list[int]
) -> str | None:
    record = RecordId(str(uuid.uuid4()))
    ids = [VersionId(str(uuid.uuid4())) for _ in history]
    versions = [
        Version(
            version_id=ids[i],
            record_id=record,
            parents=tuple(sorted(ids[p] for p in parents)),
            form_id="observation",
            form_version="1",
            author_device="tests",
            hlc=f"{1000 + i:013d}.000000.tests",
            status="withdrawn" if tombstone else "draft",
            tombstone=tombstone,
            answers={} if tombstone or inspection is None else {"inspection": inspection},
            saved_at="2026-03-06T12:00:00.000+00:00",
        )
        for i, (parents, tombstone, inspection) in enumerate(history)
    ]
    with vault.write_transaction("the test versions") as cursor:
        for i in order:
            records.add(cursor, versions[i])
    with vault.session() as session:
        return records.summary(session, record).inspection_id


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=histories(), seed=st.integers(0, 2**32))
def test_the_filing_does_not_depend_on_arrival_order(
    vault: Vault, history: list[tuple[list[int], bool, str | None]], seed: int
) -> None:
    forward = stored_in_order(vault, history, list(range(len(history))))
    shuffled = list(range(len(history)))
    random.Random(seed).shuffle(shuffled)
    assert stored_in_order(vault, history, shuffled) == forward

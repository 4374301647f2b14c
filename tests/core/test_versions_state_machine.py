"""Hypothesis state machine: heads are always the versions nobody names as a parent.

Runs the records layer over plain in-memory SQLite (it is storage-agnostic) so that many
sequences can be tried quickly; the SQLCipher engine is covered by the vault tests.
"""

from __future__ import annotations

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from sqlalchemy import create_engine, event, select
from sqlalchemy.orm import Session

from ncpi_field import records
from ncpi_field.hlc import HybridClock
from ncpi_field.models import Base, VersionRow
from ncpi_field.records import Draft, RecordId, VersionId


def _store() -> Session:
    engine = create_engine("sqlite://")
    event.listen(engine, "connect", lambda c, _r: c.execute("PRAGMA foreign_keys=ON"))
    Base.metadata.create_all(engine)
    return Session(engine)


class VersionGraph(RuleBasedStateMachine):
    record_ids = Bundle("record_ids")

    @initialize()
    def start(self) -> None:
        self.session = _store()
        self.replica = _store()
        self.clock = HybridClock("device-a")
        self.parents: dict[VersionId, tuple[VersionId, ...]] = {}
        self.owner: dict[VersionId, RecordId] = {}
        self.saved: list[records.Version] = []

    def _save(self, draft: Draft) -> records.Version:
        version = records.save(records.cursor_of(self.session), draft, "device-a", self.clock)
        self.session.commit()
        self.parents[version.version_id] = version.parents
        self.owner[version.version_id] = version.record_id
        self.saved.append(version)
        return version

    def _model_heads(self, record_id: RecordId, present: set[VersionId]) -> set[VersionId]:
        mine = {v for v in present if self.owner[v] == record_id}
        named = {p for v in mine for p in self.parents[v]}
        return mine - named

    @rule(target=record_ids, value=st.integers())
    def new_record(self, value: int) -> RecordId:
        return self._save(Draft(form_id="observation", answers={"n": value})).record_id

    @rule(record_id=record_ids, value=st.integers())
    def edit_from_heads(self, record_id: RecordId, value: int) -> None:
        before = self._model_heads(record_id, set(self.parents))
        version = self._save(Draft("observation", {"n": value}, record_id=record_id))
        assert set(version.parents) == before

    @rule(record_id=record_ids, data=st.data())
    def edit_from_an_old_version(self, record_id: RecordId, data: st.DataObject) -> None:
        mine = sorted(v for v, r in self.owner.items() if r == record_id)
        chosen = data.draw(st.lists(st.sampled_from(mine), min_size=1, max_size=3, unique=True))
        self._save(Draft("observation", {"n": 0}, record_id=record_id, parents=chosen))

    @rule(record_id=record_ids)
    def delete(self, record_id: RecordId) -> None:
        version = self._save(Draft("observation", {}, record_id=record_id, tombstone=True))
        assert version.tombstone

    @precondition(lambda self: bool(self.saved))
    @rule(data=st.data())
    def replicate_in_any_order(self, data: st.DataObject) -> None:
        order = data.draw(st.permutations(self.saved))
        for version in order:
            records.add(records.cursor_of(self.replica), version)
        self.replica.commit()
        assert records.state_digest(self.replica) == records.state_digest(self.session)

    @invariant()
    def heads_match_the_model(self) -> None:
        present = set(self.parents)
        for record_id in set(self.owner.values()):
            stored = {h.version_id for h in records.heads(self.session, record_id)}
            assert stored == self._model_heads(record_id, present)
            assert records.summary(self.session, record_id).head_count == len(stored)

    @invariant()
    def replica_heads_match_the_model_for_what_it_holds(self) -> None:
        present = {VersionId(v) for v in _all_version_ids(self.replica)}
        for record_id in {self.owner[v] for v in present}:
            stored = {h.version_id for h in records.heads(self.replica, record_id)}
            assert stored == self._model_heads(record_id, present)

    @invariant()
    def digest_moves_exactly_when_the_versions_do(self) -> None:
        # The digest covers full content (tests/core/test_state_digest.py); here: every new
        # version changes it, and nothing else does.
        held = frozenset(self.parents)
        digest = records.state_digest(self.session)
        last = getattr(self, "_last_digest", None)
        if last is not None:
            assert (digest == last[1]) == (held == last[0])
        self._last_digest = (held, digest)

    @invariant()
    def conflicts_are_records_with_several_heads(self) -> None:
        present = set(self.parents)
        expected = sum(
            1 for r in set(self.owner.values()) if len(self._model_heads(r, present)) > 1
        )
        assert records.counts(self.session).conflicts == expected

    def teardown(self) -> None:
        self.session.close()
        self.replica.close()


def _all_version_ids(session: Session) -> list[str]:
    return list(session.scalars(select(VersionRow.version_id)))


TestVersionGraph = VersionGraph.TestCase
TestVersionGraph.settings = settings(max_examples=60, stateful_step_count=25, deadline=None)
TestVersionGraph.pytestmark = [pytest.mark.slow]  # 60 runs of up to 25 steps

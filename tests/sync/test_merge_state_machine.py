"""Hypothesis state machine: a team edits apart, versions travel in any order, the lead merges
the soft conflicts and resolves the hard ones, sends everything back: all vaults agree.

Versions move with ``records.add`` as a bundle import adds them; a send may carry any part
of what the sender holds, in any order (parents may arrive after their children).
"""

from __future__ import annotations

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from merge_devices import AnyAnswers, Device, counted_ids

from ncpi_field import records
from ncpi_field.records import Version
from sync.ancestry import graph_of
from sync.conflicts import display_order
from sync.merge import conflict_of, conflicts_in
from sync.resolution import take_version

TEAM = 3
FIELDS = ("grade", "risk", "notes")
devices = st.integers(0, TEAM - 1)
records_ = st.integers(0, 1)
values = st.integers(0, 2)


class TeamOfDevices(RuleBasedStateMachine):
    @initialize()
    def start(self) -> None:
        self._ids = counted_ids()
        self._ids.__enter__()
        self.team = [Device(f"device-{i}", skew_ms=(i - 1) * 90_000) for i in range(TEAM)]
        lead = self.team[0]
        self.ids = [lead.save(dict.fromkeys(FIELDS, 0)).record_id for _ in range(2)]
        for device in self.team[1:]:
            device.receive(lead.versions())

    @rule(dev=devices, rec=records_, field=st.sampled_from(FIELDS), value=values, data=st.data())
    def edit(self, dev: int, rec: int, field: str, value: int, data: st.DataObject) -> None:
        device = self.team[dev]
        heads = display_order(device.heads(self.ids[rec]))
        # Edit what is shown, or (as saving over a conflict does) from every head.
        from_all = data.draw(st.booleans())
        parents = [h.version_id for h in heads] if from_all else [heads[0].version_id]
        answers = dict(heads[0].answers) or dict.fromkeys(FIELDS, 0)
        device.save({**answers, field: value}, self.ids[rec], parents=parents)

    @rule(dev=devices, rec=records_)
    def delete(self, dev: int, rec: int) -> None:
        self.team[dev].delete(self.ids[rec])

    @rule(src=devices, dst=devices, data=st.data())
    def send(self, src: int, dst: int, data: st.DataObject) -> None:
        held = self.team[src].versions()
        order = data.draw(st.permutations(held))
        part = data.draw(st.integers(0, len(order)))
        self.team[dst].receive(order[:part])

    @rule(dev=devices)
    def merge_soft(self, dev: int) -> None:
        report = self.team[dev].auto_merge()
        for left in report.left:
            conflict = conflict_of(self.team[dev].session, left.record_id)
            assert conflict is not None
            assert conflict.kind == "hard"

    @rule(dev=devices, data=st.data())
    def resolve_hard(self, dev: int, data: st.DataObject) -> None:
        device = self.team[dev]
        for record_id in conflicts_in(device.session):
            conflict = conflict_of(device.session, record_id)
            assert conflict is not None
            if conflict.kind == "hard":
                chosen = data.draw(st.sampled_from(conflict.heads))
                self._take(device, record_id, chosen)
                assert len(device.heads(record_id)) == 1

    @rule()
    def lead_merges_and_sends_back(self) -> None:
        lead, *others = self.team
        for device in others:
            lead.receive(device.versions())
        lead.auto_merge()
        for record_id in conflicts_in(lead.session):
            conflict = conflict_of(lead.session, record_id)
            assert conflict is not None
            assert conflict.kind == "hard"  # soft ones were merged
            self._take(lead, record_id, conflict.winner)
        for device in others:
            device.receive(reversed(lead.versions()))
        digests = {d.digest() for d in self.team}
        assert len(digests) == 1
        for device in self.team:
            assert conflicts_in(device.session) == []

    @invariant()
    def nothing_is_ever_lost(self) -> None:
        # A merge, a resolution or a send only ever adds versions: every vault keeps all it had.
        seen = getattr(self, "_seen", [frozenset[str]() for _ in range(TEAM)])
        for i, device in enumerate(self.team):
            held = frozenset(v.version_id for v in device.versions())
            assert held >= seen[i]
            seen[i] = held
        self._seen = seen

    @invariant()
    def the_merge_reads_the_graph_the_vault_holds(self) -> None:
        # sync reads versions on a raw cursor: it must see what records' own readers see.
        for device in self.team:
            for record_id in self.ids:
                graph = graph_of(device.session, record_id)
                history = records.history(device.session, record_id)
                assert graph.versions == {v.version_id: v for v in history}
                stored = records.heads(device.session, record_id)
                assert {h.version_id for h in graph.heads()} == {h.version_id for h in stored}

    def _take(self, device: Device, record_id: str, chosen: Version) -> None:
        take_version(
            device.session,
            record_id,
            chosen.version_id,
            device=device.name,
            clock=device.clock,
            rules=AnyAnswers(),
        )
        device.session.commit()

    def teardown(self) -> None:
        try:
            if hasattr(self, "team"):
                self.lead_merges_and_sends_back()
        finally:
            for device in getattr(self, "team", []):
                device.close()
            if hasattr(self, "_ids"):
                self._ids.__exit__(None, None, None)


TestTeamOfDevices = TeamOfDevices.TestCase
TestTeamOfDevices.settings = settings(max_examples=40, stateful_step_count=20, deadline=None)
TestTeamOfDevices.pytestmark = [pytest.mark.slow]  # 40 runs of up to 20 steps

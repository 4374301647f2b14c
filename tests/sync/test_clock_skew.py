"""SECURITY.md test 9: laptop clocks 30 days fast or slow, or running backwards, give the same
merged state as clocks that agree.

Clocks decide only which head is shown first and the stamps versions carry; what is merged must
never depend on them. Each history below is played twice, on devices whose clocks agree and on
devices whose clocks are skewed (and one that runs backwards), with the same record and version
ids (``counted_ids``). Every device then holds every version and merges its soft conflicts.
Stamps differ between the two plays by design, so the merged state is compared as content: for
each record, its heads' answers, status and deletion, and whether it is still in conflict. Within
one play, every device reaches one state digest.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st
from merge_devices import Device, counted_ids, exchange
from sync_helpers import export, import_one
from team_helpers import Team

from ncpi_field.hlc import Stamp
from ncpi_field.records import Version
from sync import bundle_import
from sync.merge import conflict_of

DEVICES = 3
DAY_MS = 24 * 60 * 60 * 1000
FIELDS = ("p", "q", "r")
SKEW = st.integers(-30 * DAY_MS, 30 * DAY_MS)

edit = st.tuples(
    st.just("edit"),
    st.integers(0, DEVICES - 1),
    st.integers(0, 1),
    st.sampled_from(FIELDS),
    st.integers(0, 2),
)
delete = st.tuples(st.just("delete"), st.integers(0, DEVICES - 1), st.integers(0, 1))
send = st.tuples(st.just("send"), st.integers(0, DEVICES - 1), st.integers(0, DEVICES - 1))
merge = st.tuples(st.just("merge"), st.integers(0, DEVICES - 1))
operations = st.lists(st.one_of(edit, edit, delete, send, send, merge), max_size=14)


class BackwardsDevice(Device):
    """A laptop whose clock runs backwards: each reading a day earlier than the one before."""

    def _tick(self) -> int:
        self._now -= DAY_MS
        return self._now


@contextmanager
def devices(skews: Sequence[int | None]) -> Iterator[list[Device]]:
    """One device per skew (milliseconds); None is a clock that runs backwards."""
    made = [
        BackwardsDevice(f"device-{i}") if skew is None else Device(f"device-{i}", skew)
        for i, skew in enumerate(skews)
    ]
    try:
        yield made
    finally:
        for device in made:
            device.close()


def content(version: Version) -> str:
    """A version as content alone: no id, stamp or save time."""
    return json.dumps([dict(version.answers), version.status, version.tombstone], sort_keys=True)


def chosen_head(device: Device, record_id: str) -> Version:
    """The head an edit builds on, chosen by content, never by clock (the harness must not
    make a skewed play edit different content than the agreeing one)."""
    return min(device.heads(record_id), key=content)


def play(
    ops: Sequence[tuple[object, ...]], skews: Sequence[int | None]
) -> tuple[dict[str, object], set[str]]:
    """The merged state after ``ops`` and a full exchange, and every device's digest."""
    with counted_ids(), devices(skews) as team:
        first = team[0]
        ids = [first.save(dict.fromkeys(FIELDS, 0)).record_id for _ in range(2)]
        for device in team[1:]:
            device.receive(first.versions())
        for op in ops:
            _apply(team, ids, op)
        for _round in range(2):
            exchange(*team)
            for device in team:
                device.auto_merge()
        exchange(*team)
        return _state(team[0], ids), {d.digest() for d in team}


def _apply(team: list[Device], ids: list[str], op: tuple[object, ...]) -> None:
    match op:
        case ("edit", int(dev), int(rec), str(field), int(value)):
            device = team[dev]
            head = chosen_head(device, ids[rec])
            current = dict(head.answers) or dict.fromkeys(FIELDS, 0)
            device.save({**current, field: value}, ids[rec], parents=[head.version_id])
        case ("delete", int(dev), int(rec)):
            head = chosen_head(team[dev], ids[rec])
            team[dev].save({}, ids[rec], parents=[head.version_id], tombstone=True)
        case ("send", int(src), int(dst)):
            team[dst].receive(team[src].versions())
        case ("merge", int(dev)):
            team[dev].auto_merge()


def _state(device: Device, ids: Sequence[str]) -> dict[str, object]:
    """Per record: its heads as content, and its conflict's kind if it still has one."""
    state: dict[str, object] = {}
    for record_id in ids:
        heads = device.heads(record_id)
        conflict = conflict_of(device.session, record_id)
        state[record_id] = (sorted(content(h) for h in heads), conflict and conflict.kind)
    return state


@settings(max_examples=60)
@given(
    ops=operations,
    skews=st.lists(st.one_of(SKEW, st.none()), min_size=DEVICES, max_size=DEVICES),
)
def test_skewed_and_backwards_clocks_merge_to_the_same_state(
    ops: list[tuple[object, ...]], skews: list[int | None]
) -> None:
    agreeing, agreeing_digests = play(ops, [0] * DEVICES)
    skewed, skewed_digests = play(ops, skews)
    assert len(agreeing_digests) == 1
    assert len(skewed_digests) == 1  # every device of the skewed play holds one state
    assert skewed == agreeing


def test_thirty_days_either_way_and_a_backwards_clock_on_one_concurrent_edit() -> None:
    """The fixed case: the same field changed apart (hard) and different fields (soft)."""
    ops = [
        ("edit", 1, 0, "p", 1),
        ("edit", 2, 0, "p", 2),  # hard: p changed two ways on record 0
        ("edit", 1, 1, "q", 1),
        ("edit", 2, 1, "r", 2),  # soft: q and r on record 1
    ]
    # Device 1 ahead of device 2 (its head shown first); the agreeing play shows device 2's.
    for skews in ([0, 30 * DAY_MS, -30 * DAY_MS], [None, 30 * DAY_MS, 0]):
        agreeing, _ = play(ops, [0] * DEVICES)
        skewed, digests = play(ops, skews)
        assert skewed == agreeing
        assert len(digests) == 1
        kinds = sorted(str(kind) for _heads, kind in agreeing.values())  # type: ignore[misc]
        assert kinds == ["None", "hard"]  # the soft one merged, the hard one left


# -- through real vaults and bundles -----------------------------------------------------------


@contextmanager
def laptop_clock(offset_ms: int) -> Iterator[None]:
    """The vaults' clocks read ``offset_ms`` away from the real time (one laptop's skew)."""
    import time  # noqa: PLC0415

    from ncpi_field import hlc  # noqa: PLC0415

    real = time.time_ns

    class Skewed:
        @staticmethod
        def time_ns() -> int:
            return real() + offset_ms * 1_000_000

    with mock.patch.object(hlc, "time", Skewed):
        yield


def test_bundles_from_laptops_thirty_days_apart_merge_by_content(
    team_vaults: Team, tmp_path: Path
) -> None:
    """Alice's clock 30 days fast, Bob's 30 days slow: the lead merges their soft conflict to
    both changes, leaves the hard one for a person, and its own next save still sorts last."""
    lead, alice, bob = team_vaults.lead, team_vaults.alice, team_vaults.bob
    record = alice.put_draft("observation", {"obs_ref": "OBS-9", "significance": "low"})
    record_id = record.version.record_id
    import_one(lead, export(alice, tmp_path / "a0.bundle"))
    import_one(bob, export(lead, tmp_path / "l0.bundle", full=True))
    for service, offset, changes in (
        (alice, 30 * DAY_MS, {"obs_type": "focus_group"}),
        (bob, -30 * DAY_MS, {"finding_type": "strength"}),
    ):
        with laptop_clock(offset):
            head = service.record(record_id).heads[0]
            service.put_draft(
                "observation",
                {**head.answers, **changes},
                record_id=record_id,
                parents=[head.version_id],
            )
            export(service, tmp_path / f"{offset}.bundle")
    for offset in (-30 * DAY_MS, 30 * DAY_MS):  # the slow laptop's bundle first
        bundle_import.import_bundles(lead, [tmp_path / f"{offset}.bundle"])
    heads = lead.record(record_id).heads
    assert len(heads) == 1  # the soft conflict merged
    assert heads[0].answers == {
        "obs_ref": "OBS-9",
        "significance": "low",
        "obs_type": "focus_group",
        "finding_type": "strength",
    }
    with laptop_clock(-30 * DAY_MS):  # the lead's own clock now runs slow as well
        saved = lead.put_draft(
            "observation",
            {**heads[0].answers, "significance": "high"},
            record_id=record_id,
            parents=[heads[0].version_id],
        )
    assert Stamp.decode(saved.version.hlc) > max(
        Stamp.decode(v.hlc) for v in lead.history(record_id) if v != saved.version
    )
    assert lead.record(record_id).heads[0].version_id == saved.version.version_id

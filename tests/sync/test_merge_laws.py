"""Merge laws: the union of version sets is commutative, associative and idempotent, and
automatic merges of the same heads converge on every vault (compared by state digest)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from hypothesis import given, settings
from hypothesis import strategies as st
from merge_devices import Device, counted_ids

from ncpi_field import records
from ncpi_field.records import Version

DEVICES = 3
FIELDS = ("p", "q", "r")

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


@contextmanager
def devices(count: int) -> Iterator[list[Device]]:
    made = [Device(f"device-{i}", skew_ms=i * 60_000 * (-1) ** i) for i in range(count)]
    try:
        yield made
    finally:
        for device in made:
            device.close()


def history(ops: Sequence[tuple[object, ...]]) -> list[Version]:
    """Every version made by a sequence of edits, deletions, sends and merges on devices."""
    with counted_ids(), devices(DEVICES) as team:
        first = team[0]
        ids = [first.save(dict.fromkeys(FIELDS, 0)).record_id for _ in range(2)]
        for device in team[1:]:
            device.receive(first.versions())
        for op in ops:
            _apply(team, ids, op)
        return list({v.version_id: v for d in team for v in d.versions()}.values())


def _apply(team: list[Device], ids: list[str], op: tuple[object, ...]) -> None:
    match op:
        case ("edit", int(dev), int(rec), str(field), int(value)):
            device = team[dev]
            current = dict(device.heads(ids[rec])[0].answers) or dict.fromkeys(FIELDS, 0)
            device.save({**current, field: value}, ids[rec])
        case ("delete", int(dev), int(rec)):
            team[dev].delete(ids[rec])
        case ("send", int(src), int(dst)):
            team[dst].receive(team[src].versions())
        case ("merge", int(dev)):
            team[dev].auto_merge()


def digest_after(*batches: Sequence[Version]) -> str:
    with devices(1) as (vault,):
        for batch in batches:
            vault.receive(batch)
        return vault.digest()


subset = st.lists(st.booleans(), min_size=64, max_size=64)


def pick(versions: Sequence[Version], mask: Sequence[bool]) -> list[Version]:
    return [v for v, keep in zip(versions, mask, strict=False) if keep]


@settings(max_examples=40, deadline=None)
@given(ops=operations, x=subset, y=subset, data=st.data())
def test_union_is_commutative_and_order_free(
    ops: list[tuple[object, ...]], x: list[bool], y: list[bool], data: st.DataObject
) -> None:
    universe = history(ops)
    xs, ys = pick(universe, x), pick(universe, y)
    assert digest_after(xs, ys) == digest_after(ys, xs)
    shuffled = data.draw(st.permutations(xs + ys))
    assert digest_after(shuffled) == digest_after(xs, ys)


@settings(max_examples=30, deadline=None)
@given(ops=operations, x=subset, y=subset, z=subset)
def test_union_is_associative(
    ops: list[tuple[object, ...]], x: list[bool], y: list[bool], z: list[bool]
) -> None:
    universe = history(ops)
    xs, ys, zs = pick(universe, x), pick(universe, y), pick(universe, z)
    assert digest_after(xs + ys, zs) == digest_after(xs, ys + zs)


@settings(max_examples=30, deadline=None)
@given(ops=operations, x=subset)
def test_union_is_idempotent(ops: list[tuple[object, ...]], x: list[bool]) -> None:
    xs = pick(history(ops), x)
    assert digest_after(xs, xs) == digest_after(xs)


@settings(max_examples=40, deadline=None)
@given(ops=operations, data=st.data())
def test_automatic_merges_of_the_same_heads_converge(
    ops: list[tuple[object, ...]], data: st.DataObject
) -> None:
    universe = history(ops)
    with devices(2) as (lead, deputy):
        lead.receive(data.draw(st.permutations(universe)))
        deputy.receive(data.draw(st.permutations(universe)))
        lead_merged = lead.auto_merge().merged
        deputy_merged = deputy.auto_merge().merged
        assert [v.version_id for v in lead_merged] == [v.version_id for v in deputy_merged]
        assert lead.digest() == deputy.digest()
        before = lead.digest()
        lead.receive(deputy.versions())
        assert lead.digest() == before  # the deputy's merges are the lead's: nothing new
        # Merging again finds nothing soft left to merge.
        assert lead.auto_merge().merged == ()
        for record_id in {v.record_id for v in universe}:
            conflict_heads = records.heads(lead.session, record_id)
            assert len(conflict_heads) == 1 or _all_hard(lead, record_id)


def _all_hard(device: Device, record_id: str) -> bool:
    from sync.merge import conflict_of  # noqa: PLC0415

    conflict = conflict_of(device.session, record_id)
    return conflict is not None and conflict.kind == "hard"

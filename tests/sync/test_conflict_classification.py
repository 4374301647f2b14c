"""Soft and hard conflicts: the heads compared field by field against their common ancestors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from merge_devices import Device, exchange

from sync.ancestry import graph_of
from sync.conflicts import MISSING, STATUS_FIELD, classify, display_order, merge_field
from sync.merge import AUTO_MERGE_AUTHOR, conflict_of


@pytest.fixture
def pair() -> Iterator[tuple[Device, Device]]:
    a, b = Device("device-a"), Device("device-b", skew_ms=-3_600_000)  # b's clock is an hour slow
    yield a, b
    a.close()
    b.close()


def shared_record(a: Device, b: Device, answers: dict[str, object]) -> str:
    record_id = a.save(answers).record_id
    b.receive(a.versions())
    return record_id


def test_different_fields_changed_is_soft_and_merges_both(pair: tuple[Device, Device]) -> None:
    a, b = pair
    record = shared_record(a, b, {"grade": "good", "notes": "x"})
    a.save({"grade": "inadequate", "notes": "x"}, record)
    b.save({"grade": "good", "notes": "y"}, record)
    exchange(a, b)
    conflict = conflict_of(a.session, record)
    assert conflict is not None
    assert conflict.kind == "soft"
    assert {d.field: d.merged for d in conflict.differences} == {
        "grade": "inadequate",
        "notes": "y",
    }
    merged = a.auto_merge().merged[0]
    assert dict(merged.answers) == {"grade": "inadequate", "notes": "y"}
    assert set(merged.parents) == {h.version_id for h in conflict.heads}
    assert merged.author_device == AUTO_MERGE_AUTHOR
    assert [h.version_id for h in a.heads(record)] == [merged.version_id]


def test_the_same_field_changed_two_ways_is_hard(pair: tuple[Device, Device]) -> None:
    a, b = pair
    record = shared_record(a, b, {"grade": "good", "notes": "x"})
    a.save({"grade": "inadequate", "notes": "x"}, record)
    b.save({"grade": "outstanding", "notes": "z"}, record)
    exchange(a, b)
    conflict = conflict_of(b.session, record)
    assert conflict is not None
    assert conflict.kind == "hard"
    kinds = {d.field: d.kind for d in conflict.differences}
    assert kinds == {"grade": "hard", "notes": "soft"}
    assert "1 field changed in different ways" in conflict.reason
    report = b.auto_merge()
    assert report.merged == ()
    assert [left.record_id for left in report.left] == [record]
    assert len(b.heads(record)) == 2


def test_the_same_change_on_both_sides_is_soft(pair: tuple[Device, Device]) -> None:
    a, b = pair
    record = shared_record(a, b, {"grade": "good"})
    a.save({"grade": "inadequate"}, record)
    b.save({"grade": "inadequate"}, record)
    exchange(a, b)
    conflict = conflict_of(a.session, record)
    assert conflict is not None
    assert (conflict.kind, conflict.differences) == ("soft", ())


def test_clearing_an_answer_is_a_change_like_any_other(pair: tuple[Device, Device]) -> None:
    a, b = pair
    record = shared_record(a, b, {"grade": "good", "notes": "x"})
    a.save({"grade": "good"}, record)  # notes cleared
    b.save({"grade": "requires improvement", "notes": "x"}, record)
    exchange(a, b)
    merged = a.auto_merge().merged[0]
    assert dict(merged.answers) == {"grade": "requires improvement"}


def test_completing_on_one_device_and_editing_on_another_is_soft(
    pair: tuple[Device, Device],
) -> None:
    a, b = pair
    record = shared_record(a, b, {"grade": "good", "notes": "x"})
    a.save({"grade": "good", "notes": "x"}, record, status="complete")
    b.save({"grade": "good", "notes": "more"}, record)
    exchange(a, b)
    conflict = conflict_of(a.session, record)
    assert conflict is not None
    assert [d.field for d in conflict.differences] == [STATUS_FIELD, "notes"]
    merged = a.auto_merge().merged[0]
    assert (merged.status, merged.answers["notes"]) == ("complete", "more")


def test_delete_versus_edit_is_hard(pair: tuple[Device, Device]) -> None:
    a, b = pair
    record = shared_record(a, b, {"grade": "good"})
    a.delete(record)
    b.save({"grade": "inadequate"}, record)
    exchange(a, b)
    conflict = conflict_of(a.session, record)
    assert conflict is not None
    assert (conflict.kind, conflict.delete_versus_edit) == ("hard", True)
    assert conflict.reason == "deleted on one device and edited on another"
    assert not conflict.winner.tombstone  # the live version is shown first
    assert a.auto_merge().merged == ()


def test_deleted_on_both_devices_merges_to_one_tombstone(pair: tuple[Device, Device]) -> None:
    a, b = pair
    record = shared_record(a, b, {"grade": "good"})
    a.delete(record)
    b.delete(record)
    exchange(a, b)
    merged = a.auto_merge().merged[0]
    assert (merged.tombstone, dict(merged.answers)) == (True, {})
    b.auto_merge()
    assert a.digest() == b.digest()


def test_criss_cross_merges_have_two_lowest_common_ancestors(
    pair: tuple[Device, Device],
) -> None:
    a, b = pair
    record = shared_record(a, b, {"grade": "good", "notes": "x"})
    a1 = a.save({"grade": "inadequate", "notes": "x"}, record)
    b1 = b.save({"grade": "outstanding", "notes": "x"}, record)
    exchange(a, b)
    # Each resolves the same pair its own way, before seeing the other's resolution.
    a.save({"grade": "inadequate", "notes": "x"}, record, parents=[a1.version_id, b1.version_id])
    b.save({"grade": "outstanding", "notes": "x"}, record, parents=[a1.version_id, b1.version_id])
    exchange(a, b)
    conflict = conflict_of(a.session, record)
    assert conflict is not None
    assert set(conflict.ancestors) == {a1.version_id, b1.version_id}
    grade = next(d for d in conflict.differences if d.field == "grade")
    # The ancestors disagree on the grade: neither resolution is "the change".
    assert (grade.kind, set(grade.base)) == ("hard", {"inadequate", "outstanding"})


def test_criss_cross_with_agreeing_resolutions_merges_later_edits(
    pair: tuple[Device, Device],
) -> None:
    a, b = pair
    record = shared_record(a, b, {"grade": "good", "notes": "x"})
    a1 = a.save({"grade": "inadequate", "notes": "x"}, record)
    b1 = b.save({"grade": "inadequate", "notes": "y"}, record)
    exchange(a, b)
    both = [a1.version_id, b1.version_id]
    a.save({"grade": "inadequate", "notes": "y"}, record, parents=both)
    b.save({"grade": "inadequate", "notes": "y"}, record, parents=both)
    a.save({"grade": "good", "notes": "y"}, record)
    exchange(a, b)
    conflict = conflict_of(b.session, record)
    assert conflict is not None
    assert conflict.kind == "soft"
    # The two resolutions share both crossed versions, which agree on the grade: a's later
    # edit of it is the one change.
    assert set(conflict.ancestors) == set(both)
    assert b.auto_merge().merged[0].answers["grade"] == "good"


def test_three_heads_with_one_change_each_merge(pair: tuple[Device, Device]) -> None:
    a, b = pair
    c = Device("device-c", skew_ms=5_000)
    record = shared_record(a, b, {"p": 0, "q": 0, "r": 0})
    c.receive(a.versions())
    a.save({"p": 1, "q": 0, "r": 0}, record)
    b.save({"p": 0, "q": 1, "r": 0}, record)
    c.save({"p": 0, "q": 0, "r": 1}, record)
    exchange(a, b, c)
    merged = c.auto_merge().merged[0]
    assert dict(merged.answers) == {"p": 1, "q": 1, "r": 1}
    assert len(merged.parents) == 3
    c.close()


def test_the_display_winner_does_not_depend_on_order_or_on_clocks_for_status(
    pair: tuple[Device, Device],
) -> None:
    a, b = pair
    record = shared_record(a, b, {"grade": "good"})
    b_version = b.save({"grade": "x"}, record, status="complete")  # b's clock is an hour slow
    a_version = a.save({"grade": "y"}, record)
    exchange(a, b)
    heads = a.heads(record)
    assert display_order(heads) == display_order(list(reversed(heads)))
    assert display_order(heads)[0] == b_version  # complete before draft, whatever the clocks
    assert a_version.hlc > b_version.hlc
    assert classify(graph_of(a.session, record), heads).winner == b_version


@pytest.mark.parametrize(
    ("base", "heads", "expected"),
    [
        (["a"], ["a", "b"], ("soft", "b")),
        (["a"], ["b", "a"], ("soft", "b")),
        (["a"], ["b", "c"], ("hard", MISSING)),
        (["a"], ["b", "b", "a"], ("soft", "b")),
        ([MISSING], [MISSING, 3], ("soft", 3)),
        (["a"], [MISSING, "a"], ("soft", MISSING)),
        (["a", "b"], ["a", "b"], ("hard", MISSING)),
        ([], ["a", "b"], ("hard", MISSING)),
        (["a"], [{"x": 1, "y": 2}, {"y": 2, "x": 1}], ("soft", {"x": 1, "y": 2})),
    ],
)
def test_merge_field(base: list[object], heads: list[object], expected: tuple[str, object]) -> None:
    assert merge_field(base, heads) == expected


def test_heads_whose_history_has_not_all_arrived_are_left_for_later(
    pair: tuple[Device, Device],
) -> None:
    a, b = pair
    record = shared_record(a, b, {"grade": "good", "notes": "x"})
    middle = a.save({"grade": "inadequate", "notes": "x"}, record)
    a_head = a.save({"grade": "good", "notes": "x"}, record)  # changed, then changed back
    b_head = b.save({"grade": "inadequate", "notes": "y"}, record)
    b.receive([a_head])  # without the middle version: the lowest ancestor is unknown
    conflict = conflict_of(b.session, record)
    assert conflict is not None
    assert (conflict.kind, conflict.history_incomplete) == ("hard", True)
    assert b.auto_merge().merged == ()
    b.receive([middle])
    completed = conflict_of(b.session, record)
    assert completed is not None
    assert not completed.history_incomplete
    assert {h.version_id for h in completed.heads} == {a_head.version_id, b_head.version_id}
    assert completed.kind == "soft"

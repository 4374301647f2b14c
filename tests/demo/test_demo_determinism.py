"""One seed gives one inspection, ids included; a namespace changes only the ids."""

from __future__ import annotations

from demo_helpers import NOW, forms, inspection

from ncpi_field.demo import generate_inspection


def test_same_seed_same_records() -> None:
    first = generate_inspection(5, forms=forms(), now=NOW)
    second = generate_inspection(5, forms=forms(), now=NOW)
    assert first == second


def test_different_seeds_differ() -> None:
    assert [r.answers for r in inspection(1)] != [r.answers for r in inspection(2)]


def test_a_namespace_changes_the_ids_and_nothing_else() -> None:
    plain, spaced = inspection(1), inspection(1, "another vault")
    assert not {r.record_id for r in plain} & {r.record_id for r in spaced}
    renamed = {a.record_id: b.record_id for a, b in zip(plain, spaced, strict=True)}
    for a, b in zip(plain, spaced, strict=True):
        assert _rename(a.answers, renamed) == b.answers
        assert (a.ref, a.status, a.case_reference) == (b.ref, b.status, b.case_reference)


def test_record_ids_are_version_4_uuids() -> None:
    assert all(r.record_id[14] == "4" for r in inspection(1))


def test_progress_counts_every_record() -> None:
    seen: list[tuple[int, int]] = []
    records = generate_inspection(
        1, forms=forms(), now=NOW, progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(n, len(records)) for n in range(1, len(records) + 1)]


def _rename(value: object, renamed: dict[str, str]) -> object:
    if isinstance(value, dict):
        return {k: _rename(v, renamed) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename(v, renamed) for v in value]
    return renamed.get(value, value) if isinstance(value, str) else value

"""An automatic merge's id, stamp, author and save time come from its heads alone.

The id derivation is pinned: a release that derived another id for the same merge would
stop converging with vaults on the release before it.
"""

from __future__ import annotations

from dataclasses import replace

from ncpi_field.records import RecordId, Version, VersionId
from sync.ancestry import VersionGraph
from sync.conflicts import classify
from sync.merge import AUTO_MERGE_AUTHOR, auto_merge_version, with_derived_id

RECORD = RecordId("7b0c1a52-0000-4000-8000-000000000001")


def version(vid: str, parents: tuple[str, ...], hlc: str, **answers: object) -> Version:
    return Version(
        version_id=VersionId(vid),
        record_id=RECORD,
        parents=tuple(VersionId(p) for p in parents),
        form_id="observation",
        form_version="2026.1",
        author_device=hlc.rsplit(".", 1)[-1],
        hlc=hlc,
        status="draft",
        tombstone=False,
        answers=answers,
        saved_at=f"2026-03-0{hlc[-1]}T10:00:00.000+00:00",
    )


BASE = version("base", (), "1700000000000.000000.dev1", grade="good", notes="x")
LEFT = version("left", ("base",), "1700000005000.000002.dev1", grade="inadequate", notes="x")
RIGHT = version("right", ("base",), "1700000001000.000000.dev2", grade="good", notes="y")


def merge_of(*heads: Version) -> Version:
    graph = VersionGraph({v.version_id: v for v in (BASE, LEFT, RIGHT)})
    return auto_merge_version(classify(graph, heads))


def test_the_merge_is_derived_from_its_heads_whatever_their_order() -> None:
    merged = merge_of(LEFT, RIGHT)
    assert merged == merge_of(RIGHT, LEFT)
    assert merged.parents == ("left", "right")
    assert dict(merged.answers) == {"grade": "inadequate", "notes": "y"}
    assert merged.author_device == AUTO_MERGE_AUTHOR
    assert merged.hlc == "1700000005000.000003.auto-merge"  # just above the newest head
    assert merged.saved_at == max(LEFT.saved_at, RIGHT.saved_at)


def test_the_id_derivation_is_pinned() -> None:
    assert merge_of(LEFT, RIGHT).version_id == "3d938a00-6a54-5f65-8a05-d8e88972d6bd"


def test_any_change_of_content_or_parents_changes_the_id() -> None:
    merged = merge_of(LEFT, RIGHT)
    variants = [
        replace(merged, answers={**merged.answers, "notes": "z"}),
        replace(merged, parents=("left",)),
        replace(merged, status="complete"),
        replace(merged, tombstone=True),
        replace(merged, form_version="2026.2"),
    ]
    ids = {with_derived_id(v).version_id for v in variants}
    assert merged.version_id not in ids
    assert len(ids) == len(variants)
    # Clock, author and save time are derived too, so they are not part of the id.
    assert with_derived_id(replace(merged, hlc="x", saved_at="y")).version_id == merged.version_id

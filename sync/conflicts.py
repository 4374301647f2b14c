"""Conflicts: a record's heads compared field by field against their common ancestors.

Soft when the heads changed different fields (or the same field the same way): the merged
content is known and a machine may store it. Hard when a field was changed two ways, when
the ancestors themselves disagree on it (a criss-cross), or on delete-versus-edit: a person
decides. Everything here is a pure function of the versions, so every vault that holds the
same versions reaches the same verdict.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from ncpi_field.records import RecordId, Status, Version, VersionId
from sync.ancestry import VersionGraph

Kind = Literal["soft", "hard"]
# Not an XLSForm name (those start with a letter or underscore): the record's status is
# merged like an answer, so marking complete on one device and editing on another is soft.
STATUS_FIELD: Final = "(status)"
_STATUS_RANK: Final[dict[str, int]] = {"complete": 2, "draft": 1, "withdrawn": 0}


class _Missing:
    """An answer a version does not hold (never answered, or cleared)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


@dataclass(frozen=True)
class FieldDifference:
    """One field the heads do not agree on: its value in the ancestors and in each head."""

    field: str
    kind: Kind
    base: tuple[Any, ...]  # one value per lowest common ancestor; MISSING where unanswered
    heads: tuple[tuple[VersionId, Any], ...]  # (version, value) in the conflict's head order
    merged: Any = MISSING  # the value a soft merge keeps


@dataclass(frozen=True)
class Conflict:
    """A record with more than one head, and what it would take to bring them together."""

    record_id: RecordId
    kind: Kind
    heads: tuple[Version, ...]  # the display winner first, then the others in rank order
    ancestors: tuple[VersionId, ...]
    differences: tuple[FieldDifference, ...]
    delete_versus_edit: bool = False
    # Part of the heads' history has not arrived: the ancestors found may not be the lowest,
    # so no field's change can be told apart from its undoing. A person, or a later import.
    history_incomplete: bool = False

    @property
    def winner(self) -> Version:
        return self.heads[0]

    @property
    def reason(self) -> str:
        if self.delete_versus_edit:
            return "deleted on one device and edited on another"
        if self.history_incomplete:
            return "part of its history has not arrived yet"
        hard = [d.field for d in self.differences if d.kind == "hard"]
        if hard:
            return f"{len(hard)} field{'s' if len(hard) != 1 else ''} changed in different ways"
        return "different fields changed: can be merged automatically"


def display_order(heads: Sequence[Version]) -> tuple[Version, ...]:
    """Heads, the one to show first leading: live over deleted, complete over draft over
    withdrawn, then the latest clock stamp, then the version id.

    Only what is shown first depends on this; what is merged never does, so laptop clocks
    that drift can change the display but never the evidence kept.
    """
    return tuple(sorted(heads, key=_rank, reverse=True))


def _rank(version: Version) -> tuple[bool, int, str, str]:
    return (
        not version.tombstone,
        _STATUS_RANK.get(version.status, -1),
        version.hlc,
        version.version_id,
    )


def classify(graph: VersionGraph, heads: Sequence[Version]) -> Conflict:
    """The conflict between ``heads`` (two or more heads of one record)."""
    ordered = display_order(heads)
    ancestors = graph.lowest_common_ancestors(h.version_id for h in ordered)
    bases = [graph.versions[a] for a in ancestors]
    record_id = ordered[0].record_id
    differences = _differences(bases, ordered)
    if {h.tombstone for h in ordered} == {True, False}:
        return Conflict(record_id, "hard", ordered, ancestors, differences, True)
    if graph.missing_ancestors(*(h.version_id for h in ordered)):
        return Conflict(record_id, "hard", ordered, ancestors, differences, False, True)
    kind: Kind = "hard" if any(d.kind == "hard" for d in differences) else "soft"
    return Conflict(record_id, kind, ordered, ancestors, differences)


def _differences(bases: Sequence[Version], heads: Sequence[Version]) -> tuple[FieldDifference, ...]:
    fields = sorted({f for v in (*bases, *heads) for f in v.answers} | {STATUS_FIELD})
    found = []
    for field in fields:
        values = tuple((h.version_id, _value(h, field)) for h in heads)
        if len({_key(v) for _, v in values}) == 1:
            continue
        base = tuple(_value(b, field) for b in bases)
        kind, merged = merge_field(base, [v for _, v in values])
        found.append(FieldDifference(field, kind, base, values, merged))
    return tuple(found)


def merge_field(base: Sequence[Any], heads: Sequence[Any]) -> tuple[Kind, Any]:
    """A three-way merge of one field: the one new value if only one was made, else hard.

    The base is known only when every lowest common ancestor holds the same value; after a
    criss-cross where the ancestors disagree, nothing says which change is the newer one.
    """
    values = {_key(v): v for v in heads}
    if len(values) == 1:
        return "soft", next(iter(values.values()))
    base_keys = {_key(v) for v in base}
    if len(base_keys) != 1:
        return "hard", MISSING
    changed = [v for k, v in sorted(values.items()) if k not in base_keys]
    if len(changed) != 1:
        return "hard", MISSING
    return "soft", changed[0]


def _value(version: Version, field: str) -> Any:
    if field == STATUS_FIELD:
        return version.status
    return version.answers.get(field, MISSING)


def _key(value: Any) -> str:
    """A value's identity: canonical JSON, so key order in an object is no difference."""
    if value is MISSING:
        return "\x00missing"
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class MergedContent:
    """What a soft conflict merges to: the answers, the status, and whether it is deleted."""

    answers: Mapping[str, Any]
    status: Status
    tombstone: bool


def merged_content(conflict: Conflict) -> MergedContent:
    """The content of the automatic merge of a soft conflict (raises on a hard one)."""
    if conflict.kind != "soft":
        raise ValueError("Only a soft conflict merges automatically.")
    winner = conflict.winner
    if winner.tombstone:
        return MergedContent({}, "withdrawn", True)
    # Fields every head agrees on are not differences: take them from any head.
    answers = dict(winner.answers)
    status: Status = winner.status
    for difference in conflict.differences:
        if difference.field == STATUS_FIELD:
            status = difference.merged
        elif difference.merged is MISSING:
            answers.pop(difference.field, None)
        else:
            answers[difference.field] = difference.merged
    return MergedContent(answers, status, False)

"""Automatic merges of soft conflicts, made so that two vaults merging the same heads agree.

An automatic merge is a version whose parents are all the heads. Everything in it is derived
from those heads: its id (a UUIDv5 of its parents and content), its author (``auto-merge``),
its clock stamp (just above the newest head's) and its save time (the newest head's). Two
team leads who merge the same heads therefore store the same version, and when their vaults
meet the union holds it once: the state digests agree.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Final, Protocol

from sqlalchemy.orm import Session

from ncpi_field import records
from ncpi_field.hlc import Stamp
from ncpi_field.records import RecordId, Version, VersionId
from sync.ancestry import graph_of
from sync.conflicts import Conflict, classify, merged_content

AUTO_MERGE_AUTHOR: Final = "auto-merge"
# Fixed for ever: changing it would give the same merge a different id in a newer release.
_MERGE_NAMESPACE: Final = uuid.UUID("6f1d3c52-8f0e-5b7a-9d43-2a6c1e0b7f19")
_ID_FORMAT: Final = "ncpi-field/auto-merge/1"


class FormRules(Protocol):
    """What a merge needs from the forms: the title field, and the checks a complete record
    must pass (merging two valid records field by field need not give a valid one)."""

    def title_field(self, form_id: str) -> str | None: ...

    def checked(self, candidate: Version) -> Version | None:
        """The candidate as it would be stored (answers normalised by its form), or None
        when it fails its form's checks."""
        ...


@dataclass(frozen=True)
class LeftForPerson:
    record_id: RecordId
    reason: str


@dataclass(frozen=True)
class MergeReport:
    """What an automatic merge pass stored, and what it left for a person."""

    merged: tuple[Version, ...] = ()
    left: tuple[LeftForPerson, ...] = ()


def auto_merge_version(conflict: Conflict) -> Version:
    """The automatic merge of a soft conflict, before its form's checks."""
    content = merged_content(conflict)
    heads = conflict.heads
    top = max(Stamp.decode(h.hlc) for h in heads)
    candidate = Version(
        version_id=VersionId(""),
        record_id=conflict.record_id,
        parents=tuple(sorted(h.version_id for h in heads)),
        form_id=conflict.winner.form_id,
        form_version=max(h.form_version for h in heads),
        author_device=AUTO_MERGE_AUTHOR,
        hlc=Stamp(top.wall_ms, top.counter + 1, AUTO_MERGE_AUTHOR).encode(),
        status=content.status,
        tombstone=content.tombstone,
        answers=content.answers,
        saved_at=max(h.saved_at for h in heads),
    )
    return with_derived_id(candidate)


def with_derived_id(version: Version) -> Version:
    """The version with its id derived from its parents and content."""
    body = [
        _ID_FORMAT,
        version.record_id,
        sorted(version.parents),
        version.form_id,
        version.form_version,
        version.status,
        version.tombstone,
        json.loads(records.canonical_answers(version.answers)),
    ]
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return replace(version, version_id=VersionId(str(uuid.uuid5(_MERGE_NAMESPACE, text))))


def conflicts_in(session: Session) -> list[RecordId]:
    """Every record with more than one head, deleted ones too, in listing order."""
    rows = records.list_records(session, include_deleted=True)
    return [r.record_id for r in rows if r.in_conflict]


def conflict_of(session: Session, record_id: str) -> Conflict | None:
    """The record's conflict, or None when it has one head."""
    # One read of the history: the heads are derived from it rather than queried again.
    graph = graph_of(session, record_id)
    heads = graph.heads()
    if len(heads) < 2:
        return None
    return classify(graph, heads)


def merge_soft_conflicts(
    session: Session, record_ids: Iterable[str], rules: FormRules
) -> MergeReport:
    """Store the automatic merge of each soft conflict among ``record_ids``, in the caller's
    transaction. Hard conflicts, and soft ones whose merge fails its form, are left."""
    merged: list[Version] = []
    left: list[LeftForPerson] = []
    for record_id in dict.fromkeys(record_ids):
        conflict = conflict_of(session, record_id)
        if conflict is None:
            continue
        outcome = _merge_one(session, conflict, rules)
        if isinstance(outcome, LeftForPerson):
            left.append(outcome)
        else:
            merged.append(outcome)
    return MergeReport(tuple(merged), tuple(left))


def _merge_one(session: Session, conflict: Conflict, rules: FormRules) -> Version | LeftForPerson:
    if conflict.kind == "hard":
        return LeftForPerson(conflict.record_id, conflict.reason)
    candidate = auto_merge_version(conflict)
    checked = candidate if candidate.tombstone else rules.checked(candidate)
    if checked is None:
        return LeftForPerson(conflict.record_id, "the merged answers do not pass the form's checks")
    version = with_derived_id(checked)
    cursor = records.cursor_of(session)
    try:
        records.add(cursor, version, title_field=rules.title_field(version.form_id))
    finally:
        cursor.close()
    return version


def resolution_parents(conflict: Conflict) -> tuple[VersionId, ...]:
    return tuple(sorted(h.version_id for h in conflict.heads))

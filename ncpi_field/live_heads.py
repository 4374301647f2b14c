"""The live heads of the vault's records, read in one query: what registers and exports list.

A head is a record's current version (two or more when the record is in conflict). Deleted
records (tombstones) are left out; withdrawn ones are kept and say so in ``record_status``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, cast

from sqlalchemy.orm import Session

from ncpi_field import records
from ncpi_field.records import RecordId, Status

_HEADS_SQL: Final = (
    "SELECT r.record_id, r.form_id, r.status, r.head_count, v.hlc, v.saved_at, v.answers,"
    " v.form_version FROM records r"
    " JOIN heads h ON h.record_id = r.record_id"
    " JOIN versions v ON v.version_id = h.version_id"
    " WHERE r.deleted = 0 AND v.tombstone = 0"
)


@dataclass(frozen=True)
class Head:
    """One current version of a live record, as reports read it."""

    record_id: RecordId
    form_id: str
    record_status: Status
    in_conflict: bool
    hlc: str
    saved_at: str
    answers: Mapping[str, Any]
    form_version: str = ""


def live_heads(session: Session, form_ids: Sequence[str] = ()) -> list[Head]:
    """Every live head (of ``form_ids`` only, if given), oldest record first, latest head first."""
    where = ""
    params: tuple[str, ...] = ()
    if form_ids:
        where = f" AND r.form_id IN ({', '.join('?' for _ in form_ids)})"
        params = tuple(form_ids)
    cursor = records.cursor_of(session)
    try:
        rows = cursor.execute(
            f"{_HEADS_SQL}{where} ORDER BY r.created_hlc, r.record_id, v.hlc DESC", params
        ).fetchall()
    finally:
        cursor.close()
    return [
        Head(
            record_id=RecordId(record_id),
            form_id=form_id,
            record_status=cast(Status, status),
            in_conflict=head_count > 1,
            hlc=hlc,
            saved_at=saved_at,
            answers=json.loads(answers),
            form_version=form_version,
        )
        for record_id, form_id, status, head_count, hlc, saved_at, answers, form_version in rows
    ]


def latest_per_record(heads: Sequence[Head]) -> list[Head]:
    """One head per record: the latest by clock (a conflict's other heads are left out)."""
    chosen: dict[str, Head] = {}
    for head in heads:
        kept = chosen.get(head.record_id)
        if kept is None or head.hlc > kept.hlc:
            chosen[head.record_id] = head
    return list(chosen.values())

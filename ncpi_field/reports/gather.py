"""What a debrief is built from, read from the vault in two queries (no query per record)."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from ncpi_field import case_references, formstore, records
from ncpi_field.errors import DebriefNotFound, FormNotFound
from ncpi_field.models import CaseReference
from ncpi_field.reports.debrief_model import (
    FORCE_DAILY,
    HOT,
    TEAM_DAILY,
    Evidence,
    Kind,
    ReturnedRow,
    SourceRecord,
)
from ncpi_field.returned import returned_cases

EVIDENCE_FORMS: Final = ("case_audit", "reality_test", "observation")
INSPECTION_FORM: Final = "inspection"

# Every live record's head(s): one row per head; a record in conflict has several.
_HEADS_SQL: Final = (
    "SELECT r.record_id, r.title, r.form_id, r.status, r.head_count, v.answers, v.version_id"
    " FROM records r"
    " JOIN heads h ON h.record_id = r.record_id"
    " JOIN versions v ON v.version_id = h.version_id"
    " WHERE r.deleted = 0 AND v.tombstone = 0"
)


@functools.cache
def choice_label(form_id: str, list_name: str, value: str) -> str:
    """The installed form's label for a choice, or '' when the form or choice is unknown."""
    if not value:
        return ""
    try:
        spec = formstore.installed_spec(form_id)
    except FormNotFound:
        return ""
    choices = spec.choices.get(list_name)
    return choices.label_of(value) if choices is not None else ""


class _Row:
    __slots__ = ("answers", "form_id", "head_count", "record_id", "status", "title", "version_id")

    def __init__(self, row: Sequence[Any]) -> None:
        self.record_id, self.title, self.form_id, self.status, self.head_count = (
            str(row[0]),
            str(row[1]),
            str(row[2]),
            str(row[3]),
            int(row[4]),
        )
        self.answers: Mapping[str, Any] = json.loads(row[5])
        self.version_id = str(row[6])

    def source(self) -> SourceRecord:
        return SourceRecord(self.record_id, self.title, self.form_id, self.answers)


def live_heads(session: Session) -> list[_Row]:
    cursor = records.cursor_of(session)
    try:
        return [_Row(row) for row in cursor.execute(_HEADS_SQL).fetchall()]
    finally:
        cursor.close()


def choose_debrief(rows: Sequence[_Row], kind: Kind, date: str | None, internal: bool) -> _Row:
    """The debrief record asked for: the latest of its kind (on ``date`` if given)."""
    wanted = {HOT} if kind == "hot" else ({FORCE_DAILY, TEAM_DAILY} if internal else {FORCE_DAILY})
    found = [
        r
        for r in rows
        if r.form_id == "debrief"
        and r.status != "withdrawn"
        and r.answers.get("debrief_type") in wanted
        and (date is None or r.answers.get("date") == date)
    ]
    if any(r.head_count > 1 for r in found):
        raise DebriefNotFound(
            "The debrief was edited apart on two devices and is in conflict: resolve the "
            "conflict (Sync → Conflicts) before it is written."
        )
    if not found:
        what = "hot debrief" if kind == "hot" else "daily debrief with the force"
        when = f" dated {date}" if date else ""
        hint = "" if internal or kind == "hot" else " (a team-internal debrief needs --internal)"
        raise DebriefNotFound(f"No {what}{when} is in this vault{hint}.")
    found.sort(
        key=lambda r: (
            r.status == "complete",
            str(r.answers.get("date") or ""),
            str(r.answers.get("time") or ""),
            r.title,
        )
    )
    return found[-1]


def gather(session: Session, kind: Kind, date: str | None, internal: bool) -> Evidence:
    """The debrief record and everything the written debrief counts or cites."""
    rows = live_heads(session)
    debrief = choose_debrief(rows, kind, date, internal)
    inspection_id = debrief.answers.get("inspection")
    inspections = [r for r in rows if r.form_id == INSPECTION_FORM and r.head_count == 1]
    inspection = next((r for r in inspections if r.record_id == inspection_id), None)
    if inspection is None and len(inspections) == 1 and not inspection_id:
        inspection = inspections[0]

    def ours(row: _Row) -> bool:
        return not inspection_id or row.answers.get("inspection") == inspection_id

    evidence_rows = [r for r in rows if r.form_id in EVIDENCE_FORMS and ours(r)]
    counted = {
        r.record_id: r.source()
        for r in evidence_rows
        if r.status == "complete" and r.head_count == 1
    }
    left_out = len({r.record_id for r in evidence_rows} - set(counted))
    category = functools.partial(choice_label, "case_audit", "case_category")
    returned = [
        ReturnedRow(c.title, category(c.category), c.status_label) for c in returned_cases(session)
    ]
    return Evidence(
        debrief=debrief.source(),
        debrief_version=debrief.version_id,
        records=tuple(counted.values()),
        returned=tuple(returned),
        inspection=inspection.answers if inspection is not None else None,
        left_out=left_out,
    )


def held_case_references(session: Session) -> list[tuple[str, str]]:
    """(record id, force reference) of every reference held: for the checks, never shown."""
    ids = session.scalars(select(CaseReference.record_id)).all()
    return [(rid, case_references.reveal_case_reference(session, rid)) for rid in ids]

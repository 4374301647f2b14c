"""The cases returned to the force: every case audit that says there is an immediate risk.

A case goes on the list the moment an inspector answers ``immediate_risk`` yes in a case
audit (DOMAIN.md §5E), draft or complete: a risk to a child is followed up before the audit is
finished. Its return status is read from what the inspector has recorded in the audit's
§5E questions, so it is versioned and synced like every other answer:

- ``returned_to_force_at`` empty: the note to the force is **due**;
- passed to the force, ``force_action_status`` empty or ``awaiting_response``: note **issued**;
- ``acknowledged``: the force has **acknowledged** it;
- ``action_taken``: the force has **taken action**; ``no_action_with_rationale``: the force
  answered with no action and its rationale (shown apart: a team lead may challenge it).

Which cases are listed: the live case audits whose head says immediate risk. A deleted audit
(a tombstone) drops out: the deletion is the team's decision that the record should not exist.
A withdrawn audit stays, marked withdrawn: withdrawing the audit from the sample does not
undo having passed a risk to the force, and the team must still see the follow-up through.
A record in conflict is listed when any head says immediate risk (the safe reading), with the
least advanced status among those heads.

"Marked" is when the risk was first recorded: the save time of the earliest version (clock
order) whose answers say immediate risk. The force's own case reference is never part of a
row: ``VaultService.show_case_reference`` reveals it when the inspector returns the case.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Literal

from sqlalchemy.orm import Session

from ncpi_field import records
from ncpi_field.records import RecordId, Status, Version

CASE_AUDIT: Final = "case_audit"

ReturnStatus = Literal["note_due", "note_issued", "acknowledged", "action_taken", "no_action"]

# In order of progress: a conflict shows the least advanced.
RETURN_STATUSES: Final[tuple[ReturnStatus, ...]] = (
    "note_due",
    "note_issued",
    "acknowledged",
    "action_taken",
    "no_action",
)

STATUS_LABELS: Final[Mapping[ReturnStatus, str]] = {
    "note_due": "Note due",
    "note_issued": "Note issued",
    "acknowledged": "Acknowledged",
    "action_taken": "Action taken",
    "no_action": "No action, with rationale",
}

_FORCE_ANSWERS: Final[Mapping[str, ReturnStatus]] = {
    "awaiting_response": "note_issued",
    "acknowledged": "acknowledged",
    "action_taken": "action_taken",
    "no_action_with_rationale": "no_action",
}


@dataclass(frozen=True)
class ReturnedCase:
    """One row of the returned-to-force list. Holds no free text and no force reference."""

    record_id: RecordId
    title: str
    category: str
    marked_at: str
    status: ReturnStatus
    record_status: Status
    in_conflict: bool

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def marked_since(self, now: datetime) -> float:
        """Seconds between the first marking and ``now`` (aware), never negative."""
        marked = datetime.fromisoformat(self.marked_at)
        return max(0.0, (now - marked).total_seconds())

    def marked_ago(self, now: datetime) -> str:
        """'5 hours ago': how long the case has waited since the risk was first marked."""
        return time_since(self.marked_since(now))


def says_immediate_risk(answers: Mapping[str, Any]) -> bool:
    return answers.get("immediate_risk") == "yes"


def return_status(answers: Mapping[str, Any]) -> ReturnStatus:
    """Where the return stands, from the §5E answers of one version."""
    if not answers.get("returned_to_force_at"):
        return "note_due"
    return _FORCE_ANSWERS.get(str(answers.get("force_action_status") or ""), "note_issued")


def first_marked(history: Sequence[Version]) -> Version | None:
    """The earliest version (history is oldest first) that says immediate risk."""
    return next((v for v in history if says_immediate_risk(v.answers)), None)


# Two reads, not a query per record: this runs on the GUI thread after every save, so it
# must stay well inside a frame with eighty case audits (the law test holds it to
# records.heads and records.history). Only the heads that say immediate risk are fetched.
_RISKY_HEADS_SQL: Final = (
    "SELECT r.record_id, r.title, r.status, r.head_count, v.answers FROM records r"
    " JOIN heads h ON h.record_id = r.record_id"
    " JOIN versions v ON v.version_id = h.version_id"
    " WHERE r.form_id = ? AND r.deleted = 0 AND v.tombstone = 0"
    " AND json_extract(v.answers, '$.immediate_risk') = 'yes'"
)
# The earliest version that says immediate risk, in records.history's order.
_FIRST_MARKED_SQL: Final = (
    "SELECT record_id, saved_at FROM ("
    " SELECT record_id, saved_at, ROW_NUMBER() OVER ("
    "  PARTITION BY record_id ORDER BY hlc, version_id) AS n"
    " FROM versions WHERE form_id = ?"
    " AND json_extract(answers, '$.immediate_risk') = 'yes'{inspection}) WHERE n = 1"
)


# One inspection's cases, and those filed under none (saved before inspections existed).
_IN_INSPECTION_SQL: Final = " AND (r.inspection_id = ? OR r.inspection_id IS NULL)"
_MARKED_IN_INSPECTION_SQL: Final = (
    " AND record_id IN (SELECT r.record_id FROM records r"
    " WHERE r.form_id = ? AND (r.inspection_id = ? OR r.inspection_id IS NULL))"
)


def returned_cases(session: Session, inspection_id: str | None = None) -> list[ReturnedCase]:
    """Every live case audit that says immediate risk, longest waiting first; with
    ``inspection_id``, that inspection's and those filed under none."""
    heads_sql, marked_sql = _RISKY_HEADS_SQL, _FIRST_MARKED_SQL.format(inspection="")
    heads_args: tuple[str, ...] = (CASE_AUDIT,)
    marked_args: tuple[str, ...] = (CASE_AUDIT,)
    if inspection_id is not None:
        heads_sql += _IN_INSPECTION_SQL
        heads_args += (inspection_id,)
        marked_sql = _FIRST_MARKED_SQL.format(inspection=_MARKED_IN_INSPECTION_SQL)
        marked_args += (CASE_AUDIT, inspection_id)
    cursor = records.cursor_of(session)
    try:
        heads = cursor.execute(heads_sql, heads_args).fetchall()
        marked: dict[str, str] = dict(cursor.execute(marked_sql, marked_args).fetchall())
    finally:
        cursor.close()
    risky: dict[str, list[Mapping[str, Any]]] = {}
    about: dict[str, tuple[str, Status, int]] = {}
    for record_id, title, status, head_count, answers in heads:
        risky.setdefault(record_id, []).append(json.loads(answers))
        about[record_id] = (title, status, head_count)
    rows = [
        ReturnedCase(
            record_id=RecordId(record_id),
            title=about[record_id][0],
            category=str(answers[0].get("primary_category") or ""),
            marked_at=marked[record_id],
            status=min((return_status(a) for a in answers), key=RETURN_STATUSES.index),
            record_status=about[record_id][1],
            in_conflict=about[record_id][2] > 1,
        )
        for record_id, answers in risky.items()
    ]
    rows.sort(key=lambda r: (r.marked_at, r.record_id))
    return rows


def time_since(seconds: float) -> str:
    """'marked 5 hours ago' wording: minutes under an hour, hours under two days, then days."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return _ago(minutes, "minute")
    hours = minutes // 60
    if hours < 48:
        return _ago(hours, "hour")
    return _ago(hours // 24, "day")


def _ago(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'} ago"

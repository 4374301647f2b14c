"""The register's use cases on an unlocked vault: list it, set a status, carry into a revisit.

Functions taking the ``VaultService``; its methods (``recommendations``,
``set_recommendation_status``, ``carried_recommendations``) call these, so the command line and
the app share them. A status is saved through the service's own save path, as a record of the
built-in form ``recommendation_status``; the rules are in ``ncpi_field.recommendations``.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Final

from ncpi_field.errors import (
    RecommendationAmbiguous,
    RecommendationNotFound,
    StatusChangeRefused,
)
from ncpi_field.live_heads import live_heads
from ncpi_field.recommendations import (
    ALLOWED,
    DEBRIEF_FORM,
    INSPECTION_FORM,
    REC_STATUSES,
    STATUS_FORM,
    STATUS_LABELS,
    Recommendation,
    RecStatus,
    build_register,
    carried_recommendations,
    follows_map,
    may_move,
)
from ncpi_field.records import RecordId

if TYPE_CHECKING:
    from ncpi_field.service import Changes, VaultService

REGISTER_FORMS: Final = (INSPECTION_FORM, DEBRIEF_FORM, STATUS_FORM)
# Status records get an id derived from the recommendation, so two team leads who record a
# first status for one recommendation write one record (in conflict if they disagree).
_STATUS_NAMESPACE: Final = uuid.UUID("5b0e7c1a-3a52-4a4e-9d1f-6c1f0f7a2b11")


NOTE_REFUSED: Final = (
    "The note looks like it holds personal data (a name, phone number, e-mail address, "
    "postcode, full date or force reference): reword it without them. Nothing was saved."
)


def status_record_id(inspection_id: str, rec_id: str) -> RecordId:
    return RecordId(str(uuid.uuid5(_STATUS_NAMESPACE, f"{inspection_id}/{rec_id}")))


def register(service: VaultService) -> list[Recommendation]:
    """Every recommendation in the vault, by inspection then identifier."""
    with service.vault.session() as session:
        heads = live_heads(session, REGISTER_FORMS)
    return build_register(heads)


def find(rows: list[Recommendation], rec_id: str, inspection_id: str | None) -> Recommendation:
    """The one row with that identifier (in that inspection, when named)."""
    found = [
        r
        for r in rows
        if r.rec_id == rec_id and (inspection_id is None or r.inspection_id == inspection_id)
    ]
    if not found:
        raise RecommendationNotFound(
            "No recommendation with that identifier is in this vault's register "
            "(identifiers look like REC-03)."
        )
    if len(found) > 1:
        raise RecommendationAmbiguous(
            f"That identifier is used in {len(found)} inspections; name the inspection."
        )
    return found[0]


def parse_status(text: str) -> RecStatus:
    wanted = text.strip().lower().replace(" ", "_").replace("-", "_")
    for status in REC_STATUSES:
        if status == wanted:
            return status
    raise StatusChangeRefused(f"Unknown status. Use one of: {', '.join(REC_STATUSES)}.")


def set_status(
    service: VaultService,
    rec_id: str,
    status: RecStatus,
    *,
    inspection_id: str | None = None,
    note: str = "",
) -> tuple[Recommendation, Changes]:
    """Record a new status for a recommendation, if the rules allow the move; else refuse."""
    row = find(register(service), rec_id, inspection_id)
    if not may_move(row.status, status):
        raise StatusChangeRefused(_refusal(row.status, status))
    answers = {"inspection": row.inspection_id, "rec_id": row.rec_id, "rec_status": status}
    if note.strip():
        answers["status_note"] = note.strip()
    record_id = status_record_id(row.inspection_id, row.rec_id)
    changes = _save(service, record_id, answers)
    return find(register(service), row.rec_id, row.inspection_id), changes


def _save(service: VaultService, record_id: RecordId, answers: dict[str, str]) -> Changes:
    from ncpi_field.service import IncompleteRecord, NewRecord  # noqa: PLC0415 - a cycle

    try:
        if service.has_record(record_id):
            return service.complete(STATUS_FORM, answers, record_id=record_id).changes
        return service.add_records([NewRecord(record_id, STATUS_FORM, answers, "complete")])
    except IncompleteRecord as exc:
        if any(issue.field == "status_note" for issue in exc.issues):
            raise StatusChangeRefused(NOTE_REFUSED) from None
        raise


def _refusal(current: RecStatus, wanted: RecStatus) -> str:
    if current == wanted:
        return f"The recommendation is already {STATUS_LABELS[current].lower()}."
    allowed = [STATUS_LABELS[s].lower() for s in REC_STATUSES if s in ALLOWED[current]]
    then = f"it can move to {', '.join(allowed)}" if allowed else "it cannot move on"
    return (
        f"The recommendation is {STATUS_LABELS[current].lower()}: {then}, "
        f"not to {STATUS_LABELS[wanted].lower()}."
    )


def carried(service: VaultService, revisit_id: str) -> list[Recommendation]:
    """The earlier recommendations a revisit follows up (not yet met), nearest first."""
    with service.vault.session() as session:
        heads = live_heads(session, REGISTER_FORMS)
    return carried_recommendations(build_register(heads), follows_map(heads), revisit_id)

"""Records and their immutable versions: save, history, heads and the state digest."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, Literal, NewType, cast

from sqlalchemy import delete, exists, func, insert, select, update
from sqlalchemy.orm import Session

from ncpi_field.errors import InvalidRecord, RecordNotFound
from ncpi_field.hlc import HybridClock, Stamp
from ncpi_field.models import Head, RecordRow, VersionParent, VersionRow

RecordId = NewType("RecordId", str)
VersionId = NewType("VersionId", str)
Status = Literal["draft", "complete", "withdrawn"]
STATUSES: Final[tuple[Status, ...]] = ("draft", "complete", "withdrawn")
_TITLE_FIELDS: Final = ("title", "audit_ref", "rt_ref", "obs_ref", "debrief_ref")


@dataclass(frozen=True)
class Version:
    version_id: VersionId
    record_id: RecordId
    parents: tuple[VersionId, ...]
    form_id: str
    form_version: str
    author_device: str
    hlc: str
    status: Status
    tombstone: bool
    answers: Mapping[str, Any]
    saved_at: str


@dataclass(frozen=True)
class RecordSummary:
    record_id: RecordId
    form_id: str
    title: str
    status: Status
    deleted: bool
    head_count: int
    updated_hlc: str

    @property
    def in_conflict(self) -> bool:
        return self.head_count > 1


@dataclass(frozen=True)
class Draft:
    """What a person asks to save: the record (None for a new one) and the answers."""

    form_id: str
    answers: Mapping[str, Any]
    record_id: RecordId | None = None
    status: Status = "complete"
    form_version: str = ""
    parents: Sequence[VersionId] | None = None
    tombstone: bool = False


def canonical_answers(answers: Mapping[str, Any]) -> str:
    """Answers as canonical JSON; refuses what JSON cannot hold exactly."""
    if not isinstance(answers, Mapping) or not all(isinstance(k, str) for k in answers):
        raise InvalidRecord("Answers must be an object whose keys are field names.")
    try:
        return json.dumps(
            answers, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )
    except (TypeError, ValueError):
        raise InvalidRecord(
            "Answers may hold only text, numbers, true/false, null, lists and objects."
        ) from None


def save(session: Session, draft: Draft, device: str, clock: HybridClock) -> Version:
    """Append a version of a new or existing record. Parents default to the current heads."""
    if draft.status not in STATUSES:
        raise InvalidRecord(f"Unknown status {draft.status!r}; use draft, complete or withdrawn.")
    if not draft.form_id or len(draft.form_id) > 100:
        raise InvalidRecord("A form id of 1 to 100 characters is required.")
    answers_json = canonical_answers(draft.answers)
    record_id, parents = _resolve_parents(session, draft)
    version = Version(
        version_id=VersionId(str(uuid.uuid4())),
        record_id=record_id,
        parents=parents,
        form_id=draft.form_id,
        form_version=draft.form_version,
        author_device=device,
        hlc=clock.tick().encode(),
        status="withdrawn" if draft.tombstone else draft.status,
        tombstone=draft.tombstone,
        answers=json.loads(answers_json),
        saved_at=datetime.now(UTC).isoformat(timespec="milliseconds"),
    )
    add(session, version, answers_json)
    return version


def _resolve_parents(session: Session, draft: Draft) -> tuple[RecordId, tuple[VersionId, ...]]:
    if draft.record_id is None:
        if draft.parents:
            raise InvalidRecord("A new record cannot have parent versions.")
        return RecordId(str(uuid.uuid4())), ()
    record = session.get(RecordRow, draft.record_id)
    if record is None:
        raise RecordNotFound("No record with that id is in this vault.")
    if record.form_id != draft.form_id:
        raise InvalidRecord("A record keeps its form: save it with the form it was created with.")
    if draft.parents is None:
        return draft.record_id, tuple(h.version_id for h in heads(session, draft.record_id))
    _check_parents(session, draft.record_id, draft.parents)
    return draft.record_id, tuple(sorted(set(draft.parents)))


def _check_parents(session: Session, record_id: str, parents: Iterable[str]) -> None:
    wanted = set(parents)
    found = set(
        session.scalars(
            select(VersionRow.version_id).where(
                VersionRow.version_id.in_(wanted), VersionRow.record_id == record_id
            )
        )
    )
    if found != wanted:
        raise InvalidRecord("A parent version is not a version of this record.")


def add(session: Session, version: Version, answers_json: str | None = None) -> bool:
    """Insert a version (local or imported) and update heads. False if it was already there."""
    if session.get(VersionRow, version.version_id) is not None:
        return False
    if session.get(RecordRow, version.record_id) is None:
        session.add(_placeholder_record(version))
        session.flush()
    session.execute(insert(VersionRow).values(**_version_columns(version, answers_json)))
    if version.parents:
        session.execute(
            insert(VersionParent),
            [{"version_id": version.version_id, "parent_id": p} for p in version.parents],
        )
        session.execute(delete(Head).where(Head.version_id.in_(version.parents)))
    superseded = session.scalar(
        select(exists().where(VersionParent.parent_id == version.version_id))
    )
    if not superseded:
        session.execute(insert(Head).values(version_id=version.version_id, record_id=version.record_id))
    _refresh_record(session, version.record_id)
    return True


def _placeholder_record(version: Version) -> RecordRow:
    return RecordRow(
        record_id=version.record_id,
        form_id=version.form_id,
        title="",
        status=version.status,
        deleted=False,
        head_count=0,
        created_hlc=version.hlc,
        updated_hlc=version.hlc,
    )


def _version_columns(version: Version, answers_json: str | None) -> dict[str, Any]:
    return {
        "version_id": version.version_id,
        "record_id": version.record_id,
        "form_id": version.form_id,
        "form_version": version.form_version,
        "author_device": version.author_device,
        "hlc": version.hlc,
        "status": version.status,
        "tombstone": version.tombstone,
        "answers": answers_json if answers_json is not None else canonical_answers(version.answers),
        "saved_at": version.saved_at,
    }


def _refresh_record(session: Session, record_id: RecordId) -> None:
    """Recompute the listing cache from the heads; the latest head (by clock) is shown."""
    rows = session.execute(
        select(VersionRow.hlc, VersionRow.status, VersionRow.tombstone, VersionRow.answers)
        .join(Head, Head.version_id == VersionRow.version_id)
        .where(Head.record_id == record_id)
        .order_by(VersionRow.hlc.desc(), VersionRow.version_id.desc())
    ).all()
    shown = rows[0]
    form_id = session.scalars(
        select(RecordRow.form_id).where(RecordRow.record_id == record_id)
    ).one()
    created = session.scalar(select(func.min(VersionRow.hlc)).where(VersionRow.record_id == record_id))
    session.execute(
        update(RecordRow)
        .where(RecordRow.record_id == record_id)
        .values(
            title=title_for(form_id, json.loads(shown.answers), record_id),
            status=shown.status,
            deleted=all(r.tombstone for r in rows),
            head_count=len(rows),
            updated_hlc=shown.hlc,
            created_hlc=created or shown.hlc,
        )
    )


def title_for(form_id: str, answers: Mapping[str, Any], record_id: str) -> str:
    """A short label for lists: the record's reference if it has one."""
    for field in _TITLE_FIELDS:
        value = answers.get(field)
        if isinstance(value, str) and value.strip():
            return value.strip()[:120]
    return f"{form_id.replace('_', ' ')} {record_id[:8]}"


def _to_version(row: VersionRow, parents: tuple[VersionId, ...]) -> Version:
    return Version(
        version_id=VersionId(row.version_id),
        record_id=RecordId(row.record_id),
        parents=parents,
        form_id=row.form_id,
        form_version=row.form_version,
        author_device=row.author_device,
        hlc=row.hlc,
        status=cast(Status, row.status),
        tombstone=row.tombstone,
        answers=json.loads(row.answers),
        saved_at=row.saved_at,
    )


def _parents_of(session: Session, version_ids: Sequence[str]) -> dict[str, tuple[VersionId, ...]]:
    result: dict[str, list[VersionId]] = {v: [] for v in version_ids}
    for edge in session.scalars(
        select(VersionParent).where(VersionParent.version_id.in_(version_ids))
    ):
        result[edge.version_id].append(VersionId(edge.parent_id))
    return {k: tuple(sorted(v)) for k, v in result.items()}


def _versions(session: Session, rows: Sequence[VersionRow]) -> list[Version]:
    parents = _parents_of(session, [r.version_id for r in rows])
    return [_to_version(r, parents[r.version_id]) for r in rows]


def heads(session: Session, record_id: str) -> list[Version]:
    """The record's current heads, latest first. Raises if the record is unknown."""
    rows = session.scalars(
        select(VersionRow)
        .join(Head, Head.version_id == VersionRow.version_id)
        .where(Head.record_id == record_id)
        .order_by(VersionRow.hlc.desc(), VersionRow.version_id.desc())
    ).all()
    if not rows:
        raise RecordNotFound("No record with that id is in this vault.")
    return _versions(session, rows)


def history(session: Session, record_id: str) -> list[Version]:
    """Every version of a record, oldest first by clock stamp."""
    rows = session.scalars(
        select(VersionRow)
        .where(VersionRow.record_id == record_id)
        .order_by(VersionRow.hlc, VersionRow.version_id)
    ).all()
    if not rows:
        raise RecordNotFound("No record with that id is in this vault.")
    return _versions(session, rows)


def get_version(session: Session, version_id: str) -> Version:
    row = session.get(VersionRow, version_id)
    if row is None:
        raise RecordNotFound("No version with that id is in this vault.")
    return _versions(session, [row])[0]


def summary(session: Session, record_id: str) -> RecordSummary:
    row = session.get(RecordRow, record_id)
    if row is None:
        raise RecordNotFound("No record with that id is in this vault.")
    return _to_summary(row)


def list_records(session: Session, *, include_deleted: bool = False) -> list[RecordSummary]:
    query = select(RecordRow).order_by(RecordRow.created_hlc, RecordRow.record_id)
    if not include_deleted:
        query = query.where(RecordRow.deleted.is_(False))
    return [_to_summary(r) for r in session.scalars(query)]


def _to_summary(row: RecordRow) -> RecordSummary:
    return RecordSummary(
        record_id=RecordId(row.record_id),
        form_id=row.form_id,
        title=row.title,
        status=cast(Status, row.status),
        deleted=row.deleted,
        head_count=row.head_count,
        updated_hlc=row.updated_hlc,
    )


@dataclass(frozen=True)
class Counts:
    records: int
    versions: int
    conflicts: int


def counts(session: Session) -> Counts:
    return Counts(
        records=session.scalar(select(func.count()).select_from(RecordRow)) or 0,
        versions=session.scalar(select(func.count()).select_from(VersionRow)) or 0,
        conflicts=session.scalar(
            select(func.count()).select_from(RecordRow).where(RecordRow.head_count > 1)
        )
        or 0,
    )


def state_digest(session: Session) -> str:
    """SHA-256 over the sorted version ids: equal for two vaults holding the same versions."""
    digest = hashlib.sha256()
    for version_id in session.scalars(select(VersionRow.version_id).order_by(VersionRow.version_id)):
        digest.update(version_id.encode("ascii"))
        digest.update(b"\n")
    return digest.hexdigest()


def latest_stamp(session: Session) -> Stamp | None:
    """The highest stamp in the vault, so a reopened clock never issues one below it."""
    text = session.scalar(select(func.max(VersionRow.hlc)))
    return Stamp.decode(text) if text else None


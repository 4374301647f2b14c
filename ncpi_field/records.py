"""Records and their immutable versions: save, history, heads and the state digest."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, Literal, NewType, Protocol, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ncpi_field.errors import InvalidRecord, RecordNotFound
from ncpi_field.hlc import HybridClock, Stamp
from ncpi_field.models import Head, RecordRow, VersionParent, VersionRow

RecordId = NewType("RecordId", str)
VersionId = NewType("VersionId", str)
Status = Literal["draft", "complete", "withdrawn"]
STATUSES: Final[tuple[Status, ...]] = ("draft", "complete", "withdrawn")
TITLE_LENGTH: Final = 120
# The form of the inspection record itself; every other record names one in this answer.
INSPECTION_FORM: Final = "inspection"
INSPECTION_FIELD: Final = "inspection"


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
    # The inspection the record belongs to (an inspection record's own id for an inspection);
    # None for a record saved before it named one.
    inspection_id: str | None = None

    @property
    def in_conflict(self) -> bool:
        return self.head_count > 1


@dataclass(frozen=True)
class Draft:
    """What a person asks to save: the record (None for a new one) and the answers."""

    form_id: str
    answers: Mapping[str, Any]
    record_id: RecordId | None = None
    status: Status = "draft"
    form_version: str = ""
    parents: Sequence[VersionId] | None = None
    tombstone: bool = False
    # The SHA-256 of the form definition a complete record was validated against. Only the
    # use-case API (ncpi_field.service) sets it, after the answers passed their form's checks.
    validated_against: str = ""
    # The question whose answer labels the record in lists: the form spec's title_field.
    title_field: str | None = None


def canonical_answers(answers: Mapping[str, Any]) -> str:
    """Answers as canonical JSON; refuses what JSON cannot hold exactly."""
    if not isinstance(answers, Mapping) or not all(isinstance(k, str) for k in answers):
        raise InvalidRecord("Answers must be an object whose keys are field names.")
    try:
        text = json.dumps(
            answers, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )
    except (TypeError, ValueError):
        raise InvalidRecord(
            "Answers may hold only text, numbers, true/false, null, lists and objects."
        ) from None
    except RecursionError:
        raise InvalidRecord("Answers nest lists and objects too deeply.") from None
    try:
        # Stored as UTF-8: a lone surrogate (JSON's \ud800 escape) has no UTF-8 form.
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidRecord(
            "Answers hold text that is not valid Unicode (an unpaired surrogate)."
        ) from None
    return text


class Cursor(Protocol):
    """The DB-API cursor the write path needs (sqlite3 and sqlcipher3 cursors fit)."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Any: ...

    def executemany(self, sql: str, parameters: Sequence[Sequence[Any]], /) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> Any: ...

    def close(self) -> None: ...


def cursor_of(session: Session) -> Cursor:
    """A cursor on the session's own connection, inside its transaction."""
    dbapi = session.connection().connection.driver_connection
    assert dbapi is not None
    return cast(Cursor, dbapi.cursor())


def save(cursor: Cursor, draft: Draft, device: str, clock: HybridClock) -> Version:
    """Append a version of a new or existing record. Parents default to the current heads.

    The write path speaks SQL to the cursor directly: a save is the app's hottest path, and
    the ORM's overhead was twenty times the cost of the insert itself. A local save knows what
    an import must look up (its version is new, nothing names it as a parent, and its stamp is
    the newest), so it takes the short path; ``add`` is the general one.
    """
    if draft.status not in STATUSES:
        raise InvalidRecord(f"Unknown status {draft.status!r}; use draft, complete or withdrawn.")
    if draft.status == "complete" and not draft.tombstone and not draft.validated_against:
        raise InvalidRecord(
            "A record can be stored as complete only after its form's checks have passed."
        )
    if not draft.form_id or len(draft.form_id) > 100:
        raise InvalidRecord("A form id of 1 to 100 characters is required.")
    answers_json = canonical_answers(draft.answers)
    record_id, parents, others = _resolve_parents(cursor, draft)
    version = Version(
        version_id=VersionId(str(uuid.uuid4())),
        record_id=record_id,
        parents=parents,
        form_id=draft.form_id,
        form_version=draft.form_version,
        author_device=device,
        # The clock is never below a stamp in the vault (see Vault and HybridClock.observe),
        # so this version is the one the listing shows.
        hlc=clock.tick().encode(),
        status="withdrawn" if draft.tombstone else draft.status,
        tombstone=draft.tombstone,
        answers=json.loads(answers_json),
        saved_at=datetime.now(UTC).isoformat(timespec="milliseconds"),
    )
    title = title_for(version.form_id, version.answers, version.record_id, draft.title_field)
    _append_local(cursor, version, answers_json, others, title, new_record=draft.record_id is None)
    return version


def _append_local(
    cursor: Cursor,
    version: Version,
    answers_json: str,
    others: list[bool],
    title: str,
    *,
    new_record: bool,
) -> None:
    """Insert a new local version. ``others``: tombstone flags of the heads it leaves standing."""
    deleted = version.tombstone and all(others)
    inspection = inspection_of(version.form_id, version.record_id, version.answers)
    if new_record:
        cursor.execute(
            "INSERT INTO records (record_id, form_id, title, status, deleted, head_count,"
            " created_hlc, updated_hlc, inspection_id) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)",
            (
                version.record_id,
                version.form_id,
                title,
                version.status,
                deleted,
                version.hlc,
                version.hlc,
                inspection,
            ),
        )
    cursor.execute(_INSERT_VERSION, version_row(version, answers_json))
    _link_parents(cursor, version)
    cursor.execute(
        "INSERT INTO heads (version_id, record_id) VALUES (?, ?)",
        (version.version_id, version.record_id),
    )
    if not new_record:
        if version.tombstone:  # its answers are empty: filed as the versions before it were
            inspection = _filed_under(
                cursor, version.form_id, version.record_id, _heads(cursor, version.record_id)
            )
        cursor.execute(
            "UPDATE records SET title = ?, status = ?, deleted = ?, head_count = ?,"
            " updated_hlc = ?, inspection_id = ? WHERE record_id = ?",
            (
                title,
                version.status,
                deleted,
                len(others) + 1,
                version.hlc,
                inspection,
                version.record_id,
            ),
        )


def _link_parents(cursor: Cursor, version: Version) -> None:
    if version.parents:
        cursor.executemany(
            "INSERT INTO version_parents (version_id, parent_id) VALUES (?, ?)",
            [(version.version_id, p) for p in version.parents],
        )
        marks = ",".join("?" * len(version.parents))
        cursor.execute(f"DELETE FROM heads WHERE version_id IN ({marks})", version.parents)  # noqa: S608 - placeholders only


def _resolve_parents(
    cursor: Cursor, draft: Draft
) -> tuple[RecordId, tuple[VersionId, ...], list[bool]]:
    """The record id, the parents, and the tombstone flags of heads the save leaves standing."""
    if draft.record_id is None:
        if draft.parents:
            raise InvalidRecord("A new record cannot have parent versions.")
        return RecordId(str(uuid.uuid4())), (), []
    rows = cursor.execute(
        "SELECT r.form_id, h.version_id, v.tombstone FROM records r"
        " LEFT JOIN heads h ON h.record_id = r.record_id"
        " LEFT JOIN versions v ON v.version_id = h.version_id WHERE r.record_id = ?",
        (draft.record_id,),
    ).fetchall()
    if not rows:
        raise RecordNotFound("No record with that id is in this vault.")
    if rows[0][0] != draft.form_id:
        raise InvalidRecord("A record keeps its form: save it with the form it was created with.")
    heads_now = {VersionId(r[1]): bool(r[2]) for r in rows if r[1] is not None}
    if draft.parents is None:
        return draft.record_id, tuple(sorted(heads_now)), []
    wanted = sorted(set(draft.parents))
    _check_parents(cursor, draft.record_id, wanted)
    others = [flag for head, flag in heads_now.items() if head not in wanted]
    return draft.record_id, tuple(VersionId(p) for p in wanted), others


def _check_parents(cursor: Cursor, record_id: str, wanted: Sequence[str]) -> None:
    marks = ",".join("?" * len(wanted))
    found = cursor.execute(
        f"SELECT count(*) FROM versions WHERE record_id = ? AND version_id IN ({marks})",  # noqa: S608 - placeholders only
        (record_id, *wanted),
    ).fetchone()[0]
    if found != len(wanted):
        raise InvalidRecord("A parent version is not a version of this record.")


_INSERT_VERSION: Final = (
    "INSERT INTO versions (version_id, record_id, form_id, form_version, author_device, hlc,"
    " status, tombstone, answers, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_RECORD: Final = (
    "INSERT OR IGNORE INTO records (record_id, form_id, title, status, deleted, head_count,"
    " created_hlc, updated_hlc) VALUES (?, ?, '', ?, 0, 0, ?, ?)"
)


def add(
    cursor: Cursor,
    version: Version,
    answers_json: str | None = None,
    *,
    title_field: str | None = None,
) -> bool:
    """Insert a version (local or imported) and update heads. False if it was already there.

    Versions may arrive in any order: a version is a head unless a version already stored
    names it as a parent, and it removes its own parents from the heads. ``title_field``
    (the form spec's) names the answer that titles the record in lists.
    """
    known = cursor.execute(
        "SELECT 1 FROM versions WHERE version_id = ?", (version.version_id,)
    ).fetchone()
    if known is not None:
        return False
    body = answers_json if answers_json is not None else canonical_answers(version.answers)
    cursor.execute(
        _INSERT_RECORD,
        (version.record_id, version.form_id, version.status, version.hlc, version.hlc),
    )
    cursor.execute(_INSERT_VERSION, version_row(version, body))
    _link_parents(cursor, version)
    _head_unless_superseded(cursor, version)
    _refresh_record(cursor, version, title_field)
    return True


def _head_unless_superseded(cursor: Cursor, version: Version) -> bool:
    """Make ``version`` a head unless a stored version names it as a parent; True if it is."""
    superseded = cursor.execute(
        "SELECT 1 FROM version_parents WHERE parent_id = ? LIMIT 1", (version.version_id,)
    ).fetchone()
    if superseded is not None:
        return False
    cursor.execute(
        "INSERT INTO heads (version_id, record_id) VALUES (?, ?)",
        (version.version_id, version.record_id),
    )
    return True


@dataclass(frozen=True)
class StoredRecord:
    """A record's row as a caller has just read it, in the same transaction."""

    form_id: str
    created_hlc: str


_INSERT_NEW_RECORD: Final = (
    "INSERT INTO records (record_id, form_id, title, status, deleted, head_count,"
    " created_hlc, updated_hlc, inspection_id) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)"
)


def add_absent(
    cursor: Cursor,
    version: Version,
    answers_json: str,
    *,
    record: StoredRecord | None,
    title_field: str | None = None,
) -> None:
    """``add`` for a caller that has just looked, in this transaction: no version with this id
    is stored, and ``record`` is the record's row (None: the record has no row yet).

    The result is the one ``add`` gives; what the caller read is not read again, and a version
    that starts its record and that no stored version names as a parent (the usual import)
    writes its record's listing row at once, as ``_refresh_record`` would compute it from its
    single head, instead of inserting a blank row and refreshing it.
    """
    if record is None:
        cursor.execute(_INSERT_NEW_RECORD, _new_record_row(version, title_field))
    cursor.execute(_INSERT_VERSION, version_row(version, answers_json))
    _link_parents(cursor, version)
    if _head_unless_superseded(cursor, version) and record is None:
        return  # its only head: the row written above is the refreshed one
    known = record or StoredRecord(version.form_id, version.hlc)
    _refresh_record(cursor, version, title_field, known)


def _new_record_row(version: Version, title_field: str | None) -> tuple[Any, ...]:
    """The listing row of a record whose one version (and head) is ``version``."""
    # A deletion's answers are empty and no living version of the record is stored: filed
    # under no inspection, as _filed_under finds.
    inspection = (
        None
        if version.tombstone
        else inspection_of(version.form_id, version.record_id, version.answers)
    )
    return (
        version.record_id,
        version.form_id,
        title_for(version.form_id, version.answers, version.record_id, title_field),
        version.status,
        version.tombstone,
        version.hlc,
        version.hlc,
        inspection,
    )


def version_row(version: Version, answers_json: str) -> tuple[Any, ...]:
    """A version as its ``versions`` row stores it, in column order (version_id first)."""
    return (
        version.version_id,
        version.record_id,
        version.form_id,
        version.form_version,
        version.author_device,
        version.hlc,
        version.status,
        version.tombstone,
        answers_json,
        version.saved_at,
    )


def _refresh_record(
    cursor: Cursor, version: Version, title_field: str | None, known: StoredRecord | None = None
) -> None:
    """Recompute the listing cache from the heads; the latest head (by clock) is shown.

    The inspection comes from the latest head that is not a tombstone (a tombstone's answers
    are empty), so a deleted record stays filed under its inspection (see _filed_under).
    ``known``: the record's row as the caller has just read it (else it is read here).
    """
    rows = _heads(cursor, version.record_id)
    if known is None:
        form_id, created = cursor.execute(
            "SELECT form_id, created_hlc FROM records WHERE record_id = ?", (version.record_id,)
        ).fetchone()
    else:
        form_id, created = known.form_id, known.created_hlc
    hlc, status, _tombstone, answers = rows[0]
    inspection = _filed_under(cursor, form_id, version.record_id, rows)
    cursor.execute(
        "UPDATE records SET title = ?, status = ?, deleted = ?, head_count = ?,"
        " updated_hlc = ?, created_hlc = ?, inspection_id = ? WHERE record_id = ?",
        (
            title_for(form_id, json.loads(answers), version.record_id, title_field),
            status,
            all(r[2] for r in rows),
            len(rows),
            hlc,
            min(created, version.hlc),
            inspection,
            version.record_id,
        ),
    )


def _heads(cursor: Cursor, record_id: str) -> list[Any]:
    """(hlc, status, tombstone, answers) of the record's heads, latest first."""
    rows: list[Any] = cursor.execute(
        "SELECT v.hlc, v.status, v.tombstone, v.answers FROM heads h"
        " JOIN versions v ON v.version_id = h.version_id WHERE h.record_id = ?"
        " ORDER BY v.hlc DESC, v.version_id DESC",
        (record_id,),
    ).fetchall()
    return rows


def _filed_under(cursor: Cursor, form_id: str, record_id: str, heads: Sequence[Any]) -> str | None:
    """The inspection of the latest living head; with only tombstone heads (a deleted record),
    of its latest living version. A function of the versions held, whatever their order."""
    living = [r[3] for r in heads if not r[2]]
    if not living:
        found = cursor.execute(
            "SELECT answers FROM versions WHERE record_id = ? AND tombstone = 0"
            " ORDER BY hlc DESC, version_id DESC LIMIT 1",
            (record_id,),
        ).fetchone()
        living = [found[0]] if found is not None else []
    return inspection_of(form_id, record_id, json.loads(living[0])) if living else None


def inspection_of(form_id: str, record_id: str, answers: Mapping[str, Any]) -> str | None:
    """The inspection a version files its record under: its own id for an inspection record,
    else its ``inspection`` answer (None when it names none)."""
    if form_id == INSPECTION_FORM:
        return record_id
    value = answers.get(INSPECTION_FIELD)
    return value if isinstance(value, str) and value else None


def title_for(
    form_id: str, answers: Mapping[str, Any], record_id: str, title_field: str | None = None
) -> str:
    """A short label for lists: the answer to the form's title field (its reference), if any.

    Otherwise the form id in words and the start of the record id: 'case audit 1f2e3d4c'.
    """
    value = answers.get(title_field) if title_field else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()[:TITLE_LENGTH]
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


def exists(session: Session, record_id: str) -> bool:
    return session.get(RecordRow, record_id) is not None


def summary(session: Session, record_id: str) -> RecordSummary:
    row = session.get(RecordRow, record_id)
    if row is None:
        raise RecordNotFound("No record with that id is in this vault.")
    return _to_summary(row)


_LIST_SQL: Final = (
    "SELECT record_id, form_id, title, status, deleted, head_count, updated_hlc, inspection_id"
    " FROM records"
)


def list_records(
    session: Session, *, include_deleted: bool = False, inspection_id: str | None = None
) -> list[RecordSummary]:
    """Every record's summary, oldest first; with ``inspection_id``, that inspection's records
    only (the inspection record itself is not one of them).

    Read on the session's own cursor, column by column: building ORM objects (or even Core
    rows) for ten thousand records cost more than reading them.
    """
    conditions: list[str] = [] if include_deleted else ["deleted = 0"]
    parameters: list[str] = []
    if inspection_id is not None:
        conditions += ["inspection_id = ?", "form_id != ?"]
        parameters += [inspection_id, INSPECTION_FORM]
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    cursor = cursor_of(session)
    try:
        rows = cursor.execute(
            f"{_LIST_SQL}{where} ORDER BY created_hlc, record_id", parameters
        ).fetchall()
    finally:
        cursor.close()
    return [
        RecordSummary(
            record_id=RecordId(record_id),
            form_id=form_id,
            title=title,
            status=cast(Status, status),
            deleted=bool(deleted),
            head_count=head_count,
            updated_hlc=updated_hlc,
            inspection_id=inspection,
        )
        for record_id, form_id, title, status, deleted, head_count, updated_hlc, inspection in rows
    ]


def _to_summary(row: RecordRow) -> RecordSummary:
    return RecordSummary(
        record_id=RecordId(row.record_id),
        form_id=row.form_id,
        title=row.title,
        status=cast(Status, row.status),
        deleted=row.deleted,
        head_count=row.head_count,
        updated_hlc=row.updated_hlc,
        inspection_id=row.inspection_id,
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


DIGEST_FORMAT: Final = b"ncpi-field/state-digest/2\n"
_DIGEST_BATCH: Final = 1000


def state_digest(session: Session) -> str:
    """SHA-256 over every version's full canonical content, then the heads.

    Equal for two vaults holding the same versions whatever order they arrived in; any change
    to any byte of any version (answers, status, tombstone, parents, form, author, clock, save
    time) changes it. Versions are streamed in version-id order with their parents merged in
    from a second ordered cursor, so memory stays flat however large the vault.
    """
    digest = hashlib.sha256(DIGEST_FORMAT)
    parents = _stream(
        cursor_of(session),
        "SELECT version_id, parent_id FROM version_parents ORDER BY version_id, parent_id",
    )
    pending = next(parents, None)
    versions = _stream(
        cursor_of(session),
        "SELECT version_id, record_id, form_id, form_version, author_device, hlc, status,"
        " tombstone, saved_at, answers FROM versions ORDER BY version_id",
    )
    for version_id, *fields, answers in versions:
        own: list[str] = []
        while pending is not None and pending[0] < version_id:
            pending = next(parents, None)  # an edge of no stored version: not content
        while pending is not None and pending[0] == version_id:
            own.append(pending[1])
            pending = next(parents, None)
        line = [version_id, *fields[:6], bool(fields[6]), fields[7], own, json.loads(answers)]
        digest.update(_canonical(line))
    digest.update(b"heads\n")
    for (version_id,) in _stream(
        cursor_of(session), "SELECT version_id FROM heads ORDER BY version_id"
    ):
        digest.update(version_id.encode("utf-8") + b"\n")
    return digest.hexdigest()


def _stream(cursor: Any, sql: str) -> Iterator[Any]:
    """Rows in batches, so a large vault is never held in memory at once (a DB-API cursor)."""
    cursor.execute(sql)
    while rows := cursor.fetchmany(_DIGEST_BATCH):
        yield from rows


def _canonical(value: Any) -> bytes:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8", "surrogatepass") + b"\n"


def latest_stamp(session: Session) -> Stamp | None:
    """The highest stamp in the vault, so a reopened clock never issues one below it."""
    text = session.scalar(select(func.max(VersionRow.hlc)))
    return Stamp.decode(text) if text else None

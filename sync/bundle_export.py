"""Export a bundle: what the recipients have not had from this vault (or everything), signed.

The file is streamed to a temporary name beside the target, fsynced, and renamed only after
the sequence numbers it uses are committed, so a crash leaves no partial bundle under the
final name and never reuses a sequence number for other content (which would be equivocation).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import itertools
import os
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, Final

from cryptography.cobblestone import Cobblestone256Encryptor
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ncpi_field import device, records
from ncpi_field.atomic import fsync_directory, storage_error
from ncpi_field.errors import StorageError
from ncpi_field.models import SentBundle
from ncpi_field.service import VaultService
from sync import bundle_crypto, bundle_format, canonical, team
from sync.bundle_format import Header, Recipient
from sync.keys import DeviceKeys

BATCH: Final = 500
# Frames are sealed in runs of about this many bytes: one encryptor call per run, not per frame.
SEAL_CHUNK: Final = 1024 * 1024
Progress = Callable[[int, int], None]
# Each stored definition looked up in the versions' form index (migration 0007): a few
# searches, where a walk of the versions would read every row (70-120 ms at 5,000).
FORMS_IN_USE: Final = (
    "SELECT DISTINCT f.form_id, f.version FROM form_definitions f WHERE EXISTS"
    " (SELECT 1 FROM versions v WHERE v.form_id = f.form_id AND v.form_version = f.version)"
)
_VERSION_COLUMNS: Final = (
    "version_id, record_id, form_id, form_version, author_device, hlc, status, tombstone,"
    " answers, saved_at"
)


@dataclass(frozen=True)
class Exported:
    path: Path
    header: Header
    size: int


def export_bundle(
    service: VaultService,
    out: Path,
    *,
    full: bool = False,
    to: Sequence[str] = (),
    suite: int = bundle_format.SUITE_HYBRID,
    progress: Progress | None = None,
) -> Exported:
    """Write a bundle for ``to`` (default: every trusted device) to ``out``, atomically.

    ``progress(done, total)`` is told the versions written so far, a batch at a time.
    """
    vault = service.vault
    with vault.session() as session:
        targets = team.recipients(session, list(to) or None)
        chosen = _chosen_versions(session, [t.device_id for t in targets], full)
        forms = _forms_for(session, chosen.count)
        header = _header(session, service, targets, chosen.count, len(forms))
        signer = device.signing_key(session)
        tmp = _write_temp(
            out,
            session,
            header=header,
            targets=targets,
            chosen=chosen,
            forms=forms,
            signer=signer,
            suite=suite,
            progress=progress,
        )
    try:
        with vault.write_session("the export record") as session:
            _record_sent(session, header, chosen)
        os.replace(tmp, out)
        fsync_directory(out.parent)
    except OSError as exc:
        raise storage_error(exc, "the bundle") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return Exported(out, header, out.stat().st_size)


def _header(
    session: Session,
    service: VaultService,
    targets: list[DeviceKeys],
    versions: int,
    forms: int,
) -> Header:
    recipients = tuple(
        Recipient(t.device_id, _next_sequence(session, t.device_id)) for t in targets
    )
    return Header(
        bundle_id=str(uuid.uuid4()),
        inspection=team.inspection_id(session),
        sender=service.identity.device_id,
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        recipients=recipients,
        versions=versions,
        forms=forms,
    )


def _next_sequence(session: Session, recipient: str) -> int:
    last = session.scalar(
        select(func.max(SentBundle.sequence)).where(SentBundle.recipient == recipient)
    )
    return (last or 0) + 1


@dataclass
class _Chosen:
    """The versions a bundle carries: all up to a rowid (full), or listed ids (incremental).

    ``sent`` collects the ids as they are written, for the recipients' ledger.
    """

    count: int
    last_rowid: int | None = None
    ids: list[str] | None = None
    sent: list[str] = field(default_factory=list)


def _chosen_versions(session: Session, recipients: list[str], full: bool) -> _Chosen:
    """All versions (counted, not read: versions are never deleted, so every rowid up to the
    largest stays), or the ids, in clock order, that some recipient has not had from this vault."""
    cursor = records.cursor_of(session)
    if full:
        last, count = cursor.execute("SELECT max(rowid), count(*) FROM versions").fetchone()
        return _Chosen(count=count, last_rowid=last or 0)
    marks = ",".join("?" * len(recipients))
    rows = cursor.execute(
        "SELECT v.version_id FROM versions v WHERE (SELECT count(*) FROM sent_versions s"  # noqa: S608 - placeholders only
        f" WHERE s.version_id = v.version_id AND s.recipient IN ({marks})) < ?"
        " ORDER BY v.hlc, v.version_id",
        (*recipients, len(recipients)),
    )
    ids = [row[0] for row in rows.fetchall()]
    return _Chosen(count=len(ids), ids=ids)


def _forms_for(session: Session, count: int) -> list[tuple[str, str]]:
    """(form_id, version) of every stored definition a version was saved against.

    A few workbooks at most: sending them all keeps every version checkable at the recipient
    without reading the chosen versions twice.
    """
    if count == 0:
        return []
    cursor = records.cursor_of(session)
    pairs = cursor.execute(FORMS_IN_USE).fetchall()
    return sorted((form_id, version) for form_id, version in pairs)


def _write_temp(
    out: Path,
    session: Session,
    *,
    header: Header,
    targets: list[DeviceKeys],
    chosen: _Chosen,
    forms: list[tuple[str, str]],
    signer: Any,
    suite: int,
    progress: Progress | None = None,
) -> Path:
    file_key = Cobblestone256Encryptor.generate_key()
    info = hashlib.sha256(bundle_format.fixed_and_header(suite, header)).digest()
    stanzas = [bundle_crypto.wrap(suite, file_key, t, info) for t in targets]
    prefix = bundle_format.write_prefix(suite, header, stanzas)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise storage_error(exc, "the bundle") from exc
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            _write_body(
                handle,
                session,
                prefix=prefix,
                file_key=file_key,
                chosen=chosen,
                forms=forms,
                signer=signer,
                progress=progress,
            )
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise storage_error(exc, "the bundle") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _write_body(
    handle: BinaryIO,
    session: Session,
    *,
    prefix: bytes,
    file_key: bytes,
    chosen: _Chosen,
    forms: list[tuple[str, str]],
    signer: Any,
    progress: Progress | None = None,
) -> None:
    whole = hashlib.sha512(prefix)
    handle.write(prefix)
    encryptor = Cobblestone256Encryptor(file_key, hashlib.sha256(prefix).digest())
    written = 0
    pending: list[bytes] = []
    held = 0

    def seal(frames: list[bytes]) -> None:
        nonlocal written
        sealed = encryptor.update(b"".join(frames))
        whole.update(sealed)
        handle.write(sealed)
        written += len(sealed)

    for framed in _frames(session, chosen, forms, progress):
        pending.append(framed)
        held += len(framed)
        if held >= SEAL_CHUNK:
            seal(pending)
            pending, held = [], 0
    seal(pending)
    sealed = encryptor.finalize()
    whole.update(sealed)
    handle.write(sealed)
    length = bundle_format.payload_length(written + len(sealed))
    whole.update(length)
    handle.write(length)
    handle.write(bundle_crypto.sign(signer, whole.digest()))


def _frames(
    session: Session,
    chosen: _Chosen,
    forms: list[tuple[str, str]],
    progress: Progress | None,
) -> Iterator[bytes]:
    """The payload's frames: the forms, every chosen version in clock order, the end marker."""
    cursor = records.cursor_of(session)
    for form_id, version in forms:
        yield bundle_format.frame(_form_entry(cursor, form_id, version))
    for row, parents in _version_rows(session, chosen):
        chosen.sent.append(row[0])
        yield _version_frame(row, parents)
        if progress is not None and len(chosen.sent) % BATCH == 0:
            progress(len(chosen.sent), chosen.count)
    if len(chosen.sent) != chosen.count:
        raise StorageError("The vault changed while the bundle was written; try again.")
    if progress is not None:
        progress(chosen.count, chosen.count)
    yield bundle_format.frame({"kind": "end", "forms": len(forms), "versions": chosen.count})


def _version_rows(session: Session, chosen: _Chosen) -> Iterator[tuple[tuple[Any, ...], list[str]]]:
    """Version rows in clock order with their sorted parents: one query when all are sent."""
    if chosen.ids is None:
        parents: dict[str, list[str]] = {}
        for version_id, parent_id in (
            records.cursor_of(session)
            .execute("SELECT version_id, parent_id FROM version_parents ORDER BY parent_id")
            .fetchall()
        ):
            parents.setdefault(version_id, []).append(parent_id)
        rows = records.cursor_of(session).execute(
            f"SELECT {_VERSION_COLUMNS} FROM versions WHERE rowid <= ?"  # noqa: S608 - constant columns
            " ORDER BY hlc",
            (chosen.last_rowid,),
        )
        for row in _by_clock(rows):
            yield row, parents.get(row[0], [])
        return
    cursor = records.cursor_of(session)
    for start in range(0, len(chosen.ids), BATCH):
        yield from _version_batch(cursor, chosen.ids[start : start + BATCH])


def _by_clock(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """Rows read in stamp order put in (stamp, version id) order, as the incremental path is.

    SQLite would sort every row, answers and all, to break ties the stamp index cannot (about
    a tenth of a second for 5,000 case audits); rows sharing a stamp are rare and adjacent,
    so only those few are sorted here.
    """
    for _stamp, same in itertools.groupby(rows, key=lambda row: row[5]):
        tied = list(same)
        yield from (tied if len(tied) == 1 else sorted(tied, key=lambda row: row[0]))


def _version_batch(
    cursor: records.Cursor, batch: list[str]
) -> Iterator[tuple[tuple[Any, ...], list[str]]]:
    marks = ",".join("?" * len(batch))
    parents: dict[str, list[str]] = {v: [] for v in batch}
    for version_id, parent_id in cursor.execute(
        f"SELECT version_id, parent_id FROM version_parents WHERE version_id IN ({marks})",  # noqa: S608 - placeholders only
        batch,
    ).fetchall():
        parents[version_id].append(parent_id)
    rows = cursor.execute(
        f"SELECT {_VERSION_COLUMNS} FROM versions WHERE version_id IN ({marks})",  # noqa: S608 - placeholders only
        batch,
    ).fetchall()
    by_id = {row[0]: row for row in rows}
    for version_id in batch:
        yield by_id[version_id], sorted(parents[version_id])


def _version_frame(row: tuple[Any, ...], parents: list[str]) -> bytes:
    """A version's frame, its stored answers spliced in as they are.

    The vault stores answers only as ``records.canonical_answers`` made them, the same
    canonical JSON the frame uses, and "answers" sorts first among the entry's keys: so the
    frame is byte for byte what ``bundle_format.frame`` would make of the parsed answers,
    without parsing and re-encoding every answer (the import refuses any frame that is not).
    """
    rest = canonical.encode(
        {
            "kind": "version",
            "version_id": row[0],
            "record_id": row[1],
            "parents": parents,
            "form_id": row[2],
            "form_version": row[3],
            "author_device": row[4],
            "hlc": row[5],
            "status": row[6],
            "tombstone": bool(row[7]),
            "saved_at": row[9],
        }
    )
    body = b'{"answers":' + row[8].encode("utf-8") + b"," + rest[1:]
    return bundle_format.frame_bytes(body)


def _form_entry(cursor: records.Cursor, form_id: str, version: str) -> dict[str, Any]:
    sha, file_name, workbook = cursor.execute(
        "SELECT sha256, file_name, workbook FROM form_definitions WHERE form_id = ?"
        " AND version = ? ORDER BY stored_at DESC LIMIT 1",
        (form_id, version),
    ).fetchone()
    return {
        "kind": "form",
        "form_id": form_id,
        "version": version,
        "sha256": sha,
        "file_name": file_name,
        "workbook": base64.b64encode(workbook).decode("ascii"),
    }


def _record_sent(session: Session, header: Header, chosen: _Chosen) -> None:
    """Consume the sequence numbers and mark the versions as had by each recipient.

    A full bundle carried every version up to its rowid: those are copied in one statement,
    not bound a row at a time from Python (a quarter of the time for 5,000 versions).
    """
    cursor = records.cursor_of(session)
    for recipient in header.recipients:
        session.add(
            SentBundle(
                recipient=recipient.device_id,
                sequence=recipient.sequence,
                bundle_id=header.bundle_id,
                created_at=header.created,
            )
        )
        if chosen.ids is None:
            cursor.execute(
                "INSERT OR IGNORE INTO sent_versions (recipient, version_id)"
                " SELECT ?, version_id FROM versions WHERE rowid <= ? ORDER BY version_id",
                (recipient.device_id, chosen.last_rowid),
            )
            continue
        cursor.executemany(
            "INSERT OR IGNORE INTO sent_versions (recipient, version_id) VALUES (?, ?)",
            # In id order: each insert lands beside the last in the index, not at random.
            [(recipient.device_id, v) for v in sorted(chosen.sent)],
        )
    session.flush()

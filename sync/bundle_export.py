"""Export a bundle: what the recipients have not had from this vault (or everything), signed.

The file is streamed to a temporary name beside the target, fsynced, and renamed only after
the sequence numbers it uses are committed, so a crash leaves no partial bundle under the
final name and never reuses a sequence number for other content (which would be equivocation).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, Final

from cryptography.cobblestone import Cobblestone256Encryptor
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ncpi_field import device, records
from ncpi_field.atomic import fsync_directory, storage_error
from ncpi_field.models import SentBundle
from ncpi_field.service import VaultService
from sync import bundle_crypto, bundle_format, team
from sync.bundle_format import Header, Recipient
from sync.keys import DeviceKeys

BATCH: Final = 500
Progress = Callable[[int, int], None]
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
        ids = _chosen_versions(session, [t.device_id for t in targets], full)
        forms = _forms_for(session, ids)
        header = _header(session, service, targets, len(ids), len(forms))
        signer = device.signing_key(session)
        tmp = _write_temp(
            out,
            session,
            header=header,
            targets=targets,
            ids=ids,
            forms=forms,
            signer=signer,
            suite=suite,
            progress=progress,
        )
    try:
        with vault.write_session("the export record") as session:
            _record_sent(session, header, ids)
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


def _chosen_versions(session: Session, recipients: list[str], full: bool) -> list[str]:
    """Version ids in clock order: all, or those some recipient has not had from this vault."""
    cursor = records.cursor_of(session)
    if full:
        rows = cursor.execute("SELECT version_id FROM versions ORDER BY hlc, version_id")
    else:
        marks = ",".join("?" * len(recipients))
        rows = cursor.execute(
            "SELECT v.version_id FROM versions v WHERE (SELECT count(*) FROM sent_versions s"  # noqa: S608 - placeholders only
            f" WHERE s.version_id = v.version_id AND s.recipient IN ({marks})) < ?"
            " ORDER BY v.hlc, v.version_id",
            (*recipients, len(recipients)),
        )
    return [row[0] for row in rows.fetchall()]


def _forms_for(session: Session, ids: list[str]) -> list[tuple[str, str]]:
    """(form_id, version) of every stored definition a version was saved against.

    A few workbooks at most: sending them all keeps every version checkable at the recipient
    without reading the chosen versions twice.
    """
    cursor = records.cursor_of(session)
    pairs = cursor.execute(
        "SELECT DISTINCT v.form_id, v.form_version FROM versions v JOIN form_definitions f"
        " ON f.form_id = v.form_id AND f.version = v.form_version"
    ).fetchall()
    if len(ids) == 0:
        return []
    return sorted((form_id, version) for form_id, version in pairs)


def _write_temp(
    out: Path,
    session: Session,
    *,
    header: Header,
    targets: list[DeviceKeys],
    ids: list[str],
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
                ids=ids,
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
    ids: list[str],
    forms: list[tuple[str, str]],
    signer: Any,
    progress: Progress | None = None,
) -> None:
    whole = hashlib.sha512(prefix)
    handle.write(prefix)
    encryptor = Cobblestone256Encryptor(file_key, hashlib.sha256(prefix).digest())
    written = 0
    versions = 0
    for entry in _entries(session, ids, forms):
        sealed = encryptor.update(bundle_format.frame(entry))
        whole.update(sealed)
        handle.write(sealed)
        written += len(sealed)
        if entry["kind"] == "version":
            versions += 1
            if progress is not None and versions % BATCH == 0:
                progress(versions, len(ids))
    if progress is not None:
        progress(versions, len(ids))
    sealed = encryptor.finalize()
    whole.update(sealed)
    handle.write(sealed)
    length = bundle_format.payload_length(written + len(sealed))
    whole.update(length)
    handle.write(length)
    handle.write(bundle_crypto.sign(signer, whole.digest()))


def _entries(
    session: Session, ids: list[str], forms: list[tuple[str, str]]
) -> Iterator[dict[str, Any]]:
    cursor = records.cursor_of(session)
    for form_id, version in forms:
        yield _form_entry(cursor, form_id, version)
    for start in range(0, len(ids), BATCH):
        yield from _version_entries(cursor, ids[start : start + BATCH])
    yield {"kind": "end", "forms": len(forms), "versions": len(ids)}


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


def _version_entries(cursor: records.Cursor, batch: list[str]) -> Iterator[dict[str, Any]]:
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
        row = by_id[version_id]
        yield {
            "kind": "version",
            "version_id": row[0],
            "record_id": row[1],
            "parents": sorted(parents[version_id]),
            "form_id": row[2],
            "form_version": row[3],
            "author_device": row[4],
            "hlc": row[5],
            "status": row[6],
            "tombstone": bool(row[7]),
            "answers": json.loads(row[8]),
            "saved_at": row[9],
        }


def _record_sent(session: Session, header: Header, ids: list[str]) -> None:
    """Consume the sequence numbers and mark the versions as had by each recipient."""
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
        cursor.executemany(
            "INSERT OR IGNORE INTO sent_versions (recipient, version_id) VALUES (?, ?)",
            [(recipient.device_id, v) for v in ids],
        )
    session.flush()

"""Import bundles: check everything, then store the versions in one transaction, or nothing.

Order: strict parse, enrolled and unrevoked sender, signature over the whole file, the ledger
(already imported, or equivocation), this vault's stanza, then the payload decrypted to its
end with every new version checked against its form (one already here must have the same
content; it was checked when it was stored), inside one write transaction that rolls back on
any failure. The file is read twice (signature, then payload), so memory stays flat; the
second read is hashed too and must match the first.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, Final

from cryptography.cobblestone import Cobblestone256Decryptor
from cryptography.exceptions import InvalidTag
from sqlalchemy.orm import Session

from ncpi_field import device, formstore, records
from ncpi_field.errors import UserError
from ncpi_field.hlc import Stamp
from ncpi_field.models import DeviceKemKey, ImportedBundle
from ncpi_field.records import Version
from ncpi_field.service import VaultService
from sync import bundle_crypto, bundle_format, keys, team
from sync.bundle_format import FrameReader, Header, Prefix
from sync.errors import (
    BundleError,
    CorruptBundle,
    Equivocation,
    NotABundle,
    NotForThisVault,
)
from sync.version_check import (
    FormLookup,
    ParsedVersion,
    check_complete,
    form_entry,
    parsed_version,
    schema_error,
)

CHUNK: Final = 1024 * 1024
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Imported:
    """What one bundle did: new versions, ones already here, conflicts it made."""

    path: Path
    header: Header
    new_versions: int
    already_present: int
    conflicts_created: int
    forms_stored: int
    already_imported: bool = False
    records: tuple[str, ...] = ()
    # Soft conflicts the import made, merged automatically afterwards (DESIGN §5), and the
    # conflicts left for a person (hard ones, and merges their form refused).
    merged_automatically: int = 0
    left_for_a_person: int = 0
    # The records it touched that are in conflict after it: the automatic merge looks at these.
    in_conflict: tuple[str, ...] = ()


@dataclass(frozen=True)
class Refused:
    path: Path
    error: UserError


@dataclass
class _Tally:
    new: int = 0
    present: int = 0
    forms: int = 0
    versions_seen: int = 0
    forms_seen: int = 0
    ended: bool = False
    newest: Stamp | None = None
    before: dict[str, int] = field(default_factory=dict)


def import_bundles(
    service: VaultService, paths: Sequence[Path], *, progress: Progress | None = None
) -> list[Imported | Refused]:
    """Import each file in turn; a refused one is reported and the others still import."""
    results: list[Imported | Refused] = []
    for index, path in enumerate(paths):
        try:
            results.append(_merged(service, import_bundle(service, path)))
        except UserError as exc:
            results.append(Refused(path, exc))
        if progress is not None:
            progress(index + 1, len(paths))
    return results


def _merged(service: VaultService, imported: Imported) -> Imported:
    """Merge the soft conflicts among the records an import touched (their own transaction:
    the import stands whatever the merge finds)."""
    if imported.already_imported or not imported.new_versions or not imported.in_conflict:
        return imported  # nothing to merge: every record it touched has one head
    from sync.resolution import ConflictResolution  # noqa: PLC0415 - resolution imports forms

    try:
        report = ConflictResolution(service).auto_merge(imported.in_conflict)
    except UserError:
        # The import stands (it committed); its conflicts stay for `conflicts list`. Reporting
        # the bundle as refused here would say the store is unchanged when it is not.
        return imported
    return replace(
        imported,
        merged_automatically=len(report.changes.versions),
        left_for_a_person=len(report.left),
    )


def import_bundle(service: VaultService, path: Path) -> Imported:
    with _open(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        prefix = bundle_format.read_prefix(handle)
        payload_size = _payload_size(handle, size, len(prefix.raw))
        with service.vault.session() as session:
            sender = team.enrolled_sender(session, prefix.header.sender)
        digest, file_hash = _whole_file_hash(handle, size)
        signature = _read_at(handle, size - bundle_format.SIGNATURE_SIZE, 64)
        bundle_crypto.verify(sender.signing_key(), signature, digest)
        me = service.identity.device_id
        sequence = prefix.header.sequence_for(me)
        if sequence is None:
            raise NotForThisVault(
                "This bundle was not made for this vault: it is addressed to other devices."
            )
        with service.vault.session() as session:
            earlier = session.get(ImportedBundle, (prefix.header.sender, sequence))
            if earlier is not None:
                return _seen_before(path, prefix.header, earlier, file_hash)
            file_key = _unwrap(session, prefix, me)
        return _store(
            service,
            handle,
            prefix=prefix,
            sequence=sequence,
            payload_size=payload_size,
            file_key=file_key,
            hashes=(digest, file_hash),
            path=path,
        )


def _open(path: Path) -> BinaryIO:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - returned to the caller's with block
    except OSError as exc:
        raise NotABundle(f"The bundle {path.name} could not be read ({exc.strerror}).") from None
    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
        handle.close()
        raise NotABundle(f"{path.name} is not a regular file, so not a bundle.")
    return handle


def _payload_size(handle: BinaryIO, size: int, start: int) -> int:
    if size < start + bundle_format.TRAILER_SIZE:
        raise CorruptBundle("The bundle is truncated: its payload and signature are missing.")
    length = bundle_format.read_payload_length(
        _read_at(handle, size - bundle_format.TRAILER_SIZE, 8)
    )
    if start + length + bundle_format.TRAILER_SIZE != size:
        raise CorruptBundle(
            "The bundle is truncated or has bytes added: its length does not match its payload."
        )
    return length


def _read_at(handle: BinaryIO, offset: int, size: int) -> bytes:
    handle.seek(offset)
    return handle.read(size)


def _whole_file_hash(handle: BinaryIO, size: int) -> tuple[bytes, str]:
    """SHA-512 of everything the signature covers, and SHA-256 of the whole file (the ledger)."""
    signed, whole = hashlib.sha512(), hashlib.sha256()
    for chunk in _chunks(handle, 0, size - bundle_format.SIGNATURE_SIZE):
        signed.update(chunk)
        whole.update(chunk)
    whole.update(_read_at(handle, size - bundle_format.SIGNATURE_SIZE, 64))
    return signed.digest(), whole.hexdigest()


def _chunks(handle: BinaryIO, start: int, end: int) -> Iterator[bytes]:
    handle.seek(start)
    left = end - start
    while left > 0:
        chunk = handle.read(min(CHUNK, left))
        if not chunk:
            raise CorruptBundle("The bundle was shortened while it was being read.")
        left -= len(chunk)
        yield chunk


def _seen_before(path: Path, header: Header, earlier: ImportedBundle, file_hash: str) -> Imported:
    if earlier.bundle_sha256 != file_hash:
        raise Equivocation(
            "The sender already sent a different bundle with this sequence number. Two "
            "devices may share one identity (a cloned vault); this bundle is refused."
        )
    return Imported(path, header, 0, 0, 0, 0, already_imported=True)


def _unwrap(session: Session, prefix: Prefix, me: str) -> bytes:
    index = [r.device_id for r in prefix.header.recipients].index(me)
    row = session.get(DeviceKemKey, me)
    if row is None and prefix.suite == bundle_format.SUITE_HYBRID:
        raise NotForThisVault(
            "This vault has no post-quantum key yet, so no bundle was sealed to it."
        )
    hybrid = keys.own_hybrid_private(session) if row is not None else None
    return bundle_crypto.unwrap(
        prefix.suite,
        prefix.stanzas[index],
        hybrid,
        device.agreement_key(session),
        prefix.header_hash,
    )


def _store(
    service: VaultService,
    handle: BinaryIO,
    *,
    prefix: Prefix,
    sequence: int,
    payload_size: int,
    file_key: bytes,
    hashes: tuple[bytes, str],
    path: Path,
) -> Imported:
    tally = _Tally()
    start = len(prefix.raw)
    with service.vault.write_transaction("the imported bundle") as cursor:
        forms = FormLookup(cursor)
        again = hashlib.sha512(prefix.raw)
        decryptor = Cobblestone256Decryptor(file_key, prefix.payload_context)
        frames = FrameReader()
        try:
            for chunk in _chunks(handle, start, start + payload_size):
                again.update(chunk)
                for entry in frames.feed(decryptor.update(chunk)):
                    _take(cursor, entry, forms, tally)
            for entry in frames.feed(decryptor.finalize()):
                _take(cursor, entry, forms, tally)
        except InvalidTag:
            raise CorruptBundle("The bundle's payload is damaged or truncated.") from None
        frames.finish()
        again.update(_read_at(handle, start + payload_size, 8))
        _check_end(prefix.header, tally, again.digest(), hashes[0])
        conflicts, in_conflict = _in_conflict(cursor, tally)
        _adopt_inspection(cursor, prefix.header)
        cursor.execute(
            "INSERT INTO imported_bundles (sender, sequence, bundle_sha256, bundle_id,"
            " new_versions, imported_at) VALUES (?, ?, ?, ?, ?, ?)",
            (
                prefix.header.sender,
                sequence,
                hashes[1],
                prefix.header.bundle_id,
                tally.new,
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
    if tally.newest is not None:
        # Imported stamps may be ahead of this laptop's clock: local saves must still sort last.
        service.vault.clock.observe(tally.newest)
    return Imported(
        path,
        prefix.header,
        tally.new,
        tally.present,
        conflicts,
        tally.forms,
        records=tuple(sorted(tally.before)),
        in_conflict=in_conflict,
    )


def _take(cursor: records.Cursor, entry: dict[str, Any], forms: FormLookup, tally: _Tally) -> None:
    if tally.ended:
        raise schema_error("entries after its end marker")
    kind = entry["kind"]
    if kind == "form":
        found = form_entry(entry)
        forms.add(found.spec)
        tally.forms += formstore.keep_definition(
            cursor, found.spec, found.workbook, found.file_name
        )
        tally.forms_seen += 1
    elif kind == "version":
        _take_version(cursor, parsed_version(entry, forms), forms, tally)
    elif kind == "end":
        if entry != {"kind": "end", "forms": tally.forms_seen, "versions": tally.versions_seen}:
            raise schema_error("an end marker that does not match what came before it")
        tally.ended = True
    else:
        raise schema_error("an entry of an unknown kind")


def _take_version(
    cursor: records.Cursor, parsed: ParsedVersion, forms: FormLookup, tally: _Tally
) -> None:
    """Store a version, unless the vault already holds it with the same content.

    A version already here was checked against its form when it was stored, so only a new
    one is checked (an inspector importing the lead's merged bundle mostly holds their own
    versions already); one here with other content is refused, as is a version whose form
    differs from its record's.
    """
    version = parsed.version
    record = _record_before(cursor, version, tally)
    if _already_here(cursor, version, parsed.answers_json):
        tally.present += 1
    else:
        check_complete(parsed, forms)
        title_field = parsed.spec.title_field if parsed.spec else None
        records.add_absent(
            cursor, version, parsed.answers_json, record=record, title_field=title_field
        )
        tally.new += 1
    tally.versions_seen += 1
    tally.newest = parsed.stamp if tally.newest is None else max(tally.newest, parsed.stamp)


def _record_before(
    cursor: records.Cursor, version: Version, tally: _Tally
) -> records.StoredRecord | None:
    """The version's record as stored now (None: not yet), its head count remembered the
    first time the bundle names it; refused if the record keeps another form."""
    row = cursor.execute(
        "SELECT form_id, created_hlc, head_count FROM records WHERE record_id = ?",
        (version.record_id,),
    ).fetchone()
    tally.before.setdefault(version.record_id, row[2] if row else 0)
    if row is None:
        return None
    if row[0] != version.form_id:
        raise schema_error("a version whose form differs from its record's form")
    return records.StoredRecord(row[0], row[1])


def _already_here(cursor: records.Cursor, version: Version, answers_json: str) -> bool:
    """Whether the version is stored; refused if a stored one with its id has other content:
    versions are immutable."""
    row = cursor.execute(
        "SELECT record_id, form_id, form_version, author_device, hlc, status, tombstone,"
        " answers, saved_at, (SELECT group_concat(parent_id, ' ') FROM version_parents"
        " WHERE version_id = ?) FROM versions WHERE version_id = ?",
        (version.version_id, version.version_id),
    ).fetchone()
    if row is None:
        return False
    parents = sorted(row[9].split(" ")) if row[9] else []
    theirs = (*records.version_row(version, answers_json)[1:], list(version.parents))
    if (*row[:6], bool(row[6]), *row[7:9], parents) != theirs:
        raise schema_error("a version that differs from the one with the same id already here")
    return True


def _adopt_inspection(cursor: records.Cursor, header: Header) -> None:
    """An inspector's vault joins the inspection of the first lead bundle it imports."""
    if header.inspection is None:
        return
    role = cursor.execute(
        "SELECT role FROM team_devices WHERE device_id = ?", (header.sender,)
    ).fetchone()
    if role is not None and role[0] == team.LEAD:
        cursor.execute(
            "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)",
            (team.INSPECTION_KEY, header.inspection),
        )


def _check_end(header: Header, tally: _Tally, digest: bytes, signed: bytes) -> None:
    if not tally.ended:
        raise CorruptBundle("The bundle's payload ends before its end marker: it is truncated.")
    if (header.versions, header.forms) != (tally.versions_seen, tally.forms_seen):
        raise schema_error("a different number of versions or forms than its header says")
    if digest != signed:
        raise CorruptBundle("The bundle changed on disk while it was being imported.")


def _in_conflict(cursor: records.Cursor, tally: _Tally) -> tuple[int, tuple[str, ...]]:
    """How many records this import put in conflict, and every record it touched that is now
    in conflict (the automatic merge's candidates: a record with one head has nothing to
    merge). One statement for the whole bundle."""
    rows = cursor.execute(
        "SELECT record_id FROM records WHERE head_count > 1"
        " AND record_id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(tally.before)),),
    ).fetchall()
    conflicted = sorted(record_id for (record_id,) in rows)
    return sum(tally.before[r] <= 1 for r in conflicted), tuple(conflicted)


def refused_cause(error: UserError) -> str:
    return error.cause if isinstance(error, BundleError) else "refused"


def inspect_bundle(path: Path) -> tuple[Prefix, int]:
    """The header of a bundle and its size; no key needed, nothing checked beyond the format."""
    with _open(path) as handle:
        prefix = bundle_format.read_prefix(handle)
        return prefix, os.fstat(handle.fileno()).st_size

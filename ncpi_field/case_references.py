"""Force case references: held apart from the answers, sealed under their own key, purged whole.

DOMAIN.md §9 asks for a separately encrypted key table. The whole database is already
SQLCipher-encrypted; on top of that each reference is sealed with AES-256-GCM under a sub-key
derived (HKDF-SHA256) from a random per-vault case-reference key and the inspection id. So a
reference never appears in plaintext in a query result, a table dump, a bundle or a debugging
session unless ``reveal_case_reference`` is called for that one record; and the associated data
(record and inspection ids) stops a sealed value being moved to another row.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ncpi_field.errors import InvalidRecord, RecordNotFound, VaultCorrupt
from ncpi_field.models import CaseReference, CaseReferencePurge, RecordRow, Setting

KEY_SETTING: Final = "case_reference_key"
MAX_REFERENCE_LENGTH: Final = 100
_FORMAT: Final = b"\x01"  # leading byte of a sealed value: the sealing scheme's version
_NONCE_BYTES: Final = 12
_HKDF_INFO: Final = b"ncpi-field case reference v1|"


@dataclass(frozen=True)
class PurgeEntry:
    inspection_id: str
    purged_count: int
    purged_at: str


def set_case_reference(
    session: Session, record_id: str, inspection_id: str, force_reference: str
) -> None:
    """Hold the force's reference for ``record_id`` (replacing any held before)."""
    reference = force_reference.strip()
    if not reference or len(reference) > MAX_REFERENCE_LENGTH:
        raise InvalidRecord(
            f"A force case reference must be 1 to {MAX_REFERENCE_LENGTH} characters."
        )
    if not inspection_id or len(inspection_id) > 36:
        raise InvalidRecord("An inspection id of 1 to 36 characters is required.")
    if session.get(RecordRow, record_id) is None:
        raise RecordNotFound("No record with that id is in this vault.")
    sealed = _seal(_sub_key(session, inspection_id), reference, record_id, inspection_id)
    row = session.get(CaseReference, record_id)
    if row is None:
        session.add(
            CaseReference(
                record_id=record_id,
                inspection_id=inspection_id,
                force_reference=sealed,
                created_at=_now(),
            )
        )
    else:
        row.inspection_id, row.force_reference = inspection_id, sealed
    session.flush()


def has_case_reference(session: Session, record_id: str) -> bool:
    return session.get(CaseReference, record_id) is not None


def reveal_case_reference(session: Session, record_id: str) -> str:
    """The reference in plaintext, for returning a case to the force. Show it; never log it."""
    row = session.get(CaseReference, record_id)
    if row is None:
        raise RecordNotFound("No force case reference is held for that record.")
    key = _sub_key(session, row.inspection_id)
    return _open(key, row.force_reference, row.record_id, row.inspection_id)


def purge_case_references(session: Session, inspection_id: str) -> int:
    """Delete every reference held for an inspection; log the count (only) and return it."""
    count = (
        session.scalar(select(func.count()).where(CaseReference.inspection_id == inspection_id))
        or 0
    )
    session.execute(delete(CaseReference).where(CaseReference.inspection_id == inspection_id))
    session.add(
        CaseReferencePurge(inspection_id=inspection_id, purged_count=count, purged_at=_now())
    )
    session.flush()
    return count


def forget_case_reference(session: Session, record_id: str) -> int:
    """Delete the reference held for one record (a deleted record); log the count only."""
    row = session.get(CaseReference, record_id)
    if row is None:
        return 0
    inspection_id = row.inspection_id
    session.delete(row)
    session.add(CaseReferencePurge(inspection_id=inspection_id, purged_count=1, purged_at=_now()))
    session.flush()
    return 1


def purge_log(session: Session) -> list[PurgeEntry]:
    rows = session.scalars(select(CaseReferencePurge).order_by(CaseReferencePurge.purge_id))
    return [PurgeEntry(r.inspection_id, r.purged_count, r.purged_at) for r in rows]


def _vault_key(session: Session) -> bytes:
    """The per-vault case-reference key, made on first use."""
    stored = session.get(Setting, KEY_SETTING)
    if stored is not None:
        return base64.b64decode(stored.value)
    key = AESGCM.generate_key(bit_length=256)
    session.add(Setting(key=KEY_SETTING, value=base64.b64encode(key).decode("ascii")))
    session.flush()
    return key


def _sub_key(session: Session, inspection_id: str) -> bytes:
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=_HKDF_INFO + inspection_id.encode("utf-8"),
    )
    return hkdf.derive(_vault_key(session))


def _associated(record_id: str, inspection_id: str) -> bytes:
    return f"{record_id}|{inspection_id}".encode()


def _seal(key: bytes, reference: str, record_id: str, inspection_id: str) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    ciphertext = AESGCM(key).encrypt(
        nonce, reference.encode("utf-8"), _associated(record_id, inspection_id)
    )
    return _FORMAT + nonce + ciphertext


def _open(key: bytes, sealed: bytes, record_id: str, inspection_id: str) -> str:
    if sealed[:1] != _FORMAT:
        raise VaultCorrupt("A force case reference is stored in an unknown format.")
    nonce, ciphertext = sealed[1 : 1 + _NONCE_BYTES], sealed[1 + _NONCE_BYTES :]
    try:
        plain = AESGCM(key).decrypt(nonce, ciphertext, _associated(record_id, inspection_id))
    except InvalidTag:
        raise VaultCorrupt("A force case reference failed its integrity check.") from None
    return plain.decode("utf-8")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")

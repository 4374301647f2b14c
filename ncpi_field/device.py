"""This vault's device identity: an Ed25519 signing key and an X25519 key, kept in the vault."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from ncpi_field.errors import VaultCorrupt
from ncpi_field.models import DeviceIdentity

_RAW = serialization.Encoding.Raw
_RAW_PUBLIC = serialization.PublicFormat.Raw
_RAW_PRIVATE = serialization.PrivateFormat.Raw
_NO_ENCRYPTION = serialization.NoEncryption()


@dataclass(frozen=True)
class DevicePublic:
    """What may be shown or shared: the id and the public halves."""

    device_id: str
    signing_public: bytes
    agreement_public: bytes

    @property
    def fingerprint(self) -> str:
        """A short code to read aloud when enrolling: 5 groups of 4 hex digits."""
        digest = hashlib.sha256(self.signing_public + self.agreement_public).hexdigest()[:20]
        return " ".join(digest[i : i + 4] for i in range(0, 20, 4)).upper()


def device_id_for(signing_public: bytes) -> str:
    return hashlib.sha256(signing_public).hexdigest()[:32]


def create(session: Session) -> DevicePublic:
    signing = Ed25519PrivateKey.generate()
    agreement = X25519PrivateKey.generate()
    signing_public = signing.public_key().public_bytes(_RAW, _RAW_PUBLIC)
    agreement_public = agreement.public_key().public_bytes(_RAW, _RAW_PUBLIC)
    row = DeviceIdentity(
        device_id=device_id_for(signing_public),
        signing_private=signing.private_bytes(_RAW, _RAW_PRIVATE, _NO_ENCRYPTION),
        signing_public=signing_public,
        agreement_private=agreement.private_bytes(_RAW, _RAW_PRIVATE, _NO_ENCRYPTION),
        agreement_public=agreement_public,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    session.add(row)
    return DevicePublic(row.device_id, signing_public, agreement_public)


def load_public(session: Session) -> DevicePublic:
    row = session.scalars(select(DeviceIdentity)).one_or_none()
    if row is None:
        raise VaultCorrupt("The vault has no device identity; it was not created completely.")
    return DevicePublic(row.device_id, row.signing_public, row.agreement_public)


def signing_key(session: Session) -> Ed25519PrivateKey:
    row = session.scalars(select(DeviceIdentity)).one()
    return Ed25519PrivateKey.from_private_bytes(row.signing_private)


def agreement_key(session: Session) -> X25519PrivateKey:
    row = session.scalars(select(DeviceIdentity)).one()
    return X25519PrivateKey.from_private_bytes(row.agreement_private)

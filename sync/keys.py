"""Device keys for sync: the vault's own hybrid KEM key, and public-key files to trust others."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import mlkem, x25519
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.orm import Session

from ncpi_field import device
from ncpi_field.device import DevicePublic
from ncpi_field.models import DeviceKemKey
from sync import canonical
from sync.errors import BadKeyFile

KEY_FILE_FORMAT: Final = "ncpi-field-device-key/1"
MAX_KEY_FILE_BYTES: Final = 16 * 1024
_SELF_SIGNED: Final = b"ncpi-field device key v1\x00"
_MLKEM_SEED: Final = 64
_X25519: Final = 32
_MLKEM_PUBLIC: Final = 1184


@dataclass(frozen=True)
class DeviceKeys:
    """A device's public keys: what a key file carries and a recipient stanza needs."""

    device_id: str
    signing_public: bytes
    agreement_public: bytes
    kem_public: bytes  # ML-KEM-768 public key then the hybrid's X25519 public key

    @property
    def fingerprint(self) -> str:
        # The same code ``vault status`` shows: the KEM key is bound by the self-signature.
        return DevicePublic(self.device_id, self.signing_public, self.agreement_public).fingerprint

    def signing_key(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(self.signing_public)

    def hybrid_key(self) -> hpke.MLKEM768X25519PublicKey:
        return hpke.MLKEM768X25519PublicKey(
            mlkem.MLKEM768PublicKey.from_public_bytes(self.kem_public[:_MLKEM_PUBLIC]),
            x25519.X25519PublicKey.from_public_bytes(self.kem_public[_MLKEM_PUBLIC:]),
        )

    def x25519_key(self) -> x25519.X25519PublicKey:
        return x25519.X25519PublicKey.from_public_bytes(self.agreement_public)


def own_kem_row(session: Session) -> DeviceKemKey:
    """This vault's hybrid KEM key, made the first time sync needs it (older vaults had none)."""
    identity = device.load_public(session)
    row = session.get(DeviceKemKey, identity.device_id)
    if row is not None:
        return row
    seed = mlkem.MLKEM768PrivateKey.generate()
    classic = x25519.X25519PrivateKey.generate()
    row = DeviceKemKey(
        device_id=identity.device_id,
        kem_private=seed.private_bytes_raw() + classic.private_bytes_raw(),
        kem_public=seed.public_key().public_bytes_raw() + classic.public_key().public_bytes_raw(),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    session.add(row)
    session.flush()
    return row


def own_keys(session: Session) -> DeviceKeys:
    identity = device.load_public(session)
    row = own_kem_row(session)
    return DeviceKeys(
        identity.device_id, identity.signing_public, identity.agreement_public, row.kem_public
    )


def own_hybrid_private(session: Session) -> hpke.MLKEM768X25519PrivateKey:
    raw = own_kem_row(session).kem_private
    return hpke.MLKEM768X25519PrivateKey(
        mlkem.MLKEM768PrivateKey.from_seed_bytes(raw[:_MLKEM_SEED]),
        x25519.X25519PrivateKey.from_private_bytes(raw[_MLKEM_SEED : _MLKEM_SEED + _X25519]),
    )


# -- key files --------------------------------------------------------------------------------


def key_file(session: Session) -> bytes:
    """The public keys as a small file, self-signed so the KEM key is bound to the fingerprint."""
    keys = own_keys(session)
    body = _body(keys)
    signature = device.signing_key(session).sign(_SELF_SIGNED + canonical.encode(body))
    return canonical.encode({**body, "self_signature": _b64(signature)}) + b"\n"


def read_key_file(data: bytes) -> DeviceKeys:
    """Parse and check a key file; BadKeyFile says what is wrong with it."""
    if len(data) > MAX_KEY_FILE_BYTES:
        raise BadKeyFile("That file is too large to be a device key file.")
    try:
        value = canonical.decode(data.rstrip(b"\n"))
    except canonical.NotCanonical:
        raise BadKeyFile("That file is not an NCPI Field device key file.") from None
    if not isinstance(value, dict) or value.get("format") != KEY_FILE_FORMAT:
        raise BadKeyFile("That file is not an NCPI Field device key file (version 1).")
    if set(value) != {
        "format",
        "device_id",
        "signing_public",
        "agreement_public",
        "kem_public",
        "self_signature",
    }:
        raise BadKeyFile("The device key file has missing or unexpected fields.")
    keys = _parse_keys(value)
    body = {k: v for k, v in value.items() if k != "self_signature"}
    try:
        keys.signing_key().verify(
            _unb64(value["self_signature"]), _SELF_SIGNED + canonical.encode(body)
        )
    except InvalidSignature:
        raise BadKeyFile(
            "The device key file was altered: its self-signature does not hold."
        ) from None
    return keys


def _parse_keys(value: dict[str, Any]) -> DeviceKeys:
    keys = DeviceKeys(
        device_id=str(value["device_id"]),
        signing_public=_unb64(value["signing_public"]),
        agreement_public=_unb64(value["agreement_public"]),
        kem_public=_unb64(value["kem_public"]),
    )
    if device.device_id_for(keys.signing_public) != keys.device_id:
        raise BadKeyFile("The device key file's id does not match its signing key.")
    try:
        keys.signing_key()
        keys.hybrid_key()
        keys.x25519_key()
    except ValueError:
        raise BadKeyFile("The device key file holds a key of the wrong size.") from None
    return keys


def _body(keys: DeviceKeys) -> dict[str, str]:
    return {
        "format": KEY_FILE_FORMAT,
        "device_id": keys.device_id,
        "signing_public": _b64(keys.signing_public),
        "agreement_public": _b64(keys.agreement_public),
        "kem_public": _b64(keys.kem_public),
    }


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: Any) -> bytes:
    if not isinstance(value, str):
        raise BadKeyFile("The device key file holds a key that is not base64 text.")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise BadKeyFile("The device key file holds a key that is not base64 text.") from None

"""The cryptography of bundle v1: HPKE stanzas for the file key, and the sender's signature."""

from __future__ import annotations

from typing import Final

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from sync.bundle_format import SIGNATURE_DOMAIN, SUITE_HYBRID, SUITE_X25519
from sync.errors import BadSignature, CorruptBundle
from sync.keys import DeviceKeys

FILE_KEY_SIZE: Final = 32
_SUITES: Final = {
    SUITE_HYBRID: hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM),
    SUITE_X25519: hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM),
}


def wrap(suite: int, file_key: bytes, recipient: DeviceKeys, info: bytes) -> bytes:
    """One recipient stanza: the file key sealed to the recipient with HPKE."""
    if suite == SUITE_HYBRID:
        return _SUITES[suite].encrypt(file_key, recipient.hybrid_key(), info=info)
    return _SUITES[suite].encrypt(file_key, recipient.x25519_key(), info=info)


def unwrap(
    suite: int,
    stanza: bytes,
    hybrid: hpke.MLKEM768X25519PrivateKey | None,
    classic: X25519PrivateKey,
    info: bytes,
) -> bytes:
    """The file key from this vault's stanza. CorruptBundle if it does not open."""
    try:
        if suite == SUITE_HYBRID:
            if hybrid is None:
                raise CorruptBundle("This vault has no post-quantum key to open the bundle with.")
            key = _SUITES[suite].decrypt(stanza, hybrid, info=info)
        else:
            key = _SUITES[suite].decrypt(stanza, classic, info=info)
    except (InvalidTag, ValueError):
        raise CorruptBundle(
            "This vault's key stanza in the bundle does not open: the bundle is damaged."
        ) from None
    if len(key) != FILE_KEY_SIZE:
        raise CorruptBundle("This vault's key stanza in the bundle holds no valid key.")
    return key


def sign(key: Ed25519PrivateKey, digest: bytes) -> bytes:
    """Sign the SHA-512 of the whole file before the signature (streamed, so memory is flat)."""
    return key.sign(SIGNATURE_DOMAIN + digest)


def verify(key: Ed25519PublicKey, signature: bytes, digest: bytes) -> None:
    try:
        key.verify(signature, SIGNATURE_DOMAIN + digest)
    except InvalidSignature:
        raise BadSignature(
            "The bundle's signature does not match its sender: it was altered or damaged "
            "after it was signed, or signed by another device."
        ) from None

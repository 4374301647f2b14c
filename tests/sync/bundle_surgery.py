"""Taking a bundle apart and putting it back together (re-signed), to forge and tamper in tests."""

from __future__ import annotations

import hashlib
import io
import struct
from dataclasses import dataclass, replace

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ncpi_field import device
from ncpi_field.service import VaultService
from sync import bundle_crypto, bundle_format


@dataclass(frozen=True)
class Parts:
    magic: bytes
    major: int
    minor: int
    suite: int
    header: bytes
    stanzas: tuple[bytes, ...]
    payload: bytes

    def assemble(self, signer: Ed25519PrivateKey) -> bytes:
        body = (
            struct.pack(">8sBBBI", self.magic, self.major, self.minor, self.suite, len(self.header))
            + self.header
            + struct.pack(">H", len(self.stanzas))
            + b"".join(struct.pack(">H", len(s)) + s for s in self.stanzas)
            + self.payload
            + struct.pack(">Q", len(self.payload))
        )
        return body + bundle_crypto.sign(signer, hashlib.sha512(body).digest())

    def but(self, **changes: object) -> Parts:
        return replace(self, **changes)  # type: ignore[arg-type]


def take_apart(data: bytes) -> Parts:
    prefix = bundle_format.read_prefix(io.BytesIO(data))
    return Parts(
        magic=bundle_format.MAGIC,
        major=bundle_format.MAJOR,
        minor=prefix.minor,
        suite=prefix.suite,
        header=prefix.header_bytes,
        stanzas=prefix.stanzas,
        payload=data[len(prefix.raw) : -bundle_format.TRAILER_SIZE],
    )


def signer_of(service: VaultService) -> Ed25519PrivateKey:
    with service.vault.session() as session:
        return device.signing_key(session)


def regions(data: bytes) -> dict[str, range]:
    """Byte ranges of each part of a bundle, by name."""
    prefix = bundle_format.read_prefix(io.BytesIO(data))
    header_end = 15 + len(prefix.header_bytes)
    payload_end = len(data) - bundle_format.TRAILER_SIZE
    return {
        "magic": range(0, 8),
        "major": range(8, 9),
        "minor": range(9, 10),
        "suite": range(10, 11),
        "header length": range(11, 15),
        "header": range(15, header_end),
        "stanzas": range(header_end, len(prefix.raw)),
        "payload": range(len(prefix.raw), payload_end),
        "payload length": range(payload_end, payload_end + 8),
        "signature": range(payload_end + 8, len(data)),
    }

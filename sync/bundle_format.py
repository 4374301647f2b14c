"""Bundle v1 on disk: the fixed prefix, the canonical header, stanzas, payload frames, trailer.

docs/bundle-v1.md is the specification; this module is its reader and writer for everything
but the cryptography (bundle_crypto) and the records (bundle_export, bundle_import).
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, Final

from sync import canonical
from sync.errors import (
    CorruptBundle,
    MalformedHeader,
    NotABundle,
    UnsupportedBundleVersion,
)

MAGIC: Final = b"NCPIBNDL"
MAJOR: Final = 1
MINOR: Final = 0
SUITE_HYBRID: Final = 1  # HPKE ML-KEM-768+X25519, HKDF-SHA256, AES-256-GCM
SUITE_X25519: Final = 2  # HPKE DHKEM(X25519), HKDF-SHA256, AES-256-GCM: the declared fallback
SUITES: Final = {SUITE_HYBRID: "ML-KEM-768+X25519 (post-quantum hybrid)", SUITE_X25519: "X25519"}
FORMAT_NAME: Final = "ncpi-field-bundle"
MAX_HEADER: Final = 64 * 1024
MAX_RECIPIENTS: Final = 64
MAX_STANZA: Final = 4096
MAX_FRAME: Final = 32 * 1024 * 1024
SIGNATURE_SIZE: Final = 64
TRAILER_SIZE: Final = 8 + SIGNATURE_SIZE
SIGNATURE_DOMAIN: Final = b"ncpi-field bundle v1 signature\x00"
_FIXED: Final = struct.Struct(">8sBBBI")
_U16: Final = struct.Struct(">H")
_U32: Final = struct.Struct(">I")
_U64: Final = struct.Struct(">Q")
_DEVICE: Final = re.compile(r"^[0-9a-f]{32}$")
_UUID: Final = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_HEADER_KEYS: Final = frozenset(
    {"format", "bundle_id", "inspection", "sender", "created", "recipients", "versions", "forms"}
)


@dataclass(frozen=True)
class Recipient:
    device_id: str
    sequence: int  # per (sender, recipient): 1, 2, 3 ...


@dataclass(frozen=True)
class Header:
    bundle_id: str
    inspection: str | None
    sender: str
    created: str
    recipients: tuple[Recipient, ...]
    versions: int
    forms: int

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME,
            "bundle_id": self.bundle_id,
            "inspection": self.inspection,
            "sender": self.sender,
            "created": self.created,
            "recipients": [
                {"device": r.device_id, "sequence": r.sequence} for r in self.recipients
            ],
            "versions": self.versions,
            "forms": self.forms,
        }

    def sequence_for(self, device_id: str) -> int | None:
        return next((r.sequence for r in self.recipients if r.device_id == device_id), None)


@dataclass(frozen=True)
class Prefix:
    """Everything before the payload, parsed; ``raw`` is its exact bytes (hashed and signed)."""

    suite: int
    minor: int
    header: Header
    header_bytes: bytes
    stanzas: tuple[bytes, ...]
    raw: bytes

    @property
    def header_hash(self) -> bytes:
        """HPKE info: the hash of the fixed fields and the header."""
        return hashlib.sha256(self.raw[: _FIXED.size + len(self.header_bytes)]).digest()

    @property
    def payload_context(self) -> bytes:
        """Cobblestone context: the hash of everything before the payload."""
        return hashlib.sha256(self.raw).digest()


def write_prefix(suite: int, header: Header, stanzas: list[bytes]) -> bytes:
    header_bytes = canonical.encode(header.to_json())
    parts = [_FIXED.pack(MAGIC, MAJOR, MINOR, suite, len(header_bytes)), header_bytes]
    parts.append(_U16.pack(len(stanzas)))
    for stanza in stanzas:
        parts += [_U16.pack(len(stanza)), stanza]
    return b"".join(parts)


def fixed_and_header(suite: int, header: Header) -> bytes:
    """The bytes whose hash is HPKE's info, before the stanzas exist."""
    header_bytes = canonical.encode(header.to_json())
    return _FIXED.pack(MAGIC, MAJOR, MINOR, suite, len(header_bytes)) + header_bytes


def read_prefix(stream: BinaryIO) -> Prefix:
    """Parse the prefix strictly; the stream is left at the first payload byte."""
    fixed = stream.read(_FIXED.size)
    if len(fixed) < len(MAGIC) or fixed[: len(MAGIC)] != MAGIC:
        raise NotABundle("This file is not an NCPI Field bundle.")
    if len(fixed) < _FIXED.size:
        raise CorruptBundle("The bundle is truncated: it ends inside its header.")
    _magic, major, minor, suite, header_len = _FIXED.unpack(fixed)
    if major != MAJOR:
        raise UnsupportedBundleVersion(
            f"This bundle uses format version {major}; this program reads version {MAJOR}. "
            "Update NCPI Field to import it."
        )
    if suite not in SUITES:
        raise UnsupportedBundleVersion(
            f"This bundle uses encryption suite {suite}, which this program does not know."
        )
    if header_len > MAX_HEADER:
        raise MalformedHeader("The bundle's header is too large to be genuine.")
    header_bytes = _exactly(stream, header_len, "header")
    header = parse_header(header_bytes)
    count_bytes = _exactly(stream, _U16.size, "recipient stanzas")
    (count,) = _U16.unpack(count_bytes)
    if count != len(header.recipients):
        raise MalformedHeader("The bundle's stanzas do not match its list of recipients.")
    stanzas, raw_stanzas = [], [count_bytes]
    for _ in range(count):
        length_bytes = _exactly(stream, _U16.size, "recipient stanzas")
        (length,) = _U16.unpack(length_bytes)
        if length > MAX_STANZA:
            raise MalformedHeader("A recipient stanza is too large to be genuine.")
        stanza = _exactly(stream, length, "recipient stanzas")
        stanzas.append(stanza)
        raw_stanzas += [length_bytes, stanza]
    raw = fixed + header_bytes + b"".join(raw_stanzas)
    return Prefix(suite, minor, header, header_bytes, tuple(stanzas), raw)


def _exactly(stream: BinaryIO, size: int, where: str) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise CorruptBundle(f"The bundle is truncated: it ends inside its {where}.")
    return data


def parse_header(data: bytes) -> Header:
    try:
        value = canonical.decode(data)
    except canonical.NotCanonical as exc:
        raise MalformedHeader(f"The bundle's header is not canonical JSON ({exc}).") from None
    if not isinstance(value, dict) or set(value) != _HEADER_KEYS:
        raise MalformedHeader("The bundle's header has missing or unexpected fields.")
    if value["format"] != FORMAT_NAME:
        raise MalformedHeader("The bundle's header names another format.")
    return Header(
        bundle_id=_text(value, "bundle_id", _UUID),
        inspection=None if value["inspection"] is None else _text(value, "inspection", None),
        sender=_text(value, "sender", _DEVICE),
        created=_text(value, "created", None),
        recipients=_recipients(value["recipients"]),
        versions=_count(value["versions"]),
        forms=_count(value["forms"]),
    )


def _text(value: dict[str, Any], key: str, pattern: re.Pattern[str] | None) -> str:
    item = value[key]
    if not isinstance(item, str) or len(item) > 100 or (pattern and not pattern.match(item)):
        raise MalformedHeader(f"The bundle's header field {key!r} is not valid.")
    return item


def _count(item: Any) -> int:
    if not isinstance(item, int) or isinstance(item, bool) or not 0 <= item < 2**40:
        raise MalformedHeader("The bundle's header holds a count that is not valid.")
    return item


def _recipients(items: Any) -> tuple[Recipient, ...]:
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_RECIPIENTS:
        raise MalformedHeader("The bundle's header must list 1 to 64 recipients.")
    found = []
    for item in items:
        if not isinstance(item, dict) or set(item) != {"device", "sequence"}:
            raise MalformedHeader("A recipient in the bundle's header is not valid.")
        device = _text(item, "device", _DEVICE)
        sequence = _count(item["sequence"])
        if sequence < 1:
            raise MalformedHeader("A recipient's sequence number must start at 1.")
        found.append(Recipient(device, sequence))
    ids = [r.device_id for r in found]
    if ids != sorted(set(ids)):
        raise MalformedHeader("The bundle's recipients must be sorted and listed once each.")
    return tuple(found)


# -- payload frames ---------------------------------------------------------------------------


def frame(entry: dict[str, Any]) -> bytes:
    return frame_bytes(canonical.encode(entry))


def frame_bytes(body: bytes) -> bytes:
    """A frame around an entry already encoded canonically."""
    return _U32.pack(len(body)) + body


def payload_length(value: int) -> bytes:
    return _U64.pack(value)


def read_payload_length(data: bytes) -> int:
    return int(_U64.unpack(data)[0])


class FrameReader:
    """Splits decrypted payload bytes into entries, holding at most one frame in memory."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> Iterator[dict[str, Any]]:
        self._buffer += data
        while len(self._buffer) >= _U32.size:
            (length,) = _U32.unpack_from(self._buffer)
            if length > MAX_FRAME:
                raise CorruptBundle("The bundle's payload holds an entry too large to be genuine.")
            if len(self._buffer) < _U32.size + length:
                return
            body = bytes(self._buffer[_U32.size : _U32.size + length])
            del self._buffer[: _U32.size + length]
            yield _entry(body)

    def finish(self) -> None:
        if self._buffer:
            raise CorruptBundle("The bundle's payload ends inside an entry.")


def _entry(body: bytes) -> dict[str, Any]:
    try:
        value = canonical.decode(body, floats=True)
    except canonical.NotCanonical:
        raise CorruptBundle("The bundle's payload holds an entry that is not canonical.") from None
    if not isinstance(value, dict) or not isinstance(value.get("kind"), str):
        raise CorruptBundle("The bundle's payload holds an entry of no known kind.")
    return value

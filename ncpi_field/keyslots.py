"""Key slots: the vault's random data key, wrapped by a passphrase and by a recovery code.

``keyslots.json`` is versioned and written atomically. Each slot wraps the same 256-bit data
key with AES-256-GCM under a key derived by Argon2id; the slot header is the associated data,
so a slot whose parameters were edited no longer unwraps.
"""

from __future__ import annotations

import base64
import json
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from ncpi_field.atomic import atomic_write
from ncpi_field.errors import KeySlotError, WeakKdfParameters, WrongPassphrase

FORMAT: Final = "ncpi-field/keyslots"
FORMAT_VERSION: Final = 1
DATA_KEY_BYTES: Final = 32
SlotKind = Literal["passphrase", "recovery"]

_RECOVERY_ALPHABET: Final = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: read aloud safely
_RECOVERY_GROUPS: Final = 6
_RECOVERY_GROUP_LEN: Final = 5


@dataclass(frozen=True)
class KdfParameters:
    """Argon2id cost. ``memory_kib`` is in KiB as Argon2 counts it."""

    memory_kib: int = 65536
    iterations: int = 3
    lanes: int = 4

    def meets(self, floor: KdfParameters) -> bool:
        return (
            self.memory_kib >= floor.memory_kib
            and self.iterations >= floor.iterations
            and self.lanes >= 1
            and self.memory_kib * self.iterations >= floor.memory_kib * floor.iterations
        )


DEFAULT_KDF: Final = KdfParameters()
KDF_FLOOR: Final = KdfParameters(memory_kib=65536, iterations=3, lanes=1)


@dataclass(frozen=True)
class KeySlot:
    kind: SlotKind
    slot_id: str
    salt: bytes
    kdf: KdfParameters
    nonce: bytes
    wrapped_key: bytes

    def header(self, vault_id: str) -> bytes:
        """The associated data: everything about the slot except the ciphertext."""
        fields = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "vault_id": vault_id,
            "kind": self.kind,
            "slot_id": self.slot_id,
            "salt": _b64(self.salt),
            "kdf": _kdf_json(self.kdf),
        }
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


@dataclass(frozen=True)
class KeySlotFile:
    vault_id: str
    slots: tuple[KeySlot, ...]

    def slot(self, kind: SlotKind) -> KeySlot:
        for slot in self.slots:
            if slot.kind == kind:
                return slot
        raise KeySlotError(f"The vault has no {kind} key slot.")

    def replace_slot(self, new: KeySlot) -> KeySlotFile:
        others = tuple(s for s in self.slots if s.kind != new.kind)
        return replace(self, slots=(*others, new))


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)


def new_recovery_code() -> str:
    """A code of 30 characters from a 32-letter alphabet: 150 bits, grouped for reading aloud."""
    chars = [
        secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_GROUPS * _RECOVERY_GROUP_LEN)
    ]
    groups = [
        "".join(chars[i : i + _RECOVERY_GROUP_LEN])
        for i in range(0, len(chars), _RECOVERY_GROUP_LEN)
    ]
    return "-".join(groups)


def normalise_recovery_code(code: str) -> str:
    """Accept the code however it was typed: any case, spaces or dashes."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(
        cleaned[i : i + _RECOVERY_GROUP_LEN] for i in range(0, len(cleaned), _RECOVERY_GROUP_LEN)
    )


def wrap(
    kind: SlotKind, secret: str, data_key: bytes, vault_id: str, kdf: KdfParameters = DEFAULT_KDF
) -> KeySlot:
    """Make a slot that opens ``data_key`` with ``secret``."""
    slot = KeySlot(
        kind, uuid.uuid4().hex, secrets.token_bytes(16), kdf, secrets.token_bytes(12), b""
    )
    kek = _derive(secret, slot)
    wrapped = AESGCM(kek).encrypt(slot.nonce, data_key, slot.header(vault_id))
    return replace(slot, wrapped_key=wrapped)


def unwrap(slot: KeySlot, secret: str, vault_id: str, floor: KdfParameters = KDF_FLOOR) -> bytes:
    """Open a slot; refuses weak parameters before spending any effort on the secret."""
    if not slot.kdf.meets(floor):
        raise WeakKdfParameters(
            "This vault's key slot uses key-derivation settings below the security floor "
            f"({slot.kdf.memory_kib // 1024} MiB, {slot.kdf.iterations} passes); unlocking is "
            "refused. The key-slot file may have been tampered with: restore it from a backup "
            "or open the vault with the recovery code."
        )
    kek = _derive(secret, slot)
    try:
        return AESGCM(kek).decrypt(slot.nonce, slot.wrapped_key, slot.header(vault_id))
    except InvalidTag:
        raise WrongPassphrase(_wrong_secret_message(slot.kind)) from None


def _wrong_secret_message(kind: SlotKind) -> str:
    if kind == "recovery":
        return "That recovery code does not open this vault."
    return "That passphrase does not open this vault."


def _derive(secret: str, slot: KeySlot) -> bytes:
    material = secret.encode("utf-8")
    if slot.kind == "recovery":
        material = normalise_recovery_code(secret).encode("ascii", "ignore")
    kdf = Argon2id(
        salt=slot.salt,
        length=32,
        iterations=slot.kdf.iterations,
        lanes=slot.kdf.lanes,
        memory_cost=slot.kdf.memory_kib,
    )
    return kdf.derive(material)


def save(path: Path, slots: KeySlotFile) -> None:
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "vault_id": slots.vault_id,
        "slots": [_slot_json(s) for s in slots.slots],
    }
    data = json.dumps(document, indent=2, sort_keys=True).encode() + b"\n"
    atomic_write(path, data, what="the key slots")


def load(path: Path) -> KeySlotFile:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KeySlotError("The vault's key-slot file (keyslots.json) is missing.") from None
    except OSError as exc:
        raise KeySlotError(f"The key-slot file could not be read: {exc.strerror}.") from None
    try:
        document = json.loads(raw)
        return _parse(document)
    except (ValueError, KeyError, TypeError) as exc:
        raise KeySlotError(f"The key-slot file (keyslots.json) is damaged: {exc}.") from None


def _parse(document: Any) -> KeySlotFile:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError("it is not an NCPI Field key-slot file")
    version = document.get("version")
    if version != FORMAT_VERSION:
        raise ValueError(
            f"version {version!r} is not one this app reads (it reads {FORMAT_VERSION})"
        )
    vault_id = document["vault_id"]
    if not isinstance(vault_id, str):
        raise TypeError("vault_id is not text")
    slots = tuple(_parse_slot(item) for item in document["slots"])
    return KeySlotFile(vault_id, slots)


def _parse_slot(item: Mapping[str, Any]) -> KeySlot:
    kind = item["kind"]
    if kind not in ("passphrase", "recovery"):
        raise ValueError(f"unknown slot kind {kind!r}")
    kdf = item["kdf"]
    if kdf.get("name") != "argon2id":
        raise ValueError("only Argon2id key slots are supported")
    params = KdfParameters(
        memory_kib=_int(kdf["memory_kib"]),
        iterations=_int(kdf["iterations"]),
        lanes=_int(kdf["lanes"]),
    )
    return KeySlot(
        kind=kind,
        slot_id=str(item["slot_id"]),
        salt=_unb64(item["salt"]),
        kdf=params,
        nonce=_unb64(item["nonce"]),
        wrapped_key=_unb64(item["wrapped_key"]),
    )


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError("a KDF parameter is not a positive whole number")
    return value


def _slot_json(slot: KeySlot) -> dict[str, Any]:
    return {
        "kind": slot.kind,
        "slot_id": slot.slot_id,
        "salt": _b64(slot.salt),
        "kdf": _kdf_json(slot.kdf),
        "nonce": _b64(slot.nonce),
        "wrapped_key": _b64(slot.wrapped_key),
    }


def _kdf_json(kdf: KdfParameters) -> dict[str, Any]:
    return {
        "name": "argon2id",
        "memory_kib": kdf.memory_kib,
        "iterations": kdf.iterations,
        "lanes": kdf.lanes,
    }


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise TypeError("an encoded field is not text")
    return base64.b64decode(text, validate=True)

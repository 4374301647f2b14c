"""Key slots: the vault's random data key, wrapped by a passphrase and by a recovery code.

``keyslots.json`` is versioned and written atomically. Each slot wraps the same 256-bit data
key with AES-256-GCM under a key derived by Argon2id; the slot header is the associated data,
so a slot whose parameters were edited no longer unwraps.
"""

from __future__ import annotations

import base64
import json
import secrets
import unicodedata
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from ncpi_field.atomic import atomic_write
from ncpi_field.errors import (
    ExcessiveKdfParameters,
    KeySlotError,
    WeakKdfParameters,
    WrongPassphrase,
)

FORMAT: Final = "ncpi-field/keyslots"
FORMAT_VERSION: Final = 1
DATA_KEY_BYTES: Final = 32
SlotKind = Literal["passphrase", "recovery"]
# How a passphrase is normalised before the KDF, so "é" typed composed or decomposed is one
# passphrase. Slots written before this field existed carry none and use the text as typed.
NFC: Final = "NFC"
NORMALISATIONS: Final = frozenset({NFC})
SALT_BYTES: Final = 16
NONCE_BYTES: Final = 12  # AES-GCM's standard nonce
WRAPPED_KEY_BYTES: Final = DATA_KEY_BYTES + 16  # the data key and GCM's tag

_RECOVERY_ALPHABET: Final = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: read aloud safely
_RECOVERY_GROUPS: Final = 6
_RECOVERY_GROUP_LEN: Final = 5


@dataclass(frozen=True)
class KdfParameters:
    """Argon2id cost. ``memory_kib`` is in KiB as Argon2 counts it."""

    memory_kib: int = 65536
    iterations: int = 3
    lanes: int = 4

    def exceeds(self, ceiling: KdfParameters) -> bool:
        return (
            self.memory_kib > ceiling.memory_kib
            or self.iterations > ceiling.iterations
            or self.lanes > ceiling.lanes
            or self.memory_kib * self.iterations > KDF_WORK_CEILING
        )

    def meets(self, floor: KdfParameters) -> bool:
        return (
            self.memory_kib >= floor.memory_kib
            and self.iterations >= floor.iterations
            and self.lanes >= 1
            and self.memory_kib * self.iterations >= floor.memory_kib * floor.iterations
        )


DEFAULT_KDF: Final = KdfParameters()
KDF_FLOOR: Final = KdfParameters(memory_kib=65536, iterations=3, lanes=1)
# keyslots.json is read before any secret is checked, so its parameters are hostile input: a
# ceiling keeps an edited file from hanging unlock (iterations=1e6), exhausting memory (4 TiB)
# or crashing Argon2 (lanes=20000). Each bound is far above any cost a laptop should set:
# 4 GiB is RFC 9106's top recommendation doubled; 64 passes and 64 lanes are ~20x the target.
# The work bound (memory x passes) caps unlock time: 16 GiB-passes, e.g. 4 GiB x 4 or
# 1 GiB x 16, is roughly half a minute on a laptop, against 192 MiB-passes for the default.
KDF_CEILING: Final = KdfParameters(memory_kib=4 * 1024 * 1024, iterations=64, lanes=64)
KDF_WORK_CEILING: Final = 16 * 1024 * 1024 * 1024 // 1024  # in KiB-passes


@dataclass(frozen=True)
class KeySlot:
    kind: SlotKind
    slot_id: str
    salt: bytes
    kdf: KdfParameters
    nonce: bytes
    wrapped_key: bytes
    normalise: str | None = None  # None: a slot from before normalisation, text as typed

    def header(self, vault_id: str) -> bytes:
        """The associated data: everything about the slot except the ciphertext.

        ``normalise`` is in it, so stripping the field from a new slot breaks the slot rather
        than silently changing how its passphrase is read; an old slot's header is unchanged.
        """
        fields: dict[str, Any] = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "vault_id": vault_id,
            "kind": self.kind,
            "slot_id": self.slot_id,
            "salt": _b64(self.salt),
            "kdf": _kdf_json(self.kdf),
        }
        if self.normalise is not None:
            fields["normalise"] = self.normalise
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
    check_ceiling(kdf)  # never write a slot this app would refuse to open
    slot = KeySlot(
        kind,
        uuid.uuid4().hex,
        secrets.token_bytes(SALT_BYTES),
        kdf,
        secrets.token_bytes(NONCE_BYTES),
        b"",
        # A recovery code has its own normalisation (normalise_recovery_code).
        normalise=NFC if kind == "passphrase" else None,
    )
    kek = _derive(secret, slot)
    wrapped = AESGCM(kek).encrypt(slot.nonce, data_key, slot.header(vault_id))
    return replace(slot, wrapped_key=wrapped)


def unwrap(slot: KeySlot, secret: str, vault_id: str, floor: KdfParameters = KDF_FLOOR) -> bytes:
    """Open a slot; refuses weak or excessive parameters before any effort on the secret."""
    check_ceiling(slot.kdf)
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


def check_ceiling(kdf: KdfParameters) -> None:
    """Refuse parameters above KDF_CEILING: an edited file must not hang or crash unlock."""
    if kdf.exceeds(KDF_CEILING):
        raise ExcessiveKdfParameters(
            "This vault's key slot asks for more key-derivation work than this app allows "
            f"(at most {KDF_CEILING.memory_kib // (1024 * 1024)} GiB of memory, "
            f"{KDF_CEILING.iterations} passes, {KDF_CEILING.lanes} lanes, and "
            f"{KDF_WORK_CEILING // (1024 * 1024)} GiB across all passes); unlocking is refused. "
            "The key-slot file may have been tampered with: restore it from a backup or open "
            "the vault with the recovery code."
        )


def _wrong_secret_message(kind: SlotKind) -> str:
    if kind == "recovery":
        return "That recovery code does not open this vault."
    return "That passphrase does not open this vault."


def _derive(secret: str, slot: KeySlot) -> bytes:
    if slot.normalise == NFC:
        secret = unicodedata.normalize("NFC", secret)
    # surrogatepass: a lone surrogate (possible from some input methods) still derives a key
    # (a wrong one) rather than crashing; the slot was made from valid text.
    material = secret.encode("utf-8", "surrogatepass")
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
    except RecursionError:  # JSON nested thousands deep
        raise KeySlotError(
            "The key-slot file (keyslots.json) is damaged: nested too deeply."
        ) from None
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


def _parse_slot(item: Any) -> KeySlot:
    if not isinstance(item, dict):
        raise TypeError("a key slot is not an object")
    kind = item["kind"]
    if kind not in ("passphrase", "recovery"):
        raise ValueError(f"unknown slot kind {kind!r}")
    params = _parse_kdf(item["kdf"])
    check_ceiling(params)  # a KeySlotError of its own, not "damaged": it says what to do
    return KeySlot(
        kind=kind,
        slot_id=str(item["slot_id"]),
        salt=_sized(item["salt"], "salt", SALT_BYTES, 64),
        kdf=params,
        nonce=_sized(item["nonce"], "nonce", NONCE_BYTES, NONCE_BYTES),
        wrapped_key=_sized(
            item["wrapped_key"], "wrapped key", WRAPPED_KEY_BYTES, WRAPPED_KEY_BYTES
        ),
        normalise=_normalisation(item.get("normalise")),
    )


def _parse_kdf(kdf: Any) -> KdfParameters:
    if not isinstance(kdf, dict):
        raise TypeError("a slot's kdf is not an object")
    if kdf.get("name") != "argon2id":
        raise ValueError("only Argon2id key slots are supported")
    return KdfParameters(
        memory_kib=_int(kdf["memory_kib"]),
        iterations=_int(kdf["iterations"]),
        lanes=_int(kdf["lanes"]),
    )


def _sized(text: Any, what: str, least: int, most: int) -> bytes:
    data = _unb64(text)
    if not least <= len(data) <= most:
        size = str(least) if least == most else f"{least} to {most}"
        raise ValueError(f"a slot's {what} is {len(data)} bytes long, not {size}")
    return data


def _normalisation(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and value in NORMALISATIONS:
        return value
    raise ValueError("a slot names a passphrase normalisation this app does not know")


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError("a KDF parameter is not a positive whole number")
    return value


def _slot_json(slot: KeySlot) -> dict[str, Any]:
    fields = {
        "kind": slot.kind,
        "slot_id": slot.slot_id,
        "salt": _b64(slot.salt),
        "kdf": _kdf_json(slot.kdf),
        "nonce": _b64(slot.nonce),
        "wrapped_key": _b64(slot.wrapped_key),
    }
    if slot.normalise is not None:
        fields["normalise"] = slot.normalise
    return fields


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

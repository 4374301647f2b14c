"""Key slots as hostile input (issue 7.6, 7.10) and passphrase normalisation (issue 7.13)."""

from __future__ import annotations

import json
import shutil
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ncpi_field import keyslots
from ncpi_field.errors import ExcessiveKdfParameters, KeySlotError, WrongPassphrase
from ncpi_field.vault import KEYSLOTS_NAME, Vault

FIXTURE = Path(__file__).parent / "fixtures" / "keyslots_v1_before_nfc.json"
# The fixture was written by the key-slot code before normalisation, with this passphrase
# typed decomposed (e + U+0301) and this data key.
FIXTURE_PASSPHRASE = unicodedata.normalize("NFD", "Café in Llanelli, 2019")
FIXTURE_DATA_KEY = bytes(range(32))
COMPOSED = unicodedata.normalize("NFC", "Gwybodaeth ddiogel, café")
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)
TIB_IN_KIB = 1024**3
Document = dict[str, Any]


def edit_slots(vault_dir: Path, edit: Callable[[Document], object]) -> None:
    path = vault_dir / KEYSLOTS_NAME
    document = json.loads(path.read_text())
    edit(document)
    path.write_text(json.dumps(document))


def every_kdf(field: str, value: int) -> Callable[[Document], None]:
    def edit(document: Document) -> None:
        for slot in document["slots"]:
            slot["kdf"][field] = value

    return edit


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("iterations", 1_000_000),
        ("memory_kib", 4 * TIB_IN_KIB),
        ("lanes", 20_000),
        ("memory_kib", 4 * 1024 * 1024 + 1),
        ("iterations", 65),
        ("lanes", 65),
    ],
)
def test_parameters_above_the_ceiling_are_refused_at_once(
    created_vault: tuple[Path, str], passphrase: str, field: str, value: int
) -> None:
    vault_dir, _code = created_vault
    edit_slots(vault_dir, every_kdf(field, value))
    started = time.monotonic()
    with pytest.raises(ExcessiveKdfParameters, match="more key-derivation work than this app"):
        Vault.unlock(vault_dir, passphrase)
    assert time.monotonic() - started < 5


def test_total_work_has_a_ceiling_too(created_vault: tuple[Path, str], passphrase: str) -> None:
    vault_dir, _code = created_vault

    def costly(document: Document) -> None:
        for slot in document["slots"]:
            slot["kdf"].update(memory_kib=4 * 1024 * 1024, iterations=5)

    edit_slots(vault_dir, costly)
    with pytest.raises(ExcessiveKdfParameters):
        Vault.unlock(vault_dir, passphrase)


def test_the_ceiling_is_documented_and_above_the_target() -> None:
    assert keyslots.DEFAULT_KDF.meets(keyslots.KDF_FLOOR)
    assert not keyslots.DEFAULT_KDF.exceeds(keyslots.KDF_CEILING)
    # RFC 9106's first recommendation (2 GiB, one pass, four lanes) stays allowed.
    assert not keyslots.KdfParameters(2 * 1024 * 1024, 1, 4).exceeds(keyslots.KDF_CEILING)


def test_wrap_refuses_parameters_it_could_not_open() -> None:
    with pytest.raises(ExcessiveKdfParameters):
        keyslots.wrap(
            "passphrase",
            "a passphrase",
            keyslots.new_data_key(),
            "vault",
            keyslots.KdfParameters(iterations=1_000),
        )


def _nest(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d["slots"][0].update(salt=""),
        lambda d: d["slots"][0].update(nonce=""),
        lambda d: d["slots"][0].update(wrapped_key=""),
        lambda d: d["slots"][0].update(kdf="argon2id"),
        lambda d: d["slots"][0].update(kdf=["argon2id"]),
        lambda d: d["slots"][0].update(kdf=None),
        lambda d: d["slots"].__setitem__(0, "a slot"),
        lambda d: d.update(slots={"kind": "passphrase"}),
        lambda d: d["slots"][0].update(normalise="NFKD"),
        lambda d: d["slots"][0]["kdf"].update(iterations=1e6),
    ],
    ids=[
        "empty-salt",
        "empty-nonce",
        "empty-wrapped-key",
        "kdf-text",
        "kdf-list",
        "kdf-null",
        "slot-text",
        "slots-object",
        "unknown-normalisation",
        "float-parameter",
    ],
)
def test_damaged_slots_are_a_key_slot_error(
    created_vault: tuple[Path, str], passphrase: str, damage: Callable[[Document], object]
) -> None:
    edit_slots(created_vault[0], damage)
    with pytest.raises(KeySlotError, match="damaged"):
        Vault.unlock(created_vault[0], passphrase)


def test_deeply_nested_slot_file_is_a_key_slot_error(
    created_vault: tuple[Path, str], passphrase: str
) -> None:
    (created_vault[0] / KEYSLOTS_NAME).write_text(_nest(100_000))
    with pytest.raises(KeySlotError, match="damaged"):
        Vault.unlock(created_vault[0], passphrase)


def test_a_new_vault_opens_with_the_passphrase_typed_either_way(vault_dir: Path) -> None:
    assert COMPOSED != DECOMPOSED
    Vault.create(vault_dir, COMPOSED)[0].lock()
    Vault.unlock(vault_dir, DECOMPOSED).lock()
    Vault.unlock(vault_dir, COMPOSED).lock()


def test_a_passphrase_changed_to_decomposed_text_opens_composed(
    created_vault: tuple[Path, str], passphrase: str
) -> None:
    Vault.change_passphrase(created_vault[0], passphrase, DECOMPOSED)
    Vault.unlock(created_vault[0], COMPOSED).lock()


def test_new_passphrase_slots_record_nfc_in_their_header() -> None:
    slot = keyslots.wrap("passphrase", COMPOSED, keyslots.new_data_key(), "v")
    assert slot.normalise == "NFC"
    assert json.loads(slot.header("v"))["normalise"] == "NFC"
    assert keyslots.wrap("recovery", "ABCDE", keyslots.new_data_key(), "v").normalise is None


def test_stripping_the_normalisation_breaks_the_slot(vault_dir: Path) -> None:
    # It is in the associated data: an edit cannot switch a slot back to raw text quietly.
    Vault.create(vault_dir, COMPOSED)[0].lock()

    def strip(document: Document) -> None:
        for slot in document["slots"]:
            slot.pop("normalise", None)

    edit_slots(vault_dir, strip)
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_dir, COMPOSED)


def test_a_slot_from_before_normalisation_still_opens(tmp_path: Path) -> None:
    path = tmp_path / KEYSLOTS_NAME
    shutil.copyfile(FIXTURE, path)
    slots = keyslots.load(path)
    slot = slots.slot("passphrase")
    assert slot.normalise is None
    assert keyslots.unwrap(slot, FIXTURE_PASSPHRASE, slots.vault_id) == FIXTURE_DATA_KEY
    # Old slots keep the text as typed: the composed form was never its passphrase.
    with pytest.raises(WrongPassphrase):
        keyslots.unwrap(slot, unicodedata.normalize("NFC", FIXTURE_PASSPHRASE), slots.vault_id)


def test_an_old_file_saved_again_is_unchanged_in_meaning(tmp_path: Path) -> None:
    path = tmp_path / KEYSLOTS_NAME
    slots = keyslots.load(FIXTURE)
    keyslots.save(path, slots)
    assert "normalise" not in path.read_text()
    again = keyslots.load(path).slot("passphrase")
    assert keyslots.unwrap(again, FIXTURE_PASSPHRASE, slots.vault_id) == FIXTURE_DATA_KEY

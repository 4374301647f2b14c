"""SECURITY 15: key slots open only with the right secret and refuse weakened parameters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ncpi_field import keyslots
from ncpi_field.errors import (
    KeySlotError,
    PassphraseRejected,
    VaultExists,
    VaultNotFound,
    WeakKdfParameters,
    WrongPassphrase,
)
from ncpi_field.service import VaultService
from ncpi_field.vault import KEYSLOTS_NAME, Vault

NEW_PASSPHRASE = "a different passphrase entirely"


def _edit_slots(vault_dir: Path, edit: object) -> None:
    path = vault_dir / KEYSLOTS_NAME
    document = json.loads(path.read_text())
    edit(document)  # type: ignore[operator]
    path.write_text(json.dumps(document))


def test_wrong_passphrase_is_refused_with_a_clear_message(created_vault: tuple[Path, str]) -> None:
    vault_dir, _code = created_vault
    with pytest.raises(WrongPassphrase, match="does not open this vault"):
        Vault.unlock(vault_dir, "not the passphrase at all")


def test_right_passphrase_opens(created_vault: tuple[Path, str], passphrase: str) -> None:
    vault = Vault.unlock(created_vault[0], passphrase)
    assert vault.status().records == 0
    vault.lock()


@pytest.mark.parametrize(
    ("field", "value"),
    [("memory_kib", 1024), ("iterations", 1), ("memory_kib", 65535)],
)
def test_lowered_kdf_parameters_are_refused(
    created_vault: tuple[Path, str], passphrase: str, field: str, value: int
) -> None:
    vault_dir, _code = created_vault

    def lower(document: dict[str, list[dict[str, dict[str, int]]]]) -> None:
        for slot in document["slots"]:
            slot["kdf"][field] = value

    _edit_slots(vault_dir, lower)
    with pytest.raises(WeakKdfParameters, match="below the security floor"):
        Vault.unlock(vault_dir, passphrase)


def test_raised_parameters_fail_authentication_not_silently(
    created_vault: tuple[Path, str], passphrase: str
) -> None:
    # The header is the associated data: editing any parameter breaks the slot.
    vault_dir, _code = created_vault

    def raise_iterations(document: dict[str, list[dict[str, dict[str, int]]]]) -> None:
        for slot in document["slots"]:
            slot["kdf"]["iterations"] = 4

    _edit_slots(vault_dir, raise_iterations)
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_dir, passphrase)


def test_changing_passphrase_leaves_database_byte_identical(
    vault: Vault, vault_dir: Path, passphrase: str
) -> None:
    VaultService(vault).put_draft("observation", {"evidence_statement": "seen"})
    vault.lock()
    before = {p.name: p.read_bytes() for p in vault_dir.glob("vault.db*")}
    slots_before = (vault_dir / KEYSLOTS_NAME).read_bytes()

    Vault.change_passphrase(vault_dir, passphrase, NEW_PASSPHRASE)

    assert {p.name: p.read_bytes() for p in vault_dir.glob("vault.db*")} == before
    assert (vault_dir / KEYSLOTS_NAME).read_bytes() != slots_before
    with pytest.raises(WrongPassphrase):
        Vault.unlock(vault_dir, passphrase)
    reopened = Vault.unlock(vault_dir, NEW_PASSPHRASE)
    assert reopened.status().records == 1
    reopened.lock()


def test_recovery_code_opens_the_vault(created_vault: tuple[Path, str]) -> None:
    vault_dir, code = created_vault
    vault = Vault.unlock_with_recovery(vault_dir, code.lower().replace("-", " "))
    assert vault.status().versions == 0
    vault.lock()


def test_recovery_code_resets_a_forgotten_passphrase(created_vault: tuple[Path, str]) -> None:
    vault_dir, code = created_vault
    Vault.reset_passphrase(vault_dir, code, NEW_PASSPHRASE)
    Vault.unlock(vault_dir, NEW_PASSPHRASE).lock()
    # The recovery slot is unchanged: the code still works afterwards.
    Vault.unlock_with_recovery(vault_dir, code).lock()


def test_wrong_recovery_code_is_refused(created_vault: tuple[Path, str]) -> None:
    with pytest.raises(WrongPassphrase, match="recovery code"):
        Vault.unlock_with_recovery(created_vault[0], keyslots.new_recovery_code())


def test_recovery_codes_are_long_and_distinct() -> None:
    codes = {keyslots.new_recovery_code() for _ in range(50)}
    assert len(codes) == 50
    for code in codes:
        assert len(code.replace("-", "")) == 30
        assert set(code.replace("-", "")) <= set("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")


def test_short_passphrase_is_refused_and_nothing_is_created(vault_dir: Path) -> None:
    with pytest.raises(PassphraseRejected, match="at least 10 characters"):
        Vault.create(vault_dir, "short")
    assert not vault_dir.exists() or not any(vault_dir.iterdir())


def test_create_refuses_to_overwrite(created_vault: tuple[Path, str], passphrase: str) -> None:
    with pytest.raises(VaultExists):
        Vault.create(created_vault[0], passphrase)


def test_unlock_of_missing_vault_says_so(tmp_path: Path, passphrase: str) -> None:
    with pytest.raises(VaultNotFound, match="no vault"):
        Vault.unlock(tmp_path / "nowhere", passphrase)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.update(version=2),
        lambda d: d.update(format="something-else"),
        lambda d: d["slots"][0].update(wrapped_key="not base64!"),
        lambda d: d["slots"][0]["kdf"].update(name="pbkdf2"),
        lambda d: d["slots"][0]["kdf"].update(lanes="4"),
    ],
    ids=["future-version", "wrong-format", "bad-base64", "other-kdf", "string-param"],
)
def test_damaged_keyslot_file_is_a_clear_error(
    created_vault: tuple[Path, str], passphrase: str, damage: object
) -> None:
    _edit_slots(created_vault[0], damage)
    with pytest.raises(KeySlotError, match="key-slot file"):
        Vault.unlock(created_vault[0], passphrase)


def test_truncated_keyslot_file_is_a_clear_error(
    created_vault: tuple[Path, str], passphrase: str
) -> None:
    path = created_vault[0] / KEYSLOTS_NAME
    path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(KeySlotError, match="damaged"):
        Vault.unlock(created_vault[0], passphrase)


def test_slot_header_binds_the_vault_id(created_vault: tuple[Path, str], passphrase: str) -> None:
    _edit_slots(created_vault[0], lambda d: d.update(vault_id="another-vault"))
    with pytest.raises(WrongPassphrase):
        Vault.unlock(created_vault[0], passphrase)


def test_keyslot_file_records_the_kdf_target(created_vault: tuple[Path, str]) -> None:
    slots = keyslots.load(created_vault[0] / KEYSLOTS_NAME)
    assert {s.kind for s in slots.slots} == {"passphrase", "recovery"}
    for slot in slots.slots:
        assert slot.kdf.memory_kib >= 65536
        assert slot.kdf.iterations >= 3
        assert slot.kdf.lanes >= 4

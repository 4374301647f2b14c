"""What a new passphrase must be: light, so the first-run screen reads it before the core."""

from __future__ import annotations

from typing import Final

from ncpi_field.errors import PassphraseRejected

MIN_PASSPHRASE_LENGTH: Final = 10


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise PassphraseRejected(
            f"A passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters; "
            "a few unrelated words are easy to type and hard to guess."
        )

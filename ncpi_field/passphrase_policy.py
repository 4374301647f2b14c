"""What a new passphrase must be: light, so the first-run screen reads it before the core."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Final

from ncpi_field.errors import PassphraseRejected

MIN_PASSPHRASE_LENGTH: Final = 10


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise PassphraseRejected(
            f"A passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters; "
            "a few unrelated words are easy to type and hard to guess."
        )


STRENGTH_WORDS: Final = ("Too short", "Weak", "Fair", "Good", "Strong")
# Bits of guessing work each score starts at (after the minimum length is met).
_SCORE_BITS: Final = (0.0, 40.0, 60.0, 80.0)


@dataclass(frozen=True)
class Strength:
    """A rough guide for the meter on the first-run screen: 0 (too short) to 4 (strong)."""

    score: int
    words: str


def strength(passphrase: str) -> Strength:
    """How hard the passphrase looks to guess: its length over the kinds of character it uses.

    A run of one repeated character counts once. Adding a character never lowers the score.
    """
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return Strength(0, STRENGTH_WORDS[0])
    bits = _effective_length(passphrase) * math.log2(_pool(passphrase))
    score = 1 + sum(1 for floor in _SCORE_BITS[1:] if bits >= floor)
    return Strength(score, STRENGTH_WORDS[score])


def _effective_length(passphrase: str) -> int:
    return 1 + sum(1 for a, b in itertools.pairwise(passphrase) if a != b)


def _pool(passphrase: str) -> int:
    pool = 0
    pool += 26 if any(c.islower() for c in passphrase) else 0
    pool += 26 if any(c.isupper() for c in passphrase) else 0
    pool += 10 if any(c.isdigit() for c in passphrase) else 0
    pool += 33 if any(not c.isalnum() for c in passphrase) else 0
    return max(pool, 2)

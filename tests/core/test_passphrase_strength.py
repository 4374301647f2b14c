"""The first-run strength meter's rating: too short below the minimum, and never lowered by
typing one more character."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ncpi_field.passphrase_policy import MIN_PASSPHRASE_LENGTH, STRENGTH_WORDS, strength


@given(st.text(max_size=60), st.characters())
def test_one_more_character_never_lowers_the_rating(passphrase: str, more: str) -> None:
    assert strength(passphrase + more).score >= strength(passphrase).score


@given(st.text(max_size=MIN_PASSPHRASE_LENGTH - 1))
def test_below_the_minimum_length_is_too_short(passphrase: str) -> None:
    assert strength(passphrase).words == "Too short"


@given(st.text(min_size=MIN_PASSPHRASE_LENGTH, max_size=80))
def test_a_long_enough_passphrase_is_rated_in_words(passphrase: str) -> None:
    rated = strength(passphrase)
    assert 1 <= rated.score <= 4
    assert rated.words == STRENGTH_WORDS[rated.score]


def test_repeating_one_character_stays_weak_and_unrelated_words_are_strong() -> None:
    assert strength("a" * 40).words == "Weak"
    assert strength("correct horse battery staple").words == "Strong"

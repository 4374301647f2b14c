"""Every phrase the generator can use is clear of the PII lint and attributes by role only."""

from __future__ import annotations

from collections.abc import Iterator

from ncpi_field.demo import phrases_cases, phrases_fieldwork
from ncpi_field.pii import lint_text


def strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from strings(inner)
    elif isinstance(value, tuple | list):
        for inner in value:
            yield from strings(inner)


def bank_phrases() -> list[str]:
    found = []
    for module in (phrases_cases, phrases_fieldwork):
        for name in dir(module):
            if name.isupper():
                found += list(strings(getattr(module, name)))
    return found


def test_the_banks_are_not_empty() -> None:
    assert len(bank_phrases()) > 200


def test_every_phrase_is_lint_clean() -> None:
    assert [p for p in bank_phrases() if lint_text(p)] == []


def test_every_case_summary_fits_the_form() -> None:
    """Any combination of opening, middle and ending stays within the 600-character limit."""
    longest = (
        max(map(len, (o for group in phrases_cases.CASE_OPENINGS.values() for o in group)))
        + max(map(len, phrases_cases.CASE_MIDDLES))
        + max(map(len, (e for group in phrases_cases.CASE_ENDINGS.values() for e in group)))
        + 2
    )
    assert longest <= 600


def test_headlines_fit_the_form() -> None:
    headlines = list(strings(phrases_fieldwork.HEADLINES)) + list(
        strings(phrases_fieldwork.OTHER_HEADLINES)
    )
    assert max(map(len, headlines)) <= 200


def test_rationales_for_poor_grades_are_long_enough() -> None:
    for grade in ("requires_improvement", "inadequate"):
        assert min(map(len, phrases_cases.GRADE_RATIONALE[grade])) >= 50

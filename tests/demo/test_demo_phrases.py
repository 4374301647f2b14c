"""Every phrase the generator can use is clear of the PII lint and attributes by role only."""

from __future__ import annotations

import random
from collections.abc import Iterator

from ncpi_field.demo import case_story, phrases_cases, phrases_fieldwork
from ncpi_field.demo.case_story import Opening, tell
from ncpi_field.pii import lint_text


def strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Opening):
        yield value.text
    elif isinstance(value, dict):
        for inner in value.values():
            yield from strings(inner)
    elif isinstance(value, tuple | list):
        for inner in value:
            yield from strings(inner)


def bank_phrases() -> list[str]:
    found = []
    for module in (phrases_cases, phrases_fieldwork, case_story):
        for name in dir(module):
            if name.isupper():
                found += list(strings(getattr(module, name)))
    return found


def test_the_banks_are_not_empty() -> None:
    assert len(bank_phrases()) > 200


def test_every_phrase_is_lint_clean() -> None:
    assert [p for p in bank_phrases() if lint_text(p)] == []


def test_every_case_summary_fits_the_form() -> None:
    """The longest opening with the longest sentence for every fact stays within 600."""
    parts = [
        [o.text for group in case_story.OPENINGS.values() for o in group],
        [*case_story.SEEN.values(), *case_story.SEEN_YOUNG.values(), case_story.SEEN_UNBORN],
        list(case_story.PPN.values()),
        list(case_story.STRATEGY.values()),
        list(case_story.SUPERVISION.values()),
        [e for group in case_story.ENDINGS.values() for e in group],
    ]
    assert sum(max(map(len, part)) + 1 for part in parts) <= 600


def test_headlines_fit_the_form() -> None:
    headlines = list(strings(phrases_fieldwork.HEADLINES)) + list(
        strings(phrases_fieldwork.OTHER_HEADLINES)
    )
    assert max(map(len, headlines)) <= 200


def test_rationales_for_poor_grades_are_long_enough() -> None:
    rng = random.Random(8)
    for category in case_story.OPENINGS:
        for grade in ("requires_improvement", "inadequate"):
            for _ in range(20):
                story = tell(rng, category, grade, case_story.BORN)
                assert min(map(len, story.rationales(rng))) >= 50

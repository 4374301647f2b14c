"""Every generated answer set is a complete record of its form, with PII-lint-clean free text."""

from __future__ import annotations

import pytest
from demo_helpers import NOW, SEEDS, forms, free_text, inspection
from hypothesis import given, settings
from hypothesis import strategies as st

from ncpi_field.completion import prepare
from ncpi_field.demo import DemoRecord, generate_inspection
from ncpi_field.demo.inspection import framework_for
from ncpi_field.demo.model import stream
from ncpi_field.demo.phrases_cases import inspector_code
from ncpi_field.pii import lint_text
from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.validate import validate


def problems(records: tuple[DemoRecord, ...] | list[DemoRecord]) -> list[str]:
    """What is wrong, by record reference and question name (never the answer itself)."""
    found = []
    for record in records:
        spec = forms()[record.form_id]
        found += [
            f"{record.ref} {i.field} {i.kind}" for i in validate(spec, record.answers, now=NOW)
        ]
        found += [
            f"{record.ref} {name} PII {[hit.kind for hit in lint_text(text)]}"
            for name, text in free_text(spec, record.answers)
            if lint_text(text)
        ]
    return found


@pytest.mark.parametrize("seed", SEEDS)
def test_every_record_validates_and_is_lint_clean(seed: int) -> None:
    assert problems(inspection(seed)) == []


@pytest.mark.slow  # 15 whole inspections generated and checked
@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000))
def test_any_seed_gives_valid_lint_clean_records(seed: int) -> None:
    assert problems(generate_inspection(seed, forms=forms(), now=NOW)) == []


@pytest.mark.parametrize("seed", SEEDS)
def test_complete_records_pass_the_completion_check(seed: int) -> None:
    """The same gate a person's save goes through: no issues, no PII warnings."""
    for record in inspection(seed):
        completion = prepare(forms()[record.form_id], record.answers, status="complete", now=NOW)
        assert completion.issues == (), record.ref
        assert completion.pii_warnings == (), record.ref


@pytest.mark.parametrize("seed", SEEDS)
def test_answers_are_only_the_stored_answers(seed: int) -> None:
    """Nothing non-relevant is kept: the answers are their own stored answers."""
    for record in inspection(seed):
        state = FormState(forms()[record.form_id], record.answers, now=NOW)
        assert state.stored_answers() == record.answers, record.ref
        assert state.unknown_answers() == [], record.ref


def test_both_framework_versions_are_generated() -> None:
    versions = {framework_for(seed) for seed in range(50)}
    assert versions == {"ncpi_2020_journey", "ncpi_2024_five_topics"}


def test_a_2020_framework_inspection_is_valid() -> None:
    seed = next(seed for seed in range(50) if framework_for(seed) == "ncpi_2020_journey")
    records = generate_inspection(seed, forms=forms(), now=NOW)
    assert {r.answers["framework_version"] for r in records} == {"ncpi_2020_journey"}
    assert "provisional_investigation" not in records[-1].answers
    assert problems(records) == []


def test_inspector_codes_are_lint_clean() -> None:
    rng = stream(0, "codes")
    assert all(lint_text(inspector_code(rng)) == [] for _ in range(200))

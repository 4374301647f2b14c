"""Shared helpers for the demo generator tests: the installed forms and a generation cache."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping
from typing import Any

from ncpi_field.demo import DemoRecord, generate_inspection
from ncpi_field.demo.model import FORM_IDS
from ncpi_field.formstore import installed_spec
from ncpi_field.xlsform.spec import FormSpec

NOW = dt.datetime(2026, 3, 6, 17, 0)
SEEDS = (1, 2, 3)


@functools.cache
def forms() -> Mapping[str, FormSpec]:
    return {form_id: installed_spec(form_id) for form_id in (*FORM_IDS, "inspection")}


@functools.cache
def inspection(seed: int, namespace: str = "") -> tuple[DemoRecord, ...]:
    """One generated inspection per (seed, namespace), shared by the tests that only read it."""
    return tuple(generate_inspection(seed, forms=forms(), now=NOW, namespace=namespace))


def of_form(records: tuple[DemoRecord, ...], form_id: str) -> list[DemoRecord]:
    return [r for r in records if r.form_id == form_id]


def free_text(spec: FormSpec, answers: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(question name, text) for every free-text answer, repeats included."""
    kinds = {q.name: q.kind for q in spec.questions()}
    for name, value in answers.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for entry in value:
                yield from free_text(spec, entry)
        elif kinds.get(name) == "text" and isinstance(value, str):
            yield name, value


def evidence_answers(spec: FormSpec, answers: Mapping[str, Any]) -> Iterator[tuple[str, list[str]]]:
    """(question name, cited ids) for every evidence answer, repeats included."""
    kinds = {q.name: q.kind for q in spec.questions()}
    for name, value in answers.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for entry in value:
                yield from evidence_answers(spec, entry)
        elif kinds.get(name) == "evidence":
            yield name, list(value)

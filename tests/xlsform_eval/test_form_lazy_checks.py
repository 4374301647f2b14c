"""Checks (required, readonly, constraint, choice filter) are recomputed when asked for.

A change marks them stale; the first read recomputes them from the current state, so what a
reader sees always equals a full evaluation, while a change to a field every filter reads
costs nothing for selects no view shows.
"""

from __future__ import annotations

from benchmarks import bench_form_eval
from ncpi_field.xlsform.evaluate import FormState


def state() -> FormState:
    return FormState(bench_form_eval.form(), bench_form_eval.answers(), now=bench_form_eval.NOW)


def full(of: FormState) -> FormState:
    return FormState(of.spec, of.answers(), now=bench_form_eval.NOW)


def test_a_change_leaves_checks_stale_until_asked_for() -> None:
    lazy = state()
    calls: list[str] = []
    original = lazy._filter_choices

    def counting(question, instance):  # type: ignore[no-untyped-def]
        calls.append(question.name)
        return original(question, instance)

    lazy._filter_choices = counting  # type: ignore[method-assign]
    lazy.set_answer("framework", "old")
    assert calls == []  # 41 filtered selects, none shown yet
    names = {c.name for c in lazy.choices("area3")}
    assert calls == ["area3"]
    assert names == {c.name for c in full(lazy).choices("area3")}
    lazy.choices("area3")
    assert calls == ["area3"]  # computed once until the next change


def test_reads_after_changes_equal_a_full_evaluation() -> None:
    lazy = state()
    for name, value in (("gate0", "no"), ("framework", "old"), ("gate0", "yes"), ("count3", 500)):
        lazy.set_answer(name, value)
    fresh = full(lazy)
    for question in lazy.spec.questions():
        for index in range(len(lazy.instances(question.name))):
            at = index if lazy.layout.chain[question.name] else None
            assert lazy.required(question.name, at) == fresh.required(question.name, at)
            assert lazy.constraint_ok(question.name, at) == fresh.constraint_ok(question.name, at)
            assert lazy.readonly(question.name, at) == fresh.readonly(question.name, at)
            assert lazy.choices(question.name, at) == fresh.choices(question.name, at)
    assert lazy.snapshot() == fresh.snapshot()
    assert lazy.expression_errors() == fresh.expression_errors()

"""Re-evaluation after one answer change, for every question: the worst question is judged.

Two forms: the 312-question chained form of ``bench_form_eval`` and the installed case audit
(answered as the demo answers it). Each question's answer is toggled between two values RUNS
times; a question's figure is the median of its runs, and the form's figure is its worst
question. Prints JSON (question names, never answers).

What is timed is what the form view does after an answer changes: ``set_answer`` (which
recomputes relevance and calculations at once) and then reading what one screen shows, the
relevance, requirement, constraint and choices of every question beside the changed one in
its group (checks are recomputed when read, so leaving the reads out would flatter the figure).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from typing import Any

from benchmarks import bench_form_eval
from benchmarks.case_audit import NOW, complete_case_audit
from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.spec import FormSpec, Question

RUNS = 15


def two_values(question: Question, spec: FormSpec) -> tuple[Any, Any]:
    if question.kind in ("select_one", "select_multiple"):
        names = [c.name for c in spec.choices[question.list_name or ""].choices][:2]
        names = (names * 2)[:2]
        if question.kind == "select_one":
            return names[0], names[1]
        return [names[0]], names
    return {
        "integer": (1, 2),
        "decimal": (1.5, 2.5),
        "date": ("2026-03-01", "2026-03-02"),
        "time": ("10:00:00", "11:00:00"),
        "dateTime": ("2026-03-01T10:00:00", "2026-03-02T11:00:00"),
        "acknowledge": ("OK", None),
    }.get(question.kind, ("first", "second"))


def screen(state: FormState, name: str) -> list[str]:
    """The questions shown with ``name``: every question of its group (one page of the view)."""
    layout = state.layout
    group = layout.parent[name]
    return [q.name for q in state.spec.questions() if layout.parent[q.name] == group]


def refresh(state: FormState, names: list[str], index: int | None) -> None:
    for name in names:
        at = index if state.layout.chain.get(name) else None
        state.relevant(name, at)
        state.required(name, at)
        state.constraint_ok(name, at)
        state.choices(name, at)


def worst(spec: FormSpec, answers: dict[str, Any]) -> dict[str, Any]:
    state = FormState(spec, answers, now=NOW)
    layout = state.layout
    per_question: dict[str, float] = {}
    for question in spec.questions():
        if not question.takes_input:
            continue
        in_repeat = bool(layout.chain.get(question.name))
        if in_repeat and not state.instances(question.name):
            continue
        index = 0 if in_repeat else None
        before = state.value(question.name, index)
        values = two_values(question, spec)
        shown = screen(state, question.name)
        samples = []
        for run in range(RUNS):
            start = time.perf_counter()
            state.set_answer(question.name, values[run % 2], index)
            refresh(state, shown, index)
            samples.append(time.perf_counter() - start)
        state.set_answer(question.name, before, index)
        per_question[question.name] = statistics.median(samples)
    ranked = sorted(per_question.items(), key=lambda item: item[1], reverse=True)
    full = []
    for _ in range(5):
        start = time.perf_counter()
        state.full_evaluate()
        full.append(time.perf_counter() - start)
    return {
        "questions": len(per_question),
        "worst": [[name, seconds] for name, seconds in ranked[:5]],
        "median_question": statistics.median(per_question.values()),
        "full_evaluate": statistics.median(full),
    }


def main() -> None:
    which = sys.argv[1]
    if which == "chained":
        result = worst(bench_form_eval.form(), bench_form_eval.answers())
    else:
        spec, answers = complete_case_audit()
        result = worst(spec, answers)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""Re-evaluating a 312-question form after one answer changes, against a full re-evaluation.

The form is built in code: twenty sections gated in a relevance chain, each with a constrained
count feeding a running total (calculates), selects narrowed by a choice filter on the framework
version, and a repeat of five entries reading top-level answers.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.spec import (
    Bind,
    Choice,
    ChoiceList,
    FormSpec,
    Group,
    Node,
    Question,
    QuestionKind,
    Text,
)

SECTIONS = 20
REPEAT_ENTRIES = 5
INCREMENTAL_RUNS = 400
FULL_RUNS = 40
TARGET_MS = 2.0
NOW = dt.datetime(2026, 3, 6, 17)


def question(name: str, kind: QuestionKind, list_name: str | None = None, **bind: Any) -> Question:
    return Question(name, kind, Text({"en": name}), Text(), Bind(**bind), 1, list_name)


def choices() -> dict[str, ChoiceList]:
    def listed(name: str, rows: list[tuple[str, dict[str, str]]]) -> ChoiceList:
        return ChoiceList(name, tuple(Choice(n, Text({"en": n}), c) for n, c in rows))

    areas = [(f"area{i}", {"framework": "old" if i % 2 else "new"}) for i in range(12)]
    return {
        "yes_no": listed("yes_no", [("yes", {}), ("no", {})]),
        "grade": listed("grade", [("good", {}), ("ri", {}), ("inadequate", {})]),
        "framework": listed("framework", [("old", {}), ("new", {})]),
        "area": listed("area", areas),
    }


def section(i: int) -> Group:
    prev = f"gate{i - 1}" if i else "start"
    total = f"${{total{i - 1}}}" if i else "0"
    rows: list[Node] = [
        question(f"gate{i}", "select_one", "yes_no", required="true()"),
        question(f"count{i}", "integer", constraint=f". >= 0 and . <= {total} + 100"),
        question(f"total{i}", "calculate", calculate=f"coalesce(${{count{i}}}, 0) + {total}"),
        question(f"grade{i}", "select_one", "grade", required=f"${{gate{i}}}='yes'"),
        question(f"area{i}", "select_one", "area", choice_filter="framework=${framework}"),
        question(f"areas{i}", "select_multiple", "area", choice_filter="framework=${framework}"),
        question(f"why{i}", "text", relevant=f"${{grade{i}}}='inadequate'", required="true()"),
        question(f"note{i}", "text", constraint="string-length(.) <= 600"),
        question(f"flag{i}", "calculate", calculate=f"if(${{grade{i}}}='good', 1, 0)"),
        question(f"count_b{i}", "integer", constraint=f". <= ${{count{i}}}"),
        question(f"label{i}", "calculate", calculate=f"concat('s', ${{grade{i}}}, ${{total{i}}})"),
        question(f"extra{i}", "select_one", "yes_no", relevant=f"${{flag{i}}} = 1"),
        question(f"extra_note{i}", "text", relevant=f"${{extra{i}}}='yes'"),
        question(f"areas_n{i}", "calculate", calculate=f"count-selected(${{areas{i}}})"),
        question(f"seen_on{i}", "date", constraint=". <= today()"),
    ]
    return Group(
        f"s{i}", Text({"en": f"s{i}"}), Bind(relevant=f"${{{prev}}}='yes'"), 1, tuple(rows)
    )


def repeat() -> Group:
    rows: list[Node] = [
        question("role", "text", required="true()"),
        question("rank", "select_one", "grade"),
        question("people", "integer", constraint=". >= 1"),
        question("share", "calculate", calculate="${people} * 100 div ${total19}"),
        question("role_note", "text", relevant="${rank}='inadequate'"),
        question("area_r", "select_one", "area", choice_filter="framework=${framework}"),
        question("seen", "select_one", "yes_no"),
        question("seen_note", "text", relevant="${seen}='yes'"),
        question("ok", "calculate", calculate="if(${people} > 2, 'many', 'few')"),
        question("pos", "calculate", calculate="position(..)"),
    ]
    return Group("staff", Text({"en": "staff"}), Bind(), 1, tuple(rows), repeat=True)


def form() -> FormSpec:
    top: list[Node] = [
        question("framework", "select_one", "framework", required="true()"),
        question("start", "select_one", "yes_no"),
    ]
    children = (*top, *(section(i) for i in range(SECTIONS)), repeat())
    return FormSpec(
        "bench", "1", Text({"en": "bench"}), "0" * 64, "en", ("en",), children, choices()
    )


def answers() -> dict[str, Any]:
    filled: dict[str, Any] = {"framework": "new", "start": "yes"}
    for i in range(SECTIONS):
        grade = ("good", "ri", "inadequate")[i % 3]
        filled |= {
            f"gate{i}": "yes", f"count{i}": i + 1, f"grade{i}": grade, f"area{i}": "area0",
            f"areas{i}": ["area0", "area2"], f"why{i}": "because", f"note{i}": "a note",
            f"count_b{i}": 1, f"extra{i}": "yes", f"extra_note{i}": "more",
            f"seen_on{i}": "2026-03-02",
        }  # fmt: skip
    filled["staff"] = [
        {"role": "detective sergeant", "rank": "ri", "people": 2, "area_r": "area0", "seen": "yes"}
        for _ in range(REPEAT_ENTRIES)
    ]
    return filled


def timed(action: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def toggling(state: FormState, name: str, values: tuple[Any, Any]) -> Callable[[], object]:
    flip = [0]

    def change() -> object:
        flip[0] ^= 1
        return state.set_answer(name, values[flip[0]])

    return change


def main() -> int:
    spec = form()
    state = FormState(spec, answers(), now=NOW)
    inputs = sum(1 for q in spec.questions() if q.takes_input)
    print(f"{sum(1 for _ in spec.questions())} questions ({inputs} answered), "
          f"{REPEAT_ENTRIES} repeat entries")  # fmt: skip
    full = statistics.median(timed(state.full_evaluate, FULL_RUNS)) * 1000
    changes = [
        ("a mid-form grade (s10)", "grade10", ("good", "inadequate")),
        ("a count feeding the totals (s10)", "count10", (3, 40)),
        ("a leaf note nothing reads", "note10", ("one", "two")),
        ("the framework (every filter)", "framework", ("old", "new")),
        ("the first gate (every section)", "gate0", ("no", "yes")),
    ]
    print(f"{'':44}{'median':>10}{'vs full':>9}")
    print(f"{'full_evaluate':44}{full:>8.3f}ms{1.0:>9.3f}")
    worst = 0.0
    for label, name, values in changes:
        median = statistics.median(timed(toggling(state, name, values), INCREMENTAL_RUNS)) * 1000
        worst = max(worst, median)
        print(f"{'set_answer: ' + label:44}{median:>8.3f}ms{median / full:>9.3f}")
    verdict = "met" if worst < TARGET_MS else "NOT met"
    print(f"target: the worst of these changes under {TARGET_MS} ms -> {verdict}")
    print("(set_answer alone; python -m benchmarks times every question with a screen's reads)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

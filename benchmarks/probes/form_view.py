"""The form view where the inspector waits: opening a record, and each keystroke's refresh.

``python -m benchmarks.probes.form_view case_audit|chained`` prints JSON (question names,
never answers). Offscreen Qt, the window shown at 1366x768 so painting is part of the cost.

- open: ``FormView.open_state`` on the record's answers, then the event loop until painted;
  the evaluation alone (``FormState(spec, answers)``) is shown beside it.
- building: the rest of the form is built a slice per turn of the event loop after the
  first section is painted; the longest such turn is reported.
- keystroke: for every question that takes an answer, the view's own edit path (``set_answer``,
  refresh of the widgets of the nodes it recomputed, the PII lint, the autosave timer) and the
  event loop run to the end (repaint); median of RUNS toggles per question, worst question,
  and the slowest single toggle. A change that reveals hundreds of fields refreshes those out
  of sight a slice per turn of the event loop after: the longest such turn is reported too.
- beside each wall time, the GUI thread's CPU time (``thread_time``): on a machine shared with
  other work the wall time also counts waiting for a core; the CPU time does not.
- autosave: what a draft save costs the GUI thread (the answers copied for the worker); the
  write itself runs on the pool.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from benchmarks import bench_form_eval
from benchmarks.case_audit import NOW, complete_case_audit
from benchmarks.probes.form_eval import two_values
from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.spec import FormSpec
from ui import style
from ui.form_view.session import Head
from ui.form_view.view import FormView

RUNS = 5
OPENS = 7


def settle(app: QApplication, view: FormView) -> float:
    """Run the event loop until fields out of sight show the change; the longest turn."""
    longest = 0.0
    while view.body is not None and view.body.settling:
        start = time.perf_counter()
        app.processEvents()
        longest = max(longest, time.perf_counter() - start)
    return longest


def measure(app: QApplication, spec: FormSpec, answers: dict[str, Any]) -> dict[str, Any]:
    view = FormView()
    view.resize(1366, 768)
    view.show()
    opens, evaluations, built, open_cpu = [], [], [], []
    for _ in range(OPENS):
        start, cpu = time.perf_counter(), time.thread_time()
        state = FormState(spec, answers, now=NOW)
        evaluations.append(time.perf_counter() - start)
        view.open_state(lambda: None, state, Head("bench", "bench"))
        app.processEvents()  # the first section painted: what the inspector sees
        opens.append(time.perf_counter() - start)
        open_cpu.append(time.thread_time() - cpu)
        view.finish_building()
        app.processEvents()
        built.append(time.perf_counter() - start)
    build_frames = []
    for _ in range(3):  # opened, then left to build itself as the event loop turns
        view.open_state(lambda: None, FormState(spec, answers, now=NOW), Head("bench", "bench"))
        app.processEvents()
        while view.body is not None and view.body.building:
            start = time.perf_counter()
            app.processEvents()
            build_frames.append(time.perf_counter() - start)
    assert view.session is not None
    state = view.session.state
    per_question: dict[str, float] = {}
    every: list[float] = []
    every_cpu: list[float] = []
    settle_frames: list[float] = []
    for question in spec.questions():
        if not question.takes_input:
            continue
        in_repeat = bool(state.layout.chain.get(question.name))
        if in_repeat and not state.instances(question.name):
            continue
        instance = (0,) if in_repeat else ()
        values = two_values(question, spec)
        samples = []
        for run in range(RUNS):
            start, cpu = time.perf_counter(), time.thread_time()
            view.set_answer(question.name, values[run % 2], instance)
            app.processEvents()
            samples.append(time.perf_counter() - start)
            every_cpu.append(time.thread_time() - cpu)
            settle_frames.append(settle(app, view))
        every += samples
        per_question[question.name] = statistics.median(samples)
    ranked = sorted(per_question.items(), key=lambda item: item[1], reverse=True)
    copies = []
    for _ in range(20):
        start = time.perf_counter()
        view.session._answers()  # the GUI-thread part of a save
        copies.append(time.perf_counter() - start)
    view.session.timer.stop()
    return {
        "open": sorted(opens),
        "evaluate": statistics.median(evaluations),
        "built": sorted(built),
        "build_frame_max": max(build_frames, default=0.0),
        "questions": len(per_question),
        "keystroke_median": statistics.median(every),
        "keystroke_max": max(every),
        "keystroke_cpu_max": max(every_cpu),
        "open_cpu": sorted(open_cpu),
        "settle_frame_max": max(settle_frames),
        "worst": [[name, seconds] for name, seconds in ranked[:5]],
        "autosave_gui": max(copies),
    }


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    style.apply(app)  # the stylesheet is part of what every widget costs
    if sys.argv[1] == "chained":
        result = measure(app, bench_form_eval.form(), bench_form_eval.answers())
    else:
        spec, answers = complete_case_audit()
        result = measure(app, spec, answers)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

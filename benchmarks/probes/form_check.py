"""The cost of checking one whole record against its form, in µs of CPU per check.

What every complete save and every imported complete version runs: ``FormState(spec, answers)``
(its full evaluation) and ``validate.issues``; ``CompletionCheck().passes`` adds the PII rules
of the import. Measured on the complete case audit (``case_audit.complete_case_audit``, as
``probes/sync_build.py`` saves 30,000 of) and the 312-question chained form of
``bench_form_eval``. Each figure is the median of ROUNDS rounds, each the mean of a batch;
min and max are shown. Prints JSON. Compare two trees by running this alternately in each
(``PYTHONPATH=TREE python -m benchmarks.probes.form_check`` from TREE).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable

from benchmarks import bench_form_eval
from benchmarks.case_audit import complete_case_audit
from ncpi_field.completion_check import CompletionCheck
from ncpi_field.xlsform.evaluate import FormState
from ncpi_field.xlsform.validate import issues

ROUNDS = 7


def per_call(action: Callable[[], object], batch: int) -> dict[str, float]:
    """µs of CPU per call: the median, min and max of ROUNDS batches."""
    action()  # warm: the spec's structures are built once per spec, not per check
    rounds = []
    for _ in range(ROUNDS):
        start = time.process_time()
        for _ in range(batch):
            action()
        rounds.append((time.process_time() - start) / batch * 1e6)
    return {
        "median": statistics.median(rounds),
        "min": min(rounds),
        "max": max(rounds),
    }


def main() -> None:
    spec, answers = complete_case_audit()
    check = CompletionCheck()
    if not check.passes(spec, answers):
        raise SystemExit("the benchmark's case audit does not pass its form's checks")
    chained, chained_answers = bench_form_eval.form(), bench_form_eval.answers()
    figures = {
        "passes, case audit": per_call(lambda: check.passes(spec, answers), 300),
        "FormState + issues, case audit": per_call(lambda: issues(FormState(spec, answers)), 300),
        "FormState + issues, 312-question form": per_call(
            lambda: issues(FormState(chained, chained_answers)), 40
        ),
    }
    print(json.dumps({name: {k: round(v, 1) for k, v in f.items()} for name, f in figures.items()}))


if __name__ == "__main__":
    main()

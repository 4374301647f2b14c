"""Issue 9's figures: finding a record among 10,000 demo-sized records.

The inputs are built once per run by ``probes/build_demo.py`` (copies of the demo inspection's
records, about 3.7 KB of answers a case audit); ``probes/search.py`` measures in the vault
process, where the app's search runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import PASSPHRASE, PYTHON, Figure, Stats, Workspace, run

SEARCH_RECORDS = 10_000
QUICK_MS = 50  # a search this quick may run on the GUI thread (ui/record_search.py)
WORDS_RATIO = 3.0


def demo_vault(space: Workspace, records: int) -> Path:
    path = space.root / f"demo-vault-{records}-{time.monotonic_ns()}"
    run([PYTHON, "-m", "benchmarks.probes.build_demo", str(path), str(records)], space, PASSPHRASE)
    return path


def search_figures(space: Workspace, rounds: int) -> list[Figure]:
    vault = demo_vault(space, SEARCH_RECORDS)
    probe = [PYTHON, "-m", "benchmarks.probes.search", str(vault), str(rounds)]
    out = run(probe, space, PASSPHRASE + "\n").json()
    figures = [
        Figure(
            f"first search after unlocking, {out['records']} records (reads every head; worker)",
            f"{out['first'] * 1000:.0f} ms",
            f"filter choices after it {out['choices'] * 1000:.1f} ms",
            "",
            "(diagnostic: runs in the worker)",
            True,
        )
    ]
    for name, sides in out["queries"].items():
        subject, baseline = Stats(tuple(sides["subject"])), Stats(tuple(sides["baseline"]))
        worst = max(s / b for s, b in zip(sides["subject"], sides["baseline"], strict=True))
        words = name != "filters only"
        met = subject.max * 1000 < QUICK_MS and (worst <= WORDS_RATIO or not words)
        figures.append(
            Figure(
                f"search '{name}', {out['records']} records (warm; worst round judged)",
                subject.text(),
                f"plain Python scan of the same strings for the words {baseline.text()}",
                f"worst {worst:.2f}x",
                f"< {QUICK_MS} ms" + (f", <= {WORDS_RATIO:g}x" if words else ""),
                met,
            )
        )
    return figures


FIGURES: dict[str, Callable[[Workspace, int], list[Figure]]] = {"search": search_figures}

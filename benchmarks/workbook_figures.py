"""Issue 11's figure: the workbook of 10,000 records against raw openpyxl writing the same cells.

The cells are laid out once per run (``probes/workbook.py build``: the demo inspection's records
repeated to 10,000, through the export's own ``build_sheets``). Then, round by round and
alternating which goes first, one process writes them with the export's writer and one with
plain openpyxl in write-only mode. Whole processes; the worst round's wall ratio is judged;
CPU (user + system) is shown beside it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from benchmarks.common import (
    PYTHON,
    Figure,
    Stats,
    Workspace,
    interleave,
    run,
    walls,
    worst_round_ratio,
)

RECORDS = 10_000
TARGET = 1.3
PROBE = "benchmarks.probes.workbook"


def cells(space: Workspace, records: int = RECORDS) -> tuple[Path, int]:
    path = space.root / f"workbook-cells-{records}.json"
    start = time.perf_counter()
    built = run([PYTHON, "-m", PROBE, "build", str(path), str(records)], space).json()
    took = time.perf_counter() - start
    print(f"  (laid out {records} records' workbook cells in {took:.1f} s)", file=sys.stderr)
    return path, int(built["cells"])


def workbook_figure(space: Workspace, rounds: int, records: int = RECORDS) -> list[Figure]:
    path, count = cells(space, records)
    out = space.root / "workbook-out"
    out.mkdir(exist_ok=True)
    result = interleave(
        rounds,
        {
            "ours": lambda: run(
                [PYTHON, "-m", PROBE, "ours", str(path), str(out / "ours.xlsx")], space
            ),
            "raw": lambda: run(
                [PYTHON, "-m", PROBE, "raw", str(path), str(out / "raw.xlsx")], space
            ),
        },
    )
    ratio = worst_round_ratio(result["ours"], result["raw"])
    cpu = max(o.cpu / r.cpu for o, r in zip(result["ours"], result["raw"], strict=True))
    ours_cpu = Stats(tuple(o.cpu for o in result["ours"]))
    return [
        Figure(
            f"workbook of {records:,} records ({count:,} cells), whole process",
            f"{walls(result['ours']).text()} (CPU {ours_cpu.text()}, worst CPU ratio {cpu:.2f}x)",
            f"raw openpyxl write-only, same cells {walls(result['raw']).text()}",
            f"{ratio:.2f}x (worst round)",
            f"<= {TARGET}x",
            ratio <= TARGET,
        )
    ]


FIGURES = {"workbook": workbook_figure}

"""Issue 11's figure: the hot debrief of the demo inspection, PDF and DOCX, whole process.

``ncpi-field debrief --kind hot --pdf F --docx F`` on a vault filled by ``ncpi-field demo``,
through the installed script, interleaved with the KDF alone (``probes/kdf.py``) on the same
vault. Judged: the slowest debrief run less the median key derivation, under 2 s.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from benchmarks.common import (
    NCPI_FIELD,
    PASSPHRASE,
    PYTHON,
    Figure,
    Stats,
    Workspace,
    interleave,
    run,
    walls,
)

TARGET_SECONDS = 2.0


def debrief_figure(space: Workspace, rounds: int) -> list[Figure]:
    vault = space.root / "vault-demo"
    start = time.perf_counter()
    run([NCPI_FIELD, "demo", "--vault", str(vault), "--passphrase-stdin"], space,
        f"{PASSPHRASE}\n{PASSPHRASE}\n")  # fmt: skip
    print(f"  (built the demo inspection in {time.perf_counter() - start:.1f} s)", file=sys.stderr)
    out = space.root / "debrief-out"
    out.mkdir(exist_ok=True)
    debrief = [
        NCPI_FIELD, "debrief", "--vault", str(vault), "--passphrase-stdin", "--kind", "hot",
        "--pdf", str(out / "hot.pdf"), "--docx", str(out / "hot.docx"),
    ]  # fmt: skip
    kdf: Callable[[], object] = lambda: run(  # noqa: E731
        [PYTHON, "-m", "benchmarks.probes.kdf", str(vault)], space, PASSPHRASE
    )
    result = interleave(
        rounds,
        {
            "debrief": lambda: run(debrief, space, PASSPHRASE + "\n"),
            "kdf": kdf,  # type: ignore[dict-item]
        },
    )
    derivation = Stats(tuple(r.json()["seconds"] for r in result["kdf"]))
    made = walls(result["debrief"])
    beyond = made.max - derivation.median
    rss = max(r.rss_mb for r in result["debrief"])
    return [
        Figure(
            "debrief --kind hot --pdf --docx, demo inspection (whole process)",
            made.text(),
            f"KDF {derivation.text()}",
            f"worst {beyond * 1000:.0f} ms beyond KDF; peak RSS {rss:.0f} MiB",
            f"< {TARGET_SECONDS * 1000:.0f} ms beyond KDF",
            beyond < TARGET_SECONDS,
        )
    ]


FIGURES = {"debrief": debrief_figure}

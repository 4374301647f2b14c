"""Issue 9's capture figure: the GUI thread while typing into a case audit with autosave on.

The demo inspection is written once per run into the workspace (``ncpi-field demo``); each
round runs ``probes/autosave_frames.py`` with autosave on and, as the baseline, off.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from benchmarks.common import (
    NCPI_FIELD,
    PASSPHRASE,
    PYTHON,
    Figure,
    Stats,
    Workspace,
    interleave,
    run,
)

ROUNDS = 2  # each run types for about 15 s


def demo_vault(space: Workspace) -> Path:
    path = space.root / "demo-inspection"
    if not path.exists():
        demo = [NCPI_FIELD, "demo", "--vault", str(path), "--passphrase-stdin", "--json"]
        run(demo, space, PASSPHRASE + "\n" + PASSPHRASE + "\n")
    return path


def autosave_figure(space: Workspace, rounds: int) -> list[Figure]:
    vault = demo_vault(space)

    def probe(mode: str) -> Callable[[], object]:
        args = [PYTHON, "-m", "benchmarks.probes.autosave_frames", str(vault), mode]
        return lambda: run(args, space, PASSPHRASE + "\n")

    result = interleave(min(rounds, ROUNDS), {"autosave": probe("autosave"), "none": probe("none")})
    on = [r.json() for r in result["autosave"]]
    off = [r.json() for r in result["none"]]
    longest = Stats(tuple(o["longest_frame"] for o in on))
    baseline = Stats(tuple(o["longest_frame"] for o in off))
    return [
        Figure(
            f"autosave while typing a case audit: longest GUI-thread frame "
            f"({on[0]['keys']} keys, {min(o['saves'] for o in on)}+ drafts a run)",
            f"{longest.text()}; p99 {max(o['p99_frame'] for o in on) * 1000:.1f} ms",
            f"typing, autosave off {baseline.text()}",
            f"{longest.max / baseline.max:.2f}x",
            "no frame > 50 ms",
            longest.max < 0.050,
        )
    ]


CAPTURE_FIGURES = {"autosave": autosave_figure}

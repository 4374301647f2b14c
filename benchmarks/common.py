"""What every figure shares: whole-process timing, interleaved rounds, statistics, the table."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PYTHON = sys.executable
NCPI_FIELD = str(Path(sys.executable).with_name("ncpi-field"))
ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "benchmark passphrase"  # noqa: S105 - a throwaway vault


@dataclass(frozen=True)
class Run:
    """One finished process: wall and CPU seconds, peak RSS in MiB, and what it printed."""

    wall: float
    cpu: float
    rss_mb: float
    stdout: str

    def json(self) -> Any:
        return json.loads(self.stdout.strip().splitlines()[-1])


@dataclass(frozen=True)
class Stats:
    samples: tuple[float, ...]

    @property
    def min(self) -> float:
        return min(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def max(self) -> float:
        return max(self.samples)

    def p(self, fraction: float) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    def text(self, unit: str = "ms", scale: float = 1000) -> str:
        return (
            f"{self.min * scale:.0f}/{self.median * scale:.0f}/{self.max * scale:.0f} {unit}"
            if scale * self.max >= 10
            else f"{self.min * scale:.2f}/{self.median * scale:.2f}/{self.max * scale:.2f} {unit}"
        )


@dataclass
class Figure:
    """One line of the table."""

    name: str
    subject: str
    baseline: str
    ratio: str
    target: str
    met: bool
    notes: list[str] = field(default_factory=list)


class Workspace:
    """Per-run temp directory: vaults built once and reused, a warm form cache, a private HOME."""

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="ncpi-bench-")
        self.root = Path(self._tmp.name)
        home = self.root / "home"
        home.mkdir()
        self.env = {
            **os.environ,
            "HOME": str(home),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONPATH": str(ROOT),
        }
        self.env.pop("NCPI_PASSPHRASE", None)
        self.env.pop("NCPI_VAULT", None)
        self._vaults: dict[int, Path] = {}

    def vault(self, records: int) -> Path:
        if records not in self._vaults:
            path = self.root / f"vault-{records}"
            start = time.perf_counter()
            build = [PYTHON, "-m", "benchmarks.probes.build", str(path), str(records)]
            run(build, self, PASSPHRASE)
            took = time.perf_counter() - start
            print(f"  (built a vault of {records} records in {took:.1f} s)", file=sys.stderr)
            self._vaults[records] = path
        return self._vaults[records]

    def close(self) -> None:
        self._tmp.cleanup()


def run(args: Sequence[str], space: Workspace, stdin: str = "") -> Run:
    """Run one process to its end; its own rusage (wait4) gives CPU and peak RSS."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(args), stdin=subprocess.PIPE, stdout=out, stderr=subprocess.PIPE,
            env=space.env, cwd=ROOT,
        )  # fmt: skip
        assert process.stdin is not None
        assert process.stderr is not None
        process.stdin.write(stdin.encode())
        process.stdin.close()
        errors = process.stderr.read()
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        process.stderr.close()
        out.seek(0)
        text = out.read().decode()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({process.returncode}): {errors.decode()}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text)


def interleave(rounds: int, sides: dict[str, Callable[[], Run]]) -> dict[str, list[Run]]:
    """Each round runs every side once, in an order that alternates between rounds."""
    names = list(sides)
    results: dict[str, list[Run]] = {name: [] for name in names}
    for _ in range(1):  # one warm-up round: page cache, form cache, .pyc files
        for name in names:
            sides[name]()
    for i in range(rounds):
        for name in names if i % 2 == 0 else reversed(names):
            results[name].append(sides[name]())
    return results


def walls(runs: Sequence[Run]) -> Stats:
    return Stats(tuple(r.wall for r in runs))


def worst_round_ratio(subject: Sequence[Run], baseline: Sequence[Run]) -> float:
    """Rounds are interleaved, so each round's ratio compares like with like; judge the worst."""
    return max(s.wall / b.wall for s, b in zip(subject, baseline, strict=True))

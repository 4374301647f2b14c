"""Loading case_audit in a fresh process: parsed with pyxform, and from the on-disk cache.

Each sample is a new interpreter. The timed region starts once the loading code is imported
(the app imports it at start-up; the import times are printed on their own) and ends with the
FormSpec in hand. The baseline is openpyxl opening the same workbook, timed the same way.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

FORM = Path(__file__).resolve().parents[1] / "forms" / "case_audit.xlsx"
SAMPLES = 7
COLD_TARGET_MS = 300
CACHED_TARGET_MS = 20

SAMPLE = r"""
import hashlib, json, sys, time
mode, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if mode == "openpyxl":
    import openpyxl
elif mode == "parse":
    from ncpi_field.xlsform.reader import read_form
else:
    from ncpi_field import form_cache
imported = time.perf_counter()
if mode == "openpyxl":
    openpyxl.load_workbook(path)
elif mode == "parse":
    read_form(path)
else:
    from pathlib import Path
    data = Path(path).read_bytes()
    spec = form_cache.load(hashlib.sha256(data).hexdigest(), Path(path).stem)
    assert spec is not None, "the cache was not warm"
done = time.perf_counter()
print(json.dumps({"import": imported - start, "load": done - imported}))
"""


def sample(mode: str, cache: Path) -> dict[str, float]:
    env = {"XDG_CACHE_HOME": str(cache), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", SAMPLE, mode, str(FORM)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    timings: dict[str, float] = json.loads(out)
    return timings


def warm(cache: Path) -> None:
    """Parse once through formstore's path so the cache holds case_audit."""
    code = (
        "import hashlib, sys; from pathlib import Path; from ncpi_field import form_cache;"
        "from ncpi_field.xlsform.reader import read_form; p = Path(sys.argv[1]);"
        "sha = hashlib.sha256(p.read_bytes()).hexdigest();"
        "form_cache.cached_spec(sha, p.stem, lambda: read_form(p))"
    )
    env = {"XDG_CACHE_HOME": str(cache), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", code, str(FORM)], env=env, check=True)


def medians(mode: str, cache: Path) -> tuple[float, float]:
    runs = [sample(mode, cache) for _ in range(SAMPLES)]
    return (
        statistics.median(r["import"] for r in runs) * 1000,
        statistics.median(r["load"] for r in runs) * 1000,
    )


def main() -> int:
    print(f"{FORM.name}: {FORM.stat().st_size} bytes; {SAMPLES} fresh processes per row (median)")
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        warm(cache)
        base_import, base = medians("openpyxl", cache)
        rows = [
            ("openpyxl load (baseline)", base_import, base),
            ("pyxform parse (cold)", *medians("parse", cache)),
            ("JSON cache by sha256", *medians("cache", cache)),
        ]
    print(f"{'':28}{'import':>10}{'load':>10}{'ratio':>8}")
    for name, imported, loaded in rows:
        print(f"{name:28}{imported:>8.1f}ms{loaded:>8.1f}ms{loaded / base:>8.2f}")
    cold, cached = rows[1][2], rows[2][2]
    print(
        f"target: cold under {COLD_TARGET_MS} ms -> {'met' if cold < COLD_TARGET_MS else 'NOT met'}"
    )
    print(
        f"target: cached under {CACHED_TARGET_MS} ms -> "
        f"{'met' if cached < CACHED_TARGET_MS else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``python -m benchmarks``: every figure, one table."""

from __future__ import annotations

import sys

from benchmarks.run_all import main

sys.exit(main(sys.argv[1:]))

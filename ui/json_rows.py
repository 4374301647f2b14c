"""A list of flat rows as the command line prints JSON (``indent=2``), encoded in C.

``json.dumps(rows, indent=2)`` takes the pure-Python encoder (the C one does no indenting):
for the 10,000 rows of ``record list --json`` that was about 90 ms of the command. A flat
row's indented form is its compact form with other separators, so each row is encoded by the
C encoder and placed; the text is the same, character for character. A row holding a list or
an object falls back to the plain call.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Final

_FLAT: Final = (str, int, float, bool, type(None))
_ROW: Final = json.JSONEncoder(ensure_ascii=False, separators=(",\n    ", ": "))


def rows_text(rows: Sequence[Mapping[str, Any]]) -> str:
    """What ``json.dumps(rows, indent=2, ensure_ascii=False)`` returns."""
    if not all(row and all(isinstance(v, _FLAT) for v in row.values()) for row in rows):
        return json.dumps(rows, indent=2, ensure_ascii=False)
    if not rows:
        return "[]"
    encode = _ROW.encode
    return "[\n  " + ",\n  ".join("{\n    " + encode(row)[1:-1] + "\n  }" for row in rows) + "\n]"

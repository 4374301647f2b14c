"""A list of flat rows as the command line prints JSON (``indent=2``), encoded in C.

``json.dumps(rows, indent=2)`` takes the pure-Python encoder (the C one does no indenting):
for the 10,000 rows of ``record list --json`` that was about 90 ms of the command. A flat
row's indented form is its compact form with other separators, so each row is encoded by the
C encoder and placed; the text is the same, character for character. Rows are written a
thousand at a time, never joined into one text (50,000 rows make 15 MB of it). A row holding
a list or an object, or an empty one, falls back to the plain call.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Final, TextIO

_FLAT: Final = frozenset({str, int, float, bool, type(None)})
_ROW: Final = json.JSONEncoder(ensure_ascii=False, separators=(",\n    ", ": "))
_CHUNK: Final = 1000


def write_rows(rows: Sequence[Mapping[str, Any]], out: TextIO) -> None:
    """Write what ``json.dump(rows, out, indent=2, ensure_ascii=False)`` writes."""
    if not all(row and _FLAT.issuperset(map(type, row.values())) for row in rows):
        json.dump(rows, out, indent=2, ensure_ascii=False)
        return
    if not rows:
        out.write("[]")
        return
    encode = _ROW.encode
    out.write("[\n  ")
    for start in range(0, len(rows), _CHUNK):
        if start:
            out.write(",\n  ")
        chunk = rows[start : start + _CHUNK]
        out.write(",\n  ".join("{\n    " + encode(row)[1:-1] + "\n  }" for row in chunk))
    out.write("\n]")

"""The C-encoded listing is the indented JSON, character for character."""

from __future__ import annotations

import io
import json

from hypothesis import given
from hypothesis import strategies as st

from ui import json_rows

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
flat_rows = st.lists(st.dictionaries(st.text(), scalars, max_size=6), max_size=6)
nested = st.recursive(scalars, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner))


def written(rows: list[dict[str, object]]) -> str:
    out = io.StringIO()
    json_rows.write_rows(rows, out)
    return out.getvalue()


@given(flat_rows)
def test_flat_rows_read_as_the_indented_json(rows: list[dict[str, object]]) -> None:
    assert written(rows) == json.dumps(rows, indent=2, ensure_ascii=False)


@given(st.lists(st.dictionaries(st.text(), nested, max_size=4), max_size=4))
def test_rows_holding_lists_or_objects_read_the_same_too(rows: list[dict[str, object]]) -> None:
    assert written(rows) == json.dumps(rows, indent=2, ensure_ascii=False)


def test_rows_past_a_chunk_are_joined_as_within_one() -> None:
    rows = [{"n": n, "title": f"row {n}"} for n in range(json_rows._CHUNK * 2 + 3)]
    assert written(rows) == json.dumps(rows, indent=2, ensure_ascii=False)

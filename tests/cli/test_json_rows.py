"""The C-encoded listing is the indented JSON, character for character."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from ui.json_rows import rows_text

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
flat_rows = st.lists(st.dictionaries(st.text(), scalars, max_size=6), max_size=6)
nested = st.recursive(scalars, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner))


@given(flat_rows)
def test_flat_rows_read_as_the_indented_json(rows: list[dict[str, object]]) -> None:
    assert rows_text(rows) == json.dumps(rows, indent=2, ensure_ascii=False)


@given(st.lists(st.dictionaries(st.text(), nested, max_size=4), max_size=4))
def test_rows_holding_lists_or_objects_read_the_same_too(rows: list[dict[str, object]]) -> None:
    assert rows_text(rows) == json.dumps(rows, indent=2, ensure_ascii=False)

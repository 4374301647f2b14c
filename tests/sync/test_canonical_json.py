"""Canonical JSON: what is encoded decodes to itself, and only the canonical bytes decode."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync import canonical

WHOLE = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(WHOLE)
def test_encoding_round_trips(value: Any) -> None:
    assert canonical.decode(canonical.encode(value)) == value


@given(st.dictionaries(st.text(min_size=1, max_size=8), st.integers(), min_size=2, max_size=5))
def test_any_other_spelling_is_refused(value: dict[str, Any]) -> None:
    spaced = json.dumps(value, sort_keys=True).encode()
    unsorted = json.dumps(dict(sorted(value.items(), reverse=True)), separators=(",", ":")).encode()
    for variant in (spaced, unsorted):
        assert variant != canonical.encode(value)
        with pytest.raises(canonical.NotCanonical):
            canonical.decode(variant)


@pytest.mark.parametrize(
    "text", [b'{"a":1,"a":1}', b'{"a":1.5}', b'{"a":NaN}', b"\xff", b'{"a":1e3}', b"[1] "]
)
def test_duplicates_floats_and_junk_are_refused(text: bytes) -> None:
    with pytest.raises(canonical.NotCanonical):
        canonical.decode(text)


def test_answers_may_hold_decimals() -> None:
    assert canonical.decode(b'{"score":2.5}', floats=True) == {"score": 2.5}

"""Canonical JSON: sorted keys, no spaces, UTF-8, integers only. Strictly parsed back."""

from __future__ import annotations

import json
from typing import Any


class NotCanonical(ValueError):
    """Bytes that are not exactly the canonical encoding of a JSON value."""


def encode(value: Any) -> bytes:
    text = json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")


def decode(data: bytes, *, floats: bool = False) -> Any:
    """The value, only if ``data`` is its canonical form: no duplicates or reordering.

    Headers carry whole numbers only (``floats=False``); answers may hold decimals.
    """
    try:
        text = data.decode("utf-8")
        value = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_float=float if floats else _no_float,
            parse_constant=_no_float,
        )
    except NotCanonical:
        raise
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise NotCanonical("not JSON") from None
    if (not floats and _has_float(value)) or encode(value) != data:
        raise NotCanonical("not in canonical form (sorted keys, no spaces)")
    return value


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise NotCanonical("a key appears twice")
    return dict(pairs)


def _no_float(text: str) -> Any:
    raise NotCanonical("numbers must be whole")


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_float(v) for v in value)
    return False

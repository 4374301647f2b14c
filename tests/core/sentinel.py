"""Find a sentinel in files, whatever encoding a leak might have used."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from pathlib import Path


def encodings(sentinel: str) -> dict[str, bytes]:
    raw = sentinel.encode("utf-8")
    forms = {
        "utf-8": raw,
        "utf-16-le": sentinel.encode("utf-16-le"),
        "utf-16-be": sentinel.encode("utf-16-be"),
        "hex": binascii.hexlify(raw),
        "HEX": binascii.hexlify(raw).upper(),
    }
    # Base64 of the sentinel depends on where it starts; the middle is stable for each alignment.
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + raw)
        forms[f"base64+{shift}"] = encoded[4:-4]
    return forms


def find(sentinel: str, roots: Iterable[Path], skip: Iterable[Path] = ()) -> list[str]:
    """Where the sentinel appears: 'file (encoding)' entries, never the content itself."""
    skipped = {p.resolve() for p in skip}
    patterns = encodings(sentinel)
    hits: list[str] = []
    for root in roots:
        files = [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file()]
        for path in files:
            if path.resolve() in skipped:
                continue
            data = path.read_bytes()
            hits += [
                f"{path.name} ({kind})" for kind, pattern in patterns.items() if pattern in data
            ]
    return hits

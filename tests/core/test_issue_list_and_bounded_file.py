"""Bounded output and bounded reads (issue 7.8, 7.9): a cap on issue lists, files read safely."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from ncpi_field.bounded_file import FileRefused, read_limited
from ncpi_field.issue_list import MAX_SHOWN, capped, more_line


def test_a_long_list_is_capped_with_a_count() -> None:
    shown, more = capped(list(range(1_000_000)))
    assert list(shown) == list(range(MAX_SHOWN))
    assert more == 1_000_000 - MAX_SHOWN
    assert more_line(more) == "… and 999,950 more problems."


def test_a_short_list_is_whole() -> None:
    assert capped(["a", "b"]) == (["a", "b"], 0)
    assert capped(["a", "b"], 1) == (["a"], 1)
    assert more_line(1, "issue") == "… and 1 more issue."


def test_a_regular_file_within_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    path.write_bytes(b"x" * 100)
    assert read_limited(path, 100) == b"x" * 100


def test_a_large_sparse_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as file:
        file.truncate(3 * 1024**3)  # 3 GiB, sparse: costs no disk
    started = time.monotonic()
    with pytest.raises(FileRefused, match="larger than 20 MiB"):
        read_limited(path, 20 * 1024 * 1024)
    assert time.monotonic() - started < 1


def test_one_byte_over_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    path.write_bytes(b"x" * 101)
    with pytest.raises(FileRefused, match="larger than 100 bytes"):
        read_limited(path, 100)


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda p: Path("/dev/zero"), "a device"),
        (lambda p: (os.mkfifo(p / "pipe.xlsx"), p / "pipe.xlsx")[1], "a pipe"),
        (lambda p: p, "a directory"),
    ],
    ids=["dev-zero", "fifo", "directory"],
)
def test_anything_but_a_regular_file_is_refused_at_once(
    tmp_path: Path, make: object, kind: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    started = time.monotonic()
    with pytest.raises(FileRefused, match=f"not a regular file \\(it is {kind}\\)"):
        read_limited(path, 1024)
    assert time.monotonic() - started < 1


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileRefused, match="could not be read"):
        read_limited(tmp_path / "absent.xlsx", 1024)

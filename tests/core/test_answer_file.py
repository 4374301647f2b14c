"""The answers file as hostile input (issue 7.10, 7.11): one clear UserError, never a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ncpi_field.answer_file import (
    MAX_DEPTH,
    MAX_INTEGER_DIGITS,
    AnswersFileError,
    AnswersNotJson,
    parse_answers,
    read_answers,
)
from ncpi_field.errors import InvalidRecord, UserError
from ncpi_field.records import canonical_answers

SENTINEL = "SENTINEL-7f3a"  # stands for an answer: it must never appear in a message


def nested(depth: int) -> bytes:
    return ('{"a":' * depth + "1" + "}" * depth).encode()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (nested(100_000), "more than 20 deep"),
        (nested(MAX_DEPTH + 1), "more than 20 deep"),
        (b'{"n": ' + b"9" * 5_000 + b"}", "more than 308 digits"),
        (b'{"n": -' + b"9" * (MAX_INTEGER_DIGITS + 1) + b"}", "more than 308 digits"),
        (b'{"n": 1e400}', "too large"),
        (b'{"n": NaN}', "NaN"),
        (b'{"n": -Infinity}', "-Infinity"),
        (f'{{"t": "{SENTINEL}\\ud800"}}'.encode(), "unpaired surrogate"),
        (f'{{"t{SENTINEL}\\udfff": 1}}'.encode(), "unpaired surrogate"),
        (f'{{"r": [{{"t": "\\udc00{SENTINEL}"}}]}}'.encode(), "unpaired surrogate"),
        (f'{{"t": "{SENTINEL}"'.encode(), "not valid JSON (line 1, column"),
    ],
    ids=[
        "nested-100000",
        "nested-21",
        "integer-5000-digits",
        "integer-309-digits",
        "float-overflow",
        "nan",
        "infinity",
        "surrogate-in-value",
        "surrogate-in-key",
        "surrogate-in-repeat",
        "truncated",
    ],
)
def test_bad_json_is_one_clear_error_without_the_answers(data: bytes, says: str) -> None:
    with pytest.raises(AnswersNotJson) as caught:
        parse_answers(data)
    message = str(caught.value)
    assert says in message
    assert SENTINEL not in message
    assert "\n" not in message


def test_limits_are_inclusive() -> None:
    assert parse_answers(nested(MAX_DEPTH)) is not None
    big = parse_answers(b'{"n": ' + b"9" * MAX_INTEGER_DIGITS + b"}")
    assert big["n"] == 10**MAX_INTEGER_DIGITS - 1


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"audit_ref": "CA-1"}).encode())
    assert read_answers(path) == {"audit_ref": "CA-1"}


def test_utf8_sig_codec_also_reads_plain_utf8(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"note": "caf\u00e9"}, ensure_ascii=False), encoding="utf-8")
    assert read_answers(path) == {"note": "caf\u00e9"}


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"[1, 2]", "one JSON object"),
        (b'"text"', "one JSON object"),
        (b"\xff\xfe{}", "not UTF-8 text"),
    ],
)
def test_files_that_are_not_an_object_of_answers(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "answers.json"
    path.write_bytes(content)
    with pytest.raises(AnswersFileError, match=says):
        read_answers(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(AnswersFileError, match="does not exist"):
        read_answers(tmp_path / "absent.json")
    with pytest.raises(AnswersFileError, match="is a directory"):
        read_answers(tmp_path)


def test_errors_are_user_errors() -> None:
    assert issubclass(AnswersFileError, UserError)
    assert issubclass(AnswersNotJson, AnswersFileError)


@pytest.mark.parametrize(
    "answers",
    [{"t": "a\ud800b"}, {"t\udfff": "x"}, {"r": [{"t": ["\udc00"]}]}],
    ids=["value", "key", "nested"],
)
def test_canonical_answers_refuse_unpaired_surrogates(answers: dict[str, object]) -> None:
    with pytest.raises(InvalidRecord, match="unpaired surrogate"):
        canonical_answers(answers)


def test_canonical_answers_refuse_runaway_nesting() -> None:
    deep: object = 1
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(InvalidRecord, match="too deeply"):
        canonical_answers({"a": deep})


def test_canonical_answers_keep_valid_text() -> None:
    assert canonical_answers({"t": "caf\u00e9 \U0001f600"}) == '{"t":"caf\u00e9 \U0001f600"}'

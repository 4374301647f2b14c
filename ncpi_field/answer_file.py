"""An answers file (JSON) read into a dict of answers, every bad file refused in one clear line.

The file comes from a script or a person, so it is hostile input: anything the rest of the
core cannot hold exactly (nesting deeper than any form, numbers no XPath number can be, text
that is not Unicode) is refused here, before a vault is opened. Messages name the problem and
where it is, never an answer.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from ncpi_field.errors import UserError

# Answers are an object of fields; a repeat is a list of objects, and repeats nest a few deep.
MAX_DEPTH: Final = 20
# Form expressions compare numbers as IEEE doubles, which end near 1.8e308: a longer integer
# is no number a form can use, and Python refuses to convert ones over 4,300 digits at all.
MAX_INTEGER_DIGITS: Final = 308


class AnswersFileError(UserError):
    """The answers file is missing, unreadable or not an object of answers."""


class AnswersNotJson(AnswersFileError):
    """The answers file is not JSON the core can hold exactly."""


class _Refused(ValueError):
    """Raised inside the JSON decoder's hooks; becomes AnswersNotJson with its reason."""


def read_answers(path: Path) -> dict[str, Any]:
    """The answers in ``path``: one JSON object of field names and answers, UTF-8 (BOM allowed)."""
    answers = parse_answers(_read(path))
    if not isinstance(answers, dict):
        raise AnswersFileError(
            "The answers file must hold one JSON object of field names and answers."
        )
    return answers


def parse_answers(data: bytes) -> Any:
    """The JSON value in ``data``, refused with AnswersNotJson if the core could not hold it."""
    try:
        # utf-8-sig: editors on Windows start UTF-8 files with a byte-order mark.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnswersFileError(
            f"The answers file is not UTF-8 text (byte {exc.start + 1} cannot be decoded)."
        ) from None
    value = _decode(text)
    _check_shape(value)
    return value


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise AnswersFileError(f"The answers file {path} does not exist.") from None
    except IsADirectoryError:
        raise AnswersFileError(f"The answers file {path} is a directory.") from None
    except OSError as exc:
        raise AnswersFileError(
            f"The answers file {path} could not be read: {exc.strerror}."
        ) from None


def _decode(text: str) -> Any:
    try:
        return json.loads(text, parse_int=_integer, parse_float=_decimal, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        # The position only: the decoder's message never quotes the document, but keep it so.
        raise AnswersNotJson(
            f"The answers file is not valid JSON (line {exc.lineno}, column {exc.colno})."
        ) from None
    except _Refused as exc:
        raise AnswersNotJson(f"The answers file {exc}.") from None
    except RecursionError:
        raise AnswersNotJson(_too_deep()) from None


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _Refused(
            f"holds an integer of more than {MAX_INTEGER_DIGITS} digits, larger than any "
            "number a form can hold"
        )
    return int(text)


def _decimal(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused("holds a number too large for a form to hold")
    return value


def _constant(name: str) -> Any:
    raise _Refused(
        f"holds {name}, which JSON does not allow: answers may hold only text, numbers, "
        "true/false, null, lists and objects"
    )


def _check_shape(value: Any) -> None:
    """Depth and text, checked without recursion: the value may be as deep as json allowed."""
    for depth, item in _walk(value):
        if depth > MAX_DEPTH:
            raise AnswersNotJson(_too_deep())
        if isinstance(item, str) and not _is_unicode(item):
            raise AnswersNotJson(
                "The answers file holds text that is not valid Unicode (an unpaired surrogate, "
                "written as \\ud800 to \\udfff without its pair)."
            )


def _walk(value: Any) -> Iterator[tuple[int, Any]]:
    """(depth, item) for every value and object key, depth first, with an explicit stack."""
    stack = [(0, value)]
    while stack:
        depth, item = stack.pop()
        yield depth, item
        if isinstance(item, dict):
            for key, child in item.items():
                stack.append((depth + 1, key))
                stack.append((depth + 1, child))
        elif isinstance(item, list):
            stack.extend((depth + 1, child) for child in item)


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _too_deep() -> str:
    return (
        f"The answers file nests lists and objects more than {MAX_DEPTH} deep; answers are an "
        "object of fields, with repeats as lists of objects."
    )

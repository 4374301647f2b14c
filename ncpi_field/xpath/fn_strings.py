"""String functions: concat, join, substr, substring, translate, regex and friends."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Final

from ncpi_field.xpath import bounded_regex
from ncpi_field.xpath.context import EvaluationContext
from ncpi_field.xpath.registry import builtin
from ncpi_field.xpath.values import NodeSet, Value, to_number, to_string

Args = Sequence[Value]
Context = EvaluationContext
_XML_SPACE: Final = re.compile(r"[ \t\r\n]+")


def flatten(args: Args) -> list[str]:
    """Arguments as strings, a field or repeat contributing every node."""
    strings: list[str] = []
    for arg in args:
        if isinstance(arg, NodeSet):
            strings.extend(to_string(node) for node in arg.nodes)
        else:
            strings.append(to_string(arg))
    return strings


def _context_or_arg(args: Args, context: Context) -> str:
    return to_string(args[0]) if args else to_string(context.current())


@builtin("string", 0, 1)
def _string(args: Args, context: Context) -> Value:
    return _context_or_arg(args, context)


@builtin("concat", 0, None)
def _concat(args: Args, context: Context) -> Value:
    return "".join(flatten(args))


@builtin("join", 1, None)
def _join(args: Args, context: Context) -> Value:
    return to_string(args[0]).join(flatten(args[1:]))


@builtin("string-length", 0, 1)
def _string_length(args: Args, context: Context) -> Value:
    return float(len(_context_or_arg(args, context)))


@builtin("normalize-space", 0, 1)
def _normalize_space(args: Args, context: Context) -> Value:
    # Only XML whitespace collapses: form feed and vertical tab stay.
    return _XML_SPACE.sub(" ", _context_or_arg(args, context)).strip(" ")


@builtin("contains", 2)
def _contains(args: Args, context: Context) -> Value:
    return to_string(args[1]) in to_string(args[0])


@builtin("starts-with", 2)
def _starts_with(args: Args, context: Context) -> Value:
    return to_string(args[0]).startswith(to_string(args[1]))


@builtin("ends-with", 2)
def _ends_with(args: Args, context: Context) -> Value:
    return to_string(args[0]).endswith(to_string(args[1]))


@builtin("substring-before", 2)
def _substring_before(args: Args, context: Context) -> Value:
    text, needle = to_string(args[0]), to_string(args[1])
    found = text.find(needle)
    return text[:found] if found >= 0 else ""


@builtin("substring-after", 2)
def _substring_after(args: Args, context: Context) -> Value:
    text, needle = to_string(args[0]), to_string(args[1])
    found = text.find(needle)
    return text[found + len(needle) :] if found >= 0 else ""


@builtin("substr", 2, 3)
def _substr(args: Args, context: Context) -> Value:
    """JavaRosa's substr: 0-based start and end, negatives counting from the end."""
    text = to_string(args[0])
    start = _java_int(to_number(args[1]))
    end = _java_int(to_number(args[2])) if len(args) == 3 else len(text)
    start = _clamp(start + len(text) if start < 0 else start, len(text))
    end = _clamp(end + len(text) if end < 0 else end, len(text))
    return text[start:end] if start <= end else ""


@builtin("substring", 2, 3)
def _substring(args: Args, context: Context) -> Value:
    """XPath 1.0 substring: 1-based, rounded start and length, characters kept by position."""
    text = to_string(args[0])
    start = _xpath_round(to_number(args[1]))
    end = start + _xpath_round(to_number(args[2])) if len(args) == 3 else math.inf
    return "".join(char for index, char in enumerate(text, 1) if start <= index < end)


@builtin("translate", 3)
def _translate(args: Args, context: Context) -> Value:
    text, source, target = (to_string(arg) for arg in args)
    table: dict[str, str] = {}
    for index, char in enumerate(source):
        table.setdefault(char, target[index] if index < len(target) else "")
    return "".join(table.get(char, char) for char in text)


@builtin("regex", 2)
def _regex(args: Args, context: Context) -> Value:
    return bounded_regex.matches(to_string(args[1]), to_string(args[0]))


def _java_int(number: float) -> int:
    # Java's (int) cast: NaN is 0, infinities saturate, the rest truncates toward zero.
    if math.isnan(number):
        return 0
    if math.isinf(number):
        return 2**31 - 1 if number > 0 else -(2**31)
    return math.trunc(number)


def _clamp(index: int, length: int) -> int:
    return min(max(0, index), length)


def _xpath_round(number: float) -> float:
    if math.isnan(number) or math.isinf(number):
        return number
    return float(math.floor(number + 0.5))

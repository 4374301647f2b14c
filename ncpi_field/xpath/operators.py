"""XPath's operators on values: equality and order as JavaRosa compares, arithmetic as Java does.

Shared by the tree-walking evaluator and the compiled closures, so both apply the same rules.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Final

from ncpi_field.xpath.errors import ExpressionError
from ncpi_field.xpath.values import (
    Atomic,
    NodeSet,
    Value,
    to_boolean,
    to_fractional_days,
    to_number,
    to_string,
)

_NEAR: Final = 1e-12


def union(left: Value, right: Value) -> NodeSet:
    if not isinstance(left, NodeSet) or not isinstance(right, NodeSet):
        raise ExpressionError("'|' joins questions or repeats, not values")
    return NodeSet(left.nodes + right.nodes)


def equal(left: Atomic, right: Atomic) -> bool:
    if type(left) is str and type(right) is str:  # the usual ${q} = 'yes', at once
        return left == right
    # JavaRosa's order: a boolean makes both booleans, else a number makes both numbers.
    if isinstance(left, bool) or isinstance(right, bool):
        return to_boolean(left) == to_boolean(right)
    if isinstance(left, float) or isinstance(right, float):
        a, b = to_number(left), to_number(right)
        return a == b or abs(a - b) < _NEAR
    return to_string(left) == to_string(right)


def _less(left: Atomic, right: Atomic) -> bool:
    return to_fractional_days(left) < to_fractional_days(right)


def _less_equal(left: Atomic, right: Atomic) -> bool:
    return to_fractional_days(left) <= to_fractional_days(right)


COMPARISONS: Final[dict[str, Callable[[Atomic, Atomic], bool]]] = {
    "=": equal,
    "!=": lambda a, b: not equal(a, b),
    "<": _less,
    "<=": _less_equal,
    ">": lambda a, b: _less(b, a),
    ">=": lambda a, b: _less_equal(b, a),
}


def _nodes(value: Value) -> tuple[Atomic, ...]:
    if not isinstance(value, NodeSet):
        return (value,)
    # An empty set compares as one blank node, as JavaRosa unpacks it.
    return value.nodes or ("",)


def compare(test: Callable[[Atomic, Atomic], bool], left: Value, right: Value) -> bool:
    """XPath's existential comparison: true if any pair of nodes passes."""
    return any(test(a, b) for a in _nodes(left) for b in _nodes(right))


def arithmetic(op: str, a: float, b: float) -> float:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "div":
        return divide(a, b)
    return modulo(a, b)


def divide(a: float, b: float) -> float:
    if b != 0:
        return a / b
    if a == 0 or math.isnan(a):
        return math.nan
    return math.copysign(math.inf, a) * math.copysign(1.0, b)


def modulo(a: float, b: float) -> float:
    # Java's % keeps the dividend's sign, like math.fmod; x mod 0 and inf mod x are NaN.
    if b == 0 or math.isinf(a) or math.isnan(a) or math.isnan(b):
        return math.nan
    return math.fmod(a, b)


def is_empty(value: Value) -> bool:
    """coalesce()'s test: blank text or NaN (not Infinity) counts as no value."""
    number = to_number(value) if isinstance(value, float) else 0.0
    return math.isnan(number) or to_string(value) == ""

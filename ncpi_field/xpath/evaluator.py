"""Evaluation of an expression tree against a form: operators, paths and lazy functions."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Final

from ncpi_field.xpath.context import EvaluationContext
from ncpi_field.xpath.errors import ExpressionError, UnknownFunctionError
from ncpi_field.xpath.functions import FUNCTIONS
from ncpi_field.xpath.instances import indexed_repeat, instance_path
from ncpi_field.xpath.nodes import (
    Binary,
    Call,
    Expression,
    FieldRef,
    InstancePath,
    Literal,
    Negate,
    Path,
)
from ncpi_field.xpath.registry import arity_problem
from ncpi_field.xpath.values import (
    Atomic,
    NodeSet,
    Value,
    node_value,
    to_boolean,
    to_fractional_days,
    to_number,
    to_string,
)

_NEAR: Final = 1e-12


def evaluate(expr: Expression, context: EvaluationContext) -> Value:
    """The value of ``expr``; raises ExpressionError for calls it cannot make."""
    if isinstance(expr, Literal):
        return expr.value
    if isinstance(expr, FieldRef):
        return context.field(expr.name)
    if isinstance(expr, Path):
        return _path(expr, context)
    if isinstance(expr, Negate):
        return -to_number(evaluate(expr.operand, context))
    if isinstance(expr, Binary):
        return _binary(expr, context)
    return _call_or_lookup(expr, context)


def _call_or_lookup(expr: Call | InstancePath, context: EvaluationContext) -> Value:
    if isinstance(expr, InstancePath):
        return instance_path(expr, context, evaluate)
    return _call(expr, context)


def _path(path: Path, context: EvaluationContext) -> NodeSet:
    steps = list(path.steps)
    while steps and steps[0] == "." and not path.absolute:
        steps.pop(0)
    if not steps:
        return context.current()
    if steps[-1] in (".", ".."):
        # A group's string value is not something form expressions need: one blank node.
        return NodeSet(("",))
    if len(steps) == 1 and not path.absolute:
        return context.child(steps[0])
    return context.field(steps[-1])


def _binary(expr: Binary, context: EvaluationContext) -> Value:
    if expr.op == "or":
        return to_boolean(evaluate(expr.left, context)) or to_boolean(evaluate(expr.right, context))
    if expr.op == "and":
        return to_boolean(evaluate(expr.left, context)) and to_boolean(
            evaluate(expr.right, context)
        )
    left, right = evaluate(expr.left, context), evaluate(expr.right, context)
    if expr.op == "|":
        return _union(left, right)
    if expr.op in _COMPARISONS:
        return _compare(_COMPARISONS[expr.op], left, right)
    return _arithmetic(expr.op, to_number(left), to_number(right))


def _union(left: Value, right: Value) -> NodeSet:
    if not isinstance(left, NodeSet) or not isinstance(right, NodeSet):
        raise ExpressionError("'|' joins questions or repeats, not values")
    return NodeSet(left.nodes + right.nodes)


def _equal(left: Atomic, right: Atomic) -> bool:
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


_COMPARISONS: Final[dict[str, Callable[[Atomic, Atomic], bool]]] = {
    "=": _equal,
    "!=": lambda a, b: not _equal(a, b),
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


def _compare(test: Callable[[Atomic, Atomic], bool], left: Value, right: Value) -> bool:
    """XPath's existential comparison: true if any pair of nodes passes."""
    return any(test(a, b) for a in _nodes(left) for b in _nodes(right))


def _arithmetic(op: str, a: float, b: float) -> float:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "div":
        return _divide(a, b)
    return _modulo(a, b)


def _divide(a: float, b: float) -> float:
    if b != 0:
        return a / b
    if a == 0 or math.isnan(a):
        return math.nan
    return math.copysign(math.inf, a) * math.copysign(1.0, b)


def _modulo(a: float, b: float) -> float:
    # Java's % keeps the dividend's sign, like math.fmod; x mod 0 and inf mod x are NaN.
    if b == 0 or math.isinf(a) or math.isnan(a) or math.isnan(b):
        return math.nan
    return math.fmod(a, b)


def _call(call: Call, context: EvaluationContext) -> Value:
    problem = arity_problem(call.name, len(call.args))
    if problem:
        raise ExpressionError(problem)
    if call.name == "if":
        chosen = call.args[1] if to_boolean(evaluate(call.args[0], context)) else call.args[2]
        return evaluate(chosen, context)
    if call.name == "coalesce":
        return _coalesce(call, context)
    if call.name == "once":
        return _once(call, context)
    if call.name == "indexed-repeat":
        return indexed_repeat(call, context, evaluate)
    function = FUNCTIONS.get(call.name)
    if function is None:
        raise UnknownFunctionError(call.name)
    return function.implementation([evaluate(arg, context) for arg in call.args], context)


def _is_empty(value: Value) -> bool:
    number = to_number(value) if isinstance(value, float) else 0.0
    return math.isnan(number) or to_string(value) == ""


def _coalesce(call: Call, context: EvaluationContext) -> Value:
    value: Value = ""
    for arg in call.args:
        value = evaluate(arg, context)
        if not _is_empty(value):
            return value
    return value


def _once(call: Call, context: EvaluationContext) -> Value:
    existing = node_value(context.current_value())
    if to_string(existing) != "":
        return existing
    return evaluate(call.args[0], context)

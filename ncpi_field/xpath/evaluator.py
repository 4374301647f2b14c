"""Evaluation of an expression tree against a form: operators, paths and lazy functions."""

from __future__ import annotations

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
from ncpi_field.xpath.operators import COMPARISONS, arithmetic, compare, is_empty, union
from ncpi_field.xpath.registry import arity_problem
from ncpi_field.xpath.values import NodeSet, Value, node_value, to_boolean, to_number, to_string


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
        return union(left, right)
    if expr.op in COMPARISONS:
        return compare(COMPARISONS[expr.op], left, right)
    return arithmetic(expr.op, to_number(left), to_number(right))


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


def _coalesce(call: Call, context: EvaluationContext) -> Value:
    value: Value = ""
    for arg in call.args:
        value = evaluate(arg, context)
        if not is_empty(value):
            return value
    return value


def _once(call: Call, context: EvaluationContext) -> Value:
    existing = node_value(context.current_value())
    if to_string(existing) != "":
        return existing
    return evaluate(call.args[0], context)

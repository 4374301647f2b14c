"""Expressions compiled once into trees of closures: the evaluator's rules, decided in advance.

``evaluate`` walks the tree and asks every node what it is, each time; a form checks the same
few hundred expressions for every record saved or imported. ``compiled(text)`` answers those
questions once per expression and gives a function of the context alone. The rules are the
evaluator's (the operators are shared, choice-list lookups and ``indexed-repeat`` are handed to
it whole), and a law in tests/xpath holds the two equal on random expressions.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Final

from ncpi_field.xpath.context import EvaluationContext
from ncpi_field.xpath.errors import ExpressionError, UnknownFunctionError
from ncpi_field.xpath.evaluator import evaluate
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
from ncpi_field.xpath.operators import COMPARISONS, compare, divide, is_empty, modulo, union
from ncpi_field.xpath.parser import parse
from ncpi_field.xpath.registry import arity_problem
from ncpi_field.xpath.values import (
    Atomic,
    NodeSet,
    Value,
    node_value,
    to_boolean,
    to_number,
    to_string,
)

Compiled = Callable[[EvaluationContext], Value]
_BLANK_NODE: Final = NodeSet(("",))


@functools.lru_cache(maxsize=4096)
def compiled(text: str) -> Compiled:
    """``text`` parsed and compiled; raises ExpressionSyntaxError as ``parse`` does."""
    return compile_expression(parse(text))


def compile_expression(expr: Expression) -> Compiled:
    """A function giving what ``evaluate(expr, context)`` gives, raising what it raises."""
    if isinstance(expr, Literal):
        value = expr.value
        return lambda _context: value
    if isinstance(expr, FieldRef):
        name = expr.name
        return lambda context: context.field(name)
    if isinstance(expr, Path):
        return _path(expr)
    return _compound(expr)


def _compound(expr: Negate | Binary | InstancePath | Call) -> Compiled:
    if isinstance(expr, Negate):
        operand = compile_expression(expr.operand)
        return lambda context: -to_number(operand(context))
    if isinstance(expr, Binary):
        return _binary(expr)
    if isinstance(expr, InstancePath):
        lookup = expr
        return lambda context: instance_path(lookup, context, evaluate)
    return _call(expr)


def _path(path: Path) -> Compiled:
    steps = list(path.steps)
    while steps and steps[0] == "." and not path.absolute:
        steps.pop(0)
    if not steps:
        return lambda context: context.current()
    if steps[-1] in (".", ".."):
        # A group's string value is not something form expressions need: one blank node.
        return lambda _context: _BLANK_NODE
    name = steps[-1]
    if len(steps) == 1 and not path.absolute:
        return lambda context: context.child(name)
    return lambda context: context.field(name)


def _binary(expr: Binary) -> Compiled:
    left, right = compile_expression(expr.left), compile_expression(expr.right)
    op = expr.op
    if op == "or":
        return lambda context: to_boolean(left(context)) or to_boolean(right(context))
    if op == "and":
        return lambda context: to_boolean(left(context)) and to_boolean(right(context))
    if op == "|":
        return lambda context: union(left(context), right(context))
    test = COMPARISONS.get(op)
    if test is None:
        return _arithmetic(op, left, right)
    text = _text(expr.right) if op in ("=", "!=") else None
    if text is not None:
        return _against_text(test, left, text, op == "=")
    return _comparison(test, left, right)


def _comparison(
    test: Callable[[Atomic, Atomic], bool], left: Compiled, right: Compiled
) -> Compiled:
    return lambda context: compared(test, left(context), right(context))


def compared(test: Callable[[Atomic, Atomic], bool], a: Value, b: Value) -> bool:
    """``compare(test, a, b)``, with a set of one node compared as that node: the usual
    ``${q} = 'yes'`` needs no pairing of nodes."""
    if isinstance(a, NodeSet):
        if len(a.nodes) != 1:
            return compare(test, a, b)
        a = a.nodes[0]
    if isinstance(b, NodeSet):
        if len(b.nodes) != 1:
            return compare(test, a, b)
        b = b.nodes[0]
    return test(a, b)


def _text(expr: Expression) -> str | None:
    """The text of a string literal ('yes'); None for anything else."""
    if isinstance(expr, Literal) and isinstance(expr.value, str):
        return expr.value
    return None


def _against_text(
    test: Callable[[Atomic, Atomic], bool], left: Compiled, text: str, equal: bool
) -> Compiled:
    """``${q} = 'yes'``, the commonest rule of all: one text node against text is a plain
    string comparison (what ``equal`` gives two strings); anything else compares as usual."""

    def run(context: EvaluationContext) -> Value:
        a = left(context)
        if isinstance(a, NodeSet) and len(a.nodes) == 1:
            a = a.nodes[0]
        if type(a) is str:
            return (a == text) is equal
        return compared(test, a, text)

    return run


def _arithmetic(op: str, left: Compiled, right: Compiled) -> Compiled:
    # Both sides are evaluated before either is converted, as the evaluator does; conversion
    # cannot fail, so converting each as it comes gives the same.
    if op == "+":
        return lambda context: to_number(left(context)) + to_number(right(context))
    if op == "-":
        return lambda context: to_number(left(context)) - to_number(right(context))
    if op == "*":
        return lambda context: to_number(left(context)) * to_number(right(context))
    if op == "div":
        return lambda context: divide(to_number(left(context)), to_number(right(context)))
    return lambda context: modulo(to_number(left(context)), to_number(right(context)))


def _call(call: Call) -> Compiled:
    problem = arity_problem(call.name, len(call.args))
    if problem:
        return _failing(lambda: ExpressionError(problem))
    args = tuple(compile_expression(arg) for arg in call.args)
    lazy = _lazy(call, args)
    if lazy is not None:
        return lazy
    function = FUNCTIONS.get(call.name)
    if function is None:
        name = call.name
        return _failing(lambda: UnknownFunctionError(name))
    implementation = function.implementation
    return lambda context: implementation([arg(context) for arg in args], context)


def _lazy(call: Call, args: tuple[Compiled, ...]) -> Compiled | None:
    """The functions that must not evaluate every argument; None for the others."""
    if call.name == "if":
        return _if(*args)
    if call.name == "coalesce":
        return _coalesce(args)
    if call.name == "once":
        return _once(args[0])
    if call.name == "indexed-repeat":
        return lambda context: indexed_repeat(call, context, evaluate)
    return None


def _failing(error: Callable[[], ExpressionError]) -> Compiled:
    """A call that cannot be made fails when evaluated, not when compiled (an untaken
    branch of ``if()`` may hold one)."""

    def run(_context: EvaluationContext) -> Value:
        raise error()

    return run


def _if(condition: Compiled, chosen: Compiled, otherwise: Compiled) -> Compiled:
    return lambda context: chosen(context) if to_boolean(condition(context)) else otherwise(context)


def _coalesce(args: tuple[Compiled, ...]) -> Compiled:
    def run(context: EvaluationContext) -> Value:
        value: Value = ""
        for arg in args:
            value = arg(context)
            if not is_empty(value):
                return value
        return value

    return run


def _once(arg: Compiled) -> Compiled:
    def run(context: EvaluationContext) -> Value:
        existing = node_value(context.current_value())
        if to_string(existing) != "":
            return existing
        return arg(context)

    return run

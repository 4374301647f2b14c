"""The XPath 1.0 + ODK expression engine: parse, inspect and evaluate form expressions."""

from __future__ import annotations

from ncpi_field.xpath.context import EmptyContext, EvaluationContext
from ncpi_field.xpath.errors import ExpressionError, ExpressionSyntaxError, UnknownFunctionError
from ncpi_field.xpath.evaluator import evaluate
from ncpi_field.xpath.functions import check_functions, function_problems, known_functions
from ncpi_field.xpath.nodes import Expression, FieldRef, Path, walk
from ncpi_field.xpath.parser import parse
from ncpi_field.xpath.values import (
    Atomic,
    NodeSet,
    RawValue,
    Value,
    node_value,
    to_boolean,
    to_number,
    to_string,
)

__all__ = [
    "Atomic",
    "EmptyContext",
    "EvaluationContext",
    "Expression",
    "ExpressionError",
    "ExpressionSyntaxError",
    "NodeSet",
    "RawValue",
    "UnknownFunctionError",
    "Value",
    "check_functions",
    "evaluate",
    "function_problems",
    "known_functions",
    "node_value",
    "parse",
    "references",
    "to_boolean",
    "to_number",
    "to_string",
]


def references(expr: Expression) -> frozenset[str]:
    """The field names ``expr`` reads: ``${name}`` and the last step of ``..`` or ``/`` paths."""
    names: set[str] = set()
    for node in walk(expr):
        if isinstance(node, FieldRef):
            names.add(node.name)
        elif isinstance(node, Path) and _resolves_through_field(node):
            names.add(node.steps[-1])
    return frozenset(names)


def _resolves_through_field(path: Path) -> bool:
    named = [step for step in path.steps if step not in (".", "..")]
    if not named or path.steps[-1] in (".", ".."):
        return False
    return path.absolute or ".." in path.steps or len(named) > 1

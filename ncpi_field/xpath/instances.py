"""Lookups into choice lists (``instance('list')/root/item[...]``) and ``indexed-repeat()``.

Both need the evaluator to evaluate sub-expressions in a context of their own, so they take the
evaluating function rather than import the evaluator (which imports them).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence

from ncpi_field.xpath.context import EvaluationContext
from ncpi_field.xpath.errors import ExpressionError
from ncpi_field.xpath.fn_numbers import java_int
from ncpi_field.xpath.nodes import Binary, Call, Expression, FieldRef, InstancePath, Path, walk
from ncpi_field.xpath.values import NodeSet, RawValue, Value, to_boolean, to_number

# Functions that, called with no argument, read the node being filtered.
_ITEM_READERS = frozenset(
    {"position", "name", "local-name", "string", "number", "string-length", "normalize-space"}
)
Evaluate = Callable[[Expression, EvaluationContext], Value]


class _ItemContext:
    """Inside ``item[...]``: bare names are the item's columns; the rest is the form's."""

    def __init__(self, outer: EvaluationContext, item: Mapping[str, str], position: int) -> None:
        self._outer = outer
        self._item = item
        self._position = position

    def field(self, name: str) -> NodeSet:
        return self._outer.field(name)

    def current(self) -> NodeSet:
        return NodeSet((self._item.get("name", ""),))

    def child(self, name: str) -> NodeSet:
        return NodeSet((self._item[name],)) if name in self._item else NodeSet(())

    def position(self) -> int:
        return self._position

    def choice_label(self, field_name: str, value: str) -> str:
        return self._outer.choice_label(field_name, value)

    def instance_rows(self, list_name: str) -> Sequence[Mapping[str, str]] | None:
        return self._outer.instance_rows(list_name)

    def indexed_field(self, name: str, picks: Sequence[tuple[str, int]]) -> NodeSet:
        return self._outer.indexed_field(name, picks)

    def now(self) -> dt.datetime:
        return self._outer.now()

    def current_value(self) -> RawValue:
        return self._outer.current_value()


def instance_path(path: InstancePath, context: EvaluationContext, evaluate: Evaluate) -> NodeSet:
    rows = context.instance_rows(path.list_name)
    if rows is None:
        raise ExpressionError(f"the form has no choice list named '{path.list_name}'")
    items = list(rows)
    for predicate in path.predicates:
        matched = _matched_by_equality(predicate, items, context, evaluate)
        if matched is not None:
            items = matched
            continue
        kept = []
        for position, item in enumerate(items, start=1):
            value = evaluate(predicate, _ItemContext(context, item, position))
            # A number picks by position, as XPath does: item[1] is the first.
            if isinstance(value, float) and not isinstance(value, bool):
                if value == position:
                    kept.append(item)
            elif to_boolean(value):
                kept.append(item)
        items = kept
    column = path.column or "name"
    return NodeSet(tuple(item[column] for item in items if column in item))


def _matched_by_equality(
    predicate: Expression,
    items: list[Mapping[str, str]],
    context: EvaluationContext,
    evaluate: Evaluate,
) -> list[Mapping[str, str]] | None:
    """``item[column = ${q}]``, the usual lookup, without evaluating the predicate per item.

    The other side reads nothing of the item, so it is evaluated once; when its value is text
    (not a number or boolean, which compare numerically) the items are matched by their column's
    text. None when the predicate has another shape: the caller evaluates it item by item.
    """
    if not isinstance(predicate, Binary) or predicate.op != "=":
        return None
    for side, other in ((predicate.left, predicate.right), (predicate.right, predicate.left)):
        column = _column(side)
        if column is None or not _item_free(other):
            continue
        value = evaluate(other, context)
        nodes = (value.nodes or ("",)) if isinstance(value, NodeSet) else (value,)
        if not all(isinstance(node, str) for node in nodes):
            return None
        keys = frozenset(str(node) for node in nodes)
        # A missing column is an empty node-set, which compares as blank.
        return [item for item in items if item.get(column, "") in keys]
    return None


def _column(expr: Expression) -> str | None:
    if isinstance(expr, Path) and not expr.absolute and len(expr.steps) == 1:
        step = expr.steps[0]
        return None if step in (".", "..") else step
    return None


def _item_free(expr: Expression) -> bool:
    """True when ``expr`` reads nothing of the item it filters (no bare names, '.', position)."""
    for part in walk(expr):
        if isinstance(part, Path) and not part.absolute:
            return False
        if isinstance(part, InstancePath | Call) and not _pure_call(part):
            return False
    return True


def _pure_call(part: InstancePath | Call) -> bool:
    # position() and current-node functions read the item; everything else reads the form.
    if isinstance(part, InstancePath):
        return False  # a nested lookup's own predicates are evaluated in its own items
    return part.name not in (
        "position",
        "name",
        "local-name",
        "string",
        "number",
        "string-length",
        "normalize-space",
    )


def _named(expr: Expression, what: str) -> str:
    if isinstance(expr, FieldRef):
        return expr.name
    if isinstance(expr, Path) and expr.steps and expr.steps[-1] not in (".", ".."):
        return expr.steps[-1]
    raise ExpressionError(f"indexed-repeat() needs {what} written as ${{name}}")


def indexed_repeat(call: Call, context: EvaluationContext, evaluate: Evaluate) -> NodeSet:
    """``indexed-repeat(${q}, ${repeat}, n[, ${inner}, m]...)``: q in the n-th repeat entry."""
    if len(call.args) % 2 == 0:
        raise ExpressionError(
            "indexed-repeat() takes a question, then pairs of a repeat and a position"
        )
    name = _named(call.args[0], "the question")
    picks = []
    for repeat, index in zip(call.args[1::2], call.args[2::2], strict=True):
        number = java_int(to_number(evaluate(index, context)))
        if not math.isfinite(number) or number < 1:
            return NodeSet(())  # no entry at that position: nothing, as JavaRosa gives
        picks.append((_named(repeat, "each repeat"), int(number) - 1))
    return context.indexed_field(name, picks)

"""The expression tree: frozen dataclasses the parser builds and the evaluator walks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Literal:
    """A string or number written in the expression."""

    value: str | float


@dataclass(frozen=True)
class FieldRef:
    """An XLSForm ``${name}`` reference to another question or group."""

    name: str


@dataclass(frozen=True)
class Path:
    """A location path: ``.``, ``..``, ``kind``, ``../x`` or ``/data/a/b`` (no predicates)."""

    absolute: bool
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Call:
    """A function call; ``name`` keeps its prefix (``jr:choice-name``)."""

    name: str
    args: tuple[Expression, ...]


@dataclass(frozen=True)
class InstancePath:
    """A lookup into a choice list: ``instance('list')/root/item[predicate]/column``.

    ``predicates`` filter the list's items in turn (a number picks the item at that 1-based
    position, as in XPath); ``column`` is the child read from each item left (``label``,
    ``name`` or another column), None for the items' names.
    """

    list_name: str
    predicates: tuple[Expression, ...]
    column: str | None


@dataclass(frozen=True)
class Binary:
    """A binary operator: or, and, =, !=, <, <=, >, >=, +, -, *, div, mod, |."""

    op: str
    left: Expression
    right: Expression


@dataclass(frozen=True)
class Negate:
    """Unary minus."""

    operand: Expression


Expression = Literal | FieldRef | Path | Call | InstancePath | Binary | Negate


def children(expr: Expression) -> tuple[Expression, ...]:
    """The direct sub-expressions of ``expr``."""
    if isinstance(expr, Call):
        return expr.args
    if isinstance(expr, Binary):
        return (expr.left, expr.right)
    if isinstance(expr, Negate):
        return (expr.operand,)
    if isinstance(expr, InstancePath):
        return expr.predicates
    return ()


def walk(expr: Expression) -> list[Expression]:
    """Every node of the tree, parents before children."""
    found: list[Expression] = []
    pending = [expr]
    while pending:
        node = pending.pop()
        found.append(node)
        pending.extend(reversed(children(node)))
    return found


def depth(expr: Expression) -> int:
    """How many levels the tree has (a literal alone is 1)."""
    deepest = 0
    pending = [(expr, 1)]
    while pending:
        node, level = pending.pop()
        deepest = max(deepest, level)
        pending.extend((child, level + 1) for child in children(node))
    return deepest

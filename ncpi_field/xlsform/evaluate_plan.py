"""What evaluating a form needs of its spec, worked out once per spec: each cell's compiled rules.

For every cell of every record, ``FormState`` used to look up the node, test each bind column for
an expression, find where the node's group sat, and parse and walk each expression anew. None
of that depends on the answers: the plan holds it, built once with the layout and the graph,
so evaluating a record is running the steps in order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ncpi_field.xlsform.evaluate_answers import FormLayout
from ncpi_field.xlsform.evaluate_context import row_column
from ncpi_field.xlsform.evaluate_graph import DependencyGraph
from ncpi_field.xlsform.spec import Choice, Node, Question
from ncpi_field.xpath import EvaluationContext, ExpressionError, Value, evaluate, parse
from ncpi_field.xpath.compiler import Compiled, compared, compile_expression, compiled
from ncpi_field.xpath.nodes import Binary, Call, Expression, FieldRef, Literal, Path
from ncpi_field.xpath.operators import COMPARISONS
from ncpi_field.xpath.values import Atomic


@dataclass(frozen=True)
class Rule:
    """One bind column's expression, compiled; ``column`` names it in expression errors."""

    column: str
    run: Compiled
    # The value of an expression that reads nothing ('true()', a literal), known without a run.
    constant: Atomic | None = None


@dataclass(frozen=True)
class RowMatch:
    """A choice filter of the usual shape, ``column = ${question}`` (or a literal, or another
    comparison): the question is read once per select rather than once per choice, and each
    choice's column is compared with it as the filter itself compares."""

    column: str
    test: Callable[[Atomic, Atomic], bool]
    other: Compiled  # reads no choice row: a ${question} or a literal
    column_first: bool  # which side of the operator the column is on

    def keeps(self, row: Choice, other: Value, language: str | None) -> bool:
        column = row_column(row, self.column, language)
        if self.column_first:
            return compared(self.test, column, other)
        return compared(self.test, other, column)


@dataclass(frozen=True)
class StateStep:
    """A node's relevance (under its group's) and its calculation: what other cells read."""

    name: str
    in_repeat: bool
    parent: str | None
    parent_depth: int  # how many repeat indexes the parent's instance keeps
    relevant: Rule | None
    calculate: Rule | None


@dataclass(frozen=True)
class ChecksStep:
    """A question's requirement, read-only flag, constraint and offered choices."""

    name: str
    in_repeat: bool
    required: Rule | None
    readonly: Rule | None
    constraint: Rule | None
    choice_filter: Rule | None
    row_match: RowMatch | None  # the choice filter's shape, when it is the usual one
    choices: tuple[Choice, ...] | None  # its choice list; None when it has none
    choice_names: tuple[str, ...]  # every choice's name, offered when there is no filter


Step = StateStep | ChecksStep


@dataclass(frozen=True)
class EvaluationPlan:
    """Every step in dependency order, each cell's step by name, the questions in form order."""

    order: tuple[Step, ...]
    state: Mapping[str, StateStep]
    checks: Mapping[str, ChecksStep]
    questions: tuple[Question, ...]

    @classmethod
    def of(cls, layout: FormLayout, graph: DependencyGraph) -> EvaluationPlan:
        state = {name: _state_step(layout, node) for name, node in layout.nodes.items()}
        checks = {
            name: _checks_step(layout, node)
            for name, node in layout.nodes.items()
            if isinstance(node, Question)  # a group has no checks to compute
        }
        order: list[Step] = []
        for part, name in graph.order:
            step = state.get(name) if part == "state" else checks.get(name)
            if step is not None:
                order.append(step)
        return cls(tuple(order), state, checks, tuple(layout.spec.questions()))


def _state_step(layout: FormLayout, node: Node) -> StateStep:
    parent = layout.parent[node.name]
    return StateStep(
        node.name,
        bool(layout.chain[node.name]),
        parent,
        len(layout.chain[parent]) if parent is not None else 0,
        rule("relevant", node.bind.relevant),
        rule("calculate", node.bind.calculate),
    )


def _checks_step(layout: FormLayout, question: Question) -> ChecksStep:
    name = question.list_name
    listed = layout.spec.choices.get(name) if name is not None else None
    bind = question.bind
    return ChecksStep(
        question.name,
        bool(layout.chain[question.name]),
        rule("required", bind.required),
        rule("readonly", bind.readonly),
        rule("constraint", bind.constraint),
        rule("choice_filter", bind.choice_filter),
        _row_match(bind.choice_filter),
        None if listed is None else listed.choices,
        () if listed is None else tuple(choice.name for choice in listed.choices),
    )


def rule(column: str, text: str | None) -> Rule | None:
    """The compiled rule of one bind column; None when the column is empty."""
    if not text:
        return None
    try:
        expr = parse(text)
    except ExpressionError:
        return Rule(column, _unparsable(text))
    return Rule(column, compiled(text), _constant(expr))


def _constant(expr: Expression) -> Atomic | None:
    if isinstance(expr, Literal):
        return expr.value
    if isinstance(expr, Call) and expr.name in ("true", "false") and not expr.args:
        return expr.name == "true"
    return None


def _row_match(text: str | None) -> RowMatch | None:
    try:
        expr = parse(text) if text else None
    except ExpressionError:
        return None
    if not isinstance(expr, Binary) or expr.op not in COMPARISONS:
        return None
    for side, other, column_first in (
        (expr.left, expr.right, True),
        (expr.right, expr.left, False),
    ):
        column = _bare_name(side)
        # Only reads that cannot fail and cannot differ between rows are read once.
        if column is not None and isinstance(other, FieldRef | Literal):
            test = COMPARISONS[expr.op]
            return RowMatch(column, test, compile_expression(other), column_first)
    return None


def _bare_name(expr: Expression) -> str | None:
    """The column a bare relative name (``framework``) reads of a choice row, else None."""
    if isinstance(expr, Path) and not expr.absolute and len(expr.steps) == 1:
        step = expr.steps[0]
        return None if step in (".", "..") else step
    return None


def _unparsable(text: str) -> Compiled:
    """An expression that does not parse fails each time it is evaluated, with parse's words."""

    def run(context: EvaluationContext) -> Value:
        return evaluate(parse(text), context)

    return run

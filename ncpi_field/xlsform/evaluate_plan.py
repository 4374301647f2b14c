"""What evaluating a form needs of its spec, worked out once per spec: each cell's compiled rules.

For every cell of every record, ``FormState`` used to look up the node, test each bind column for
an expression, find where the node's group sat, and parse and walk each expression anew. None
of that depends on the answers: the plan holds it, built once with the layout and the graph,
so evaluating a record is running the steps in order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ncpi_field.xlsform.evaluate_answers import FormLayout
from ncpi_field.xlsform.evaluate_graph import DependencyGraph
from ncpi_field.xlsform.spec import Choice, Node, Question
from ncpi_field.xpath import EvaluationContext, ExpressionError, Value, evaluate, parse
from ncpi_field.xpath.compiler import Compiled, compiled


@dataclass(frozen=True)
class Rule:
    """One bind column's expression, compiled; ``column`` names it in expression errors."""

    column: str
    run: Compiled


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
        None if listed is None else listed.choices,
        () if listed is None else tuple(choice.name for choice in listed.choices),
    )


def rule(column: str, text: str | None) -> Rule | None:
    """The compiled rule of one bind column; None when the column is empty."""
    if not text:
        return None
    try:
        return Rule(column, compiled(text))
    except ExpressionError:
        return Rule(column, _unparsable(text))


def _unparsable(text: str) -> Compiled:
    """An expression that does not parse fails each time it is evaluated, with parse's words."""

    def run(context: EvaluationContext) -> Value:
        return evaluate(parse(text), context)

    return run

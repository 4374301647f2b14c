"""The form engine as it was before expressions were compiled: the reference the laws compare to.

Kept as it stood (main, 30 November 2026): every cell of every record parsed and walked by
``ncpi_field.xpath.evaluate``, each bind column looked up by name, fields read by listing their
instances, each answer level flattened on every read, issues read through the public accessors.
Only what that change replaced is copied here; the modules it left alone are imported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ncpi_field.xlsform.evaluate import _blank, _stored
from ncpi_field.xlsform.evaluate_answers import AnswerTree, FormLayout, Instance, Slot
from ncpi_field.xlsform.evaluate_context import FormContext, FormReader
from ncpi_field.xlsform.evaluate_graph import Cell, DependencyGraph
from ncpi_field.xlsform.spec import Choice, Group, Node, Question
from ncpi_field.xlsform.validate import (
    CHOICE_MESSAGE,
    CONSTRAINT_MESSAGE,
    EXPRESSION_MESSAGE,
    REQUIRED_MESSAGE,
    UNKNOWN_MESSAGE,
    Issue,
    IssueKind,
    _message,
    _tokens,
    _type_problem,
)
from ncpi_field.xpath import ExpressionError, NodeSet, Value, evaluate, parse, to_boolean


class ReferenceContext(FormContext):
    """Fields read by listing every instance; a choice row's columns looked up in place."""

    def field(self, name: str) -> NodeSet:
        layout = self.reader.tree.layout
        if name not in layout.nodes:
            return NodeSet(("",))
        there = layout.chain[name]
        there = there[:-1] if layout.is_repeat(name) else there
        shared = _shared_depth(layout.chain[self.name], there)
        prefix = self.instance[:shared]
        found = [i for i in self.reader.tree.instances(name) if i[:shared] == prefix]
        return NodeSet.of(self.reader.value(name, instance) for instance in found)

    def child(self, name: str) -> NodeSet:
        if self.row is None:
            return NodeSet(())
        if name == "name":
            return NodeSet((self.row.name,))
        if name in self.row.columns:
            return NodeSet((self.row.columns[name],))
        if name == "label":
            return NodeSet((self.row.label.get(self.reader.language),))
        return NodeSet(())


class ReferenceTree(AnswerTree):
    """Answers read by flattening each level's nodes anew."""

    def _read(self, nodes: Sequence[Node], answers: Mapping[str, Any], at: Instance) -> None:
        known = {node.name for node in _flat(nodes)}
        self.unknown.extend(sorted(name for name in answers if name not in known))
        for node in _flat(nodes):
            if isinstance(node, Group):
                self._read_repeat(node, answers.get(node.name), at)
            elif node.name in answers:
                self.values[(node.name, at)] = answers[node.name]


class ReferenceState:
    """Full evaluation of one record, cell by cell, as FormState did it."""

    def __init__(
        self, layout: FormLayout, answers: Mapping[str, Any], language: str, now: dt.datetime
    ) -> None:
        self.spec = layout.spec
        self.language = language
        self._layout = layout
        self._graph = DependencyGraph.of(layout)
        self._tree = ReferenceTree.from_json(layout, answers)
        self._clock = lambda: now
        self._relevant: dict[Slot, bool] = {}
        self._required: dict[Slot, bool] = {}
        self._readonly: dict[Slot, bool] = {}
        self._constraint_ok: dict[Slot, bool] = {}
        self._choices: dict[Slot, tuple[str, ...]] = {}
        self._errors: dict[tuple[Slot, str], str] = {}
        for cell in self._graph.order:
            self._compute(cell)

    def _compute(self, cell: Cell) -> None:
        part, name = cell
        node = self._layout.nodes[name]
        for instance in self._tree.instances(name):
            if part == "state":
                self._compute_state(node, instance)
            elif isinstance(node, Question):
                self._compute_checks(node, instance)

    def _compute_state(self, node: Node, instance: Instance) -> None:
        slot = (node.name, instance)
        parent = self._layout.parent[node.name]
        shown = parent is None or self._relevant.get(
            (parent, self._layout.parent_instance(node.name, instance)), True
        )
        relevant = shown and self._truth(node, instance, "relevant", default=True)
        self._relevant[slot] = relevant
        if node.bind.calculate and relevant:
            value = self._value(node, instance, "calculate")
            if value is not None:
                self._tree.values[slot] = _stored(value)

    def _compute_checks(self, question: Question, instance: Instance) -> None:
        slot = (question.name, instance)
        relevant = self._relevant.get(slot, True)
        self._required[slot] = relevant and self._truth(question, instance, "required", False)
        self._readonly[slot] = self._truth(question, instance, "readonly", default=False)
        answered = not _blank(self._tree.values.get(slot))
        checked = relevant and answered
        self._constraint_ok[slot] = not checked or self._truth(question, instance, "constraint")
        if question.list_name in self.spec.choices:
            self._choices[slot] = self._filter_choices(question, instance) if relevant else ()

    def _filter_choices(self, question: Question, instance: Instance) -> tuple[str, ...]:
        assert question.list_name is not None
        choices = self.spec.choices[question.list_name].choices
        if not question.bind.choice_filter:
            return tuple(choice.name for choice in choices)
        return tuple(
            choice.name
            for choice in choices
            if self._truth(question, instance, "choice_filter", default=False, row=choice)
        )

    def _truth(
        self,
        node: Node,
        instance: Instance,
        column: str,
        default: bool = True,
        row: Choice | None = None,
    ) -> bool:
        value = self._value(node, instance, column, row)
        return default if value is None else to_boolean(value)

    def _value(
        self, node: Node, instance: Instance, column: str, row: Choice | None = None
    ) -> Value | None:
        text: str | None = getattr(node.bind, column)
        key = ((node.name, instance), column)
        if row is None:
            self._errors.pop(key, None)
        if not text:
            return None
        reader = FormReader(self._tree, self._relevant, self.language, self._clock)
        try:
            return evaluate(parse(text), ReferenceContext(reader, node.name, instance, row))
        except ExpressionError as error:
            self._errors[key] = str(error)
            return None

    def snapshot(self) -> dict[str, Any]:
        return {
            "values": dict(self._tree.values),
            "relevant": dict(self._relevant),
            "required": dict(self._required),
            "readonly": dict(self._readonly),
            "constraint_ok": dict(self._constraint_ok),
            "choices": dict(self._choices),
            "errors": dict(self._errors),
        }

    def issues(self) -> list[Issue]:
        found = [Issue(name, "unknown", UNKNOWN_MESSAGE) for name in self._tree.unknown]
        for question in self.spec.questions():
            for instance in self._tree.instances(question.name):
                found.extend(self._question_issues(question, instance))
        return found

    def _question_issues(self, question: Question, instance: Instance) -> list[Issue]:
        slot = (question.name, instance)
        if not self._relevant.get(slot, True):
            return []
        index = instance[-1] if instance else None
        found = [
            Issue(question.name, "expression", EXPRESSION_MESSAGE.format(reason=reason), index)
            for ((name, at), _column), reason in self._errors.items()
            if name == question.name and at == instance
        ]
        if not question.takes_input:
            return found
        problem = self._answer_problem(question, slot)
        if problem is not None:
            kind, message = problem
            found.append(Issue(question.name, kind, message, index))
        return found

    def _answer_problem(self, question: Question, slot: Slot) -> tuple[IssueKind, str] | None:
        value = self._tree.values.get(slot)
        if _blank(value):
            if self._required.get(slot, False):
                return "required", _message(question.bind.required_message, self, REQUIRED_MESSAGE)  # type: ignore[arg-type]
            return None
        problem = None if question.bind.calculate else _type_problem(question, value)
        if problem is not None:
            return problem
        offered = self._choices.get(slot)
        if offered is not None and not set(_tokens(value)) <= set(offered):
            return "choice", CHOICE_MESSAGE
        if not self._constraint_ok.get(slot, True):
            message = _message(question.bind.constraint_message, self, CONSTRAINT_MESSAGE)  # type: ignore[arg-type]
            return "constraint", message
        return None


def _flat(nodes: Sequence[Node]) -> Iterator[Node]:
    for node in nodes:
        if isinstance(node, Group) and not node.repeat:
            yield from _flat(node.children)
        else:
            yield node


def _shared_depth(here: tuple[str, ...], there: tuple[str, ...]) -> int:
    depth = 0
    while depth < min(len(here), len(there)) and here[depth] == there[depth]:
        depth += 1
    return depth

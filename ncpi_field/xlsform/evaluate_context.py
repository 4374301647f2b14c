"""The EvaluationContext a form gives its expressions: answers as typed nodes, by instance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ncpi_field.xlsform.evaluate_answers import AnswerTree, Instance
from ncpi_field.xlsform.rowtypes import file_of_list
from ncpi_field.xlsform.spec import Choice, ChoiceList, FormSpec, Question
from ncpi_field.xpath import ExpressionError, NodeSet, RawValue, node_value
from ncpi_field.xpath.fn_dates import parse_date_time


def typed(question: Question | None, raw: RawValue) -> RawValue:
    """An answer as JavaRosa types its node: date questions give dates, others as stored."""
    if question is None or not isinstance(raw, str) or question.kind not in ("date", "dateTime"):
        return raw
    parsed = parse_date_time(raw)
    return raw if parsed is None else parsed


@dataclass(frozen=True)
class FormReader:
    """What an expression may read of a form: answers, computed relevance and values."""

    tree: AnswerTree
    relevant: Mapping[tuple[str, Instance], bool]
    language: str | None
    clock: Callable[[], dt.datetime]

    def value(self, name: str, instance: Instance) -> RawValue:
        """The node's value as expressions see it: blank when it or a group is not relevant."""
        if not self.relevant.get((name, instance), True):
            return ""
        if self.tree.layout.is_repeat(name) or name not in self.tree.layout.nodes:
            return ""
        raw = self.tree.values.get((name, instance))
        return typed(self.tree.layout.question(name), raw)

    def value_outside_repeats(self, name: str) -> RawValue:
        """``value(name, ())`` for a node in no repeat (so a node, and not a repeat itself)."""
        slot = (name, ())
        if not self.relevant.get(slot, True):
            return ""
        raw = self.tree.values.get(slot)
        return (
            typed(self.tree.layout.question(name), raw) if name in self.tree.layout.dated else raw
        )


class FormContext:
    """The context of one expression: the node it belongs to, its instance, a choice row.

    A plain class with slots rather than a frozen dataclass: one is made for every expression
    evaluated, and a frozen dataclass's __init__ costs several times as much.
    """

    __slots__ = ("instance", "name", "reader", "row")

    def __init__(
        self, reader: FormReader, name: str, instance: Instance, row: Choice | None = None
    ) -> None:
        self.reader = reader
        self.name = name
        self.instance = instance
        self.row = row

    def field(self, name: str) -> NodeSet:
        layout = self.reader.tree.layout
        there = layout.chain.get(name)  # every node has a chain, () outside repeats
        if there is None:
            return NodeSet(("",))
        if not there:  # outside every repeat: its one node, wherever it is read from
            return NodeSet((node_value(self.reader.value_outside_repeats(name)),))
        # A repeat named from inside itself means all its instances: count(${visits}).
        there = there[:-1] if layout.is_repeat(name) else there
        shared = _shared_depth(layout.chain[self.name], there)
        prefix = self.instance[:shared]
        found = [i for i in self.reader.tree.instances(name) if i[:shared] == prefix]
        return NodeSet.of(self.reader.value(name, instance) for instance in found)

    def current(self) -> NodeSet:
        if self.row is not None:
            return NodeSet((self.row.name,))
        return NodeSet.of([self.reader.value(self.name, self.instance)])

    def child(self, name: str) -> NodeSet:
        if self.row is None:
            return NodeSet(())
        return row_column(self.row, name, self.reader.language)

    def position(self) -> int:
        return self.instance[-1] + 1 if self.instance else 1

    def choice_label(self, field_name: str, value: str) -> str:
        layout = self.reader.tree.layout
        question = layout.question(field_name)
        choices = layout.spec.choices.get(question.list_name or "") if question else None
        return choices.label_of(value, self.reader.language) if choices else ""

    def instance_rows(self, list_name: str) -> Sequence[Mapping[str, str]] | None:
        listed = choice_list_named(self.reader.tree.layout.spec, list_name)
        return None if listed is None else listed.items(self.reader.language)

    def indexed_field(self, name: str, picks: Sequence[tuple[str, int]]) -> NodeSet:
        layout = self.reader.tree.layout
        if name not in layout.nodes:
            return NodeSet(("",))
        chain = layout.chain[name]
        wanted: dict[int, int] = {}
        for repeat, index in picks:
            if repeat not in chain:
                raise ExpressionError(f"the repeat '{repeat}' does not hold '{name}'")
            wanted[chain.index(repeat)] = index
        # Repeats not picked stay the ones this expression is in, as in field().
        shared = _shared_depth(layout.chain[self.name], chain)
        for depth in range(shared):
            wanted.setdefault(depth, self.instance[depth])
        found = [
            instance
            for instance in self.reader.tree.instances(name)
            if all(instance[depth] == index for depth, index in wanted.items())
        ]
        return NodeSet.of(self.reader.value(name, instance) for instance in found)

    def now(self) -> dt.datetime:
        return self.reader.clock()

    def current_value(self) -> RawValue:
        return self.reader.tree.values.get((self.name, self.instance))


def row_column(row: Choice, name: str, language: str | None) -> NodeSet:
    """A bare name inside a choice filter: the choice row's column (its name, a column of the
    choices sheet, or its label in ``language``); no node when the row has no such column."""
    if name == "name":
        return NodeSet((row.name,))
    if name in row.columns:
        return NodeSet((row.columns[name],))
    if name == "label":
        return NodeSet((row.label.get(language),))
    return NodeSet(())


def choice_list_named(spec: FormSpec, name: str) -> ChoiceList | None:
    """A choices-sheet list by name, or a choice file's by its stem ('cities' for cities.csv),
    as ODK names the instance of an attached file."""
    listed = spec.choices.get(name)
    if listed is not None:
        return listed
    found = None
    for list_name, file_list in spec.choices.items():
        file_name = file_of_list(list_name)
        if file_name is not None and file_name.rsplit(".", 1)[0] == name:
            if list_name == file_name:
                return file_list  # read with name and label: the file as it is
            found = found or file_list  # every reading of a file has all its columns
    return found


def _shared_depth(here: tuple[str, ...], there: tuple[str, ...]) -> int:
    """How many enclosing repeats two nodes share: those instances are fixed to ours."""
    depth = 0
    while depth < min(len(here), len(there)) and here[depth] == there[depth]:
        depth += 1
    return depth

"""A form's answers as slots (question, repeat instance), read from and written back to JSON."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ncpi_field.errors import InvalidRecord
from ncpi_field.xlsform.spec import FormSpec, Group, Node, Question
from ncpi_field.xpath import RawValue

# Indexes (0-based) of the enclosing repeat instances, outermost first; () at the top level.
Instance = tuple[int, ...]
Slot = tuple[str, Instance]
Answers = dict[str, Any]


@dataclass(frozen=True)
class Level:
    """One level of answers: plain groups do not nest them, repeats do."""

    nodes: Sequence[Node]  # the spec's own children tuple this level was read from
    answered: tuple[Node, ...]
    names: frozenset[str]


@dataclass(frozen=True)
class FormLayout:
    """Where each node sits: its enclosing group and the repeats that hold it."""

    spec: FormSpec
    nodes: Mapping[str, Node]
    parent: Mapping[str, str | None]
    chain: Mapping[str, tuple[str, ...]]  # enclosing repeats, the node itself if a repeat
    dated: frozenset[str]  # date and dateTime questions: their answers are read as dates
    # level()'s answers by the identity of the spec's node tuple (the layout holds the spec).
    _levels: dict[int, Level] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, spec: FormSpec) -> FormLayout:
        nodes: dict[str, Node] = {}
        parent: dict[str, str | None] = {}
        chain: dict[str, tuple[str, ...]] = {}
        for groups, node in spec.walk():
            nodes[node.name] = node
            parent[node.name] = groups[-1].name if groups else None
            repeats = tuple(group.name for group in groups if group.repeat)
            is_repeat = isinstance(node, Group) and node.repeat
            chain[node.name] = (*repeats, node.name) if is_repeat else repeats
        dated = frozenset(
            name
            for name, node in nodes.items()
            if isinstance(node, Question) and node.kind in ("date", "dateTime")
        )
        return cls(spec, nodes, parent, chain, dated)

    def question(self, name: str) -> Question | None:
        node = self.nodes.get(name)
        return node if isinstance(node, Question) else None

    def is_repeat(self, name: str) -> bool:
        node = self.nodes.get(name)
        return isinstance(node, Group) and node.repeat

    def level(self, nodes: Sequence[Node]) -> Level:
        """The questions and repeats answered at one level of ``nodes``, and their names;
        worked out once per level, as every record read walks the same levels."""
        found = self._levels.get(id(nodes))
        if found is None or found.nodes is not nodes:
            flat = tuple(_flat(nodes))
            found = Level(nodes, flat, frozenset(node.name for node in flat))
            self._levels[id(nodes)] = found
        return found

    def parent_instance(self, name: str, instance: Instance) -> Instance:
        """The instance of ``name``'s enclosing group that holds ``instance``."""
        parent = self.parent[name]
        return () if parent is None else instance[: len(self.chain[parent])]


class AnswerTree:
    """Every answer keyed by slot, and how many instances each repeat has."""

    def __init__(self, layout: FormLayout) -> None:
        self.layout = layout
        self.values: dict[Slot, RawValue] = {}
        self.counts: dict[Slot, int] = {}  # (repeat, instance of its parent) -> instances
        self.unknown: list[str] = []

    @classmethod
    def from_json(cls, layout: FormLayout, answers: Mapping[str, Any]) -> AnswerTree:
        tree = cls(layout)
        tree._read(layout.spec.children, answers, ())
        return tree

    def _read(self, nodes: Sequence[Node], answers: Mapping[str, Any], at: Instance) -> None:
        level = self.layout.level(nodes)
        self.unknown.extend(sorted(name for name in answers if name not in level.names))
        for node in level.answered:
            if isinstance(node, Group):
                self._read_repeat(node, answers.get(node.name), at)
            elif node.name in answers:
                self.values[(node.name, at)] = answers[node.name]

    def _read_repeat(self, repeat: Group, instances: object, at: Instance) -> None:
        if instances is None:
            instances = []
        if not isinstance(instances, list) or not all(isinstance(i, dict) for i in instances):
            raise InvalidRecord(f"The answer to repeat '{repeat.name}' is not a list of entries.")
        self.counts[(repeat.name, at)] = len(instances)
        for index, instance in enumerate(instances):
            self._read(repeat.children, instance, (*at, index))

    def to_json(self, keep: Callable[[str, Instance], bool] | None = None) -> Answers:
        """The answers as a record holds them; ``keep`` can drop slots (non-relevant ones)."""
        return self._write(self.layout.spec.children, (), keep or (lambda _n, _i: True))

    def _write(
        self, nodes: Sequence[Node], at: Instance, keep: Callable[[str, Instance], bool]
    ) -> Answers:
        out: Answers = {}
        for node in self.layout.level(nodes).answered:
            if isinstance(node, Group):
                entries = [
                    self._write(node.children, (*at, index), keep)
                    for index in range(self.counts.get((node.name, at), 0))
                    if keep(node.name, (*at, index))
                ]
                if entries or (node.name, at) in self.counts:
                    out[node.name] = entries
            elif (node.name, at) in self.values and keep(node.name, at):
                out[node.name] = self.values[(node.name, at)]
        return out

    def instances(self, name: str) -> list[Instance]:
        """Every instance in which ``name`` exists (one, (), outside any repeat)."""
        found: list[Instance] = [()]
        for repeat in self.layout.chain[name]:
            found = [
                (*at, index) for at in found for index in range(self.counts.get((repeat, at), 0))
            ]
        return found


def _flat(nodes: Sequence[Node]) -> Iterator[Node]:
    """Questions and repeats answered at this level: plain groups do not nest the answers."""
    for node in nodes:
        if isinstance(node, Group) and not node.repeat:
            yield from _flat(node.children)
        else:
            yield node

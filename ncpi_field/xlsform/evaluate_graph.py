"""The dependency graph of a form's expressions, in an order that evaluates each once."""

from __future__ import annotations

import graphlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from ncpi_field.errors import UserError
from ncpi_field.xlsform.evaluate_answers import FormLayout
from ncpi_field.xlsform.spec import Bind, Group
from ncpi_field.xpath import ExpressionError, parse, references

# 'state' is what others read of a node (relevance and calculated value); 'checks' is what
# nothing reads (required, readonly, constraint, choice filter). Splitting them keeps a
# constraint like `. > ${start}` on one field and `. < ${end}` on the other from looking circular.
Part = Literal["state", "checks"]
Cell = tuple[Part, str]


class FormCycleError(UserError):
    """The form's relevance or calculations depend on each other in a circle."""


@dataclass(frozen=True)
class DependencyGraph:
    order: tuple[Cell, ...]  # every cell, each after everything it reads
    dependents: Mapping[Cell, frozenset[Cell]]
    # affected_by's answers, by name: a graph never changes, and a view asks for the same few.
    _affected: dict[str, tuple[Cell, ...]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, layout: FormLayout) -> DependencyGraph:
        reads = {cell: frozenset(_reads(layout, cell)) for cell in _cells(layout)}
        dependents: dict[Cell, set[Cell]] = {cell: set() for cell in reads}
        for cell, sources in reads.items():
            for source in sources:
                dependents[source].add(cell)
        order = _ordered(reads)
        return cls(order, {cell: frozenset(found) for cell, found in dependents.items()})

    def affected_by(self, name: str) -> tuple[Cell, ...]:
        """The cells to recompute when ``name``'s answer changes, in evaluation order."""
        found = self._affected.get(name)
        if found is None:
            found = self._affected[name] = self._find_affected(name)
        return found

    def _find_affected(self, name: str) -> tuple[Cell, ...]:
        start: Cell = ("state", name)
        seen: set[Cell] = {start}
        pending = [start]
        while pending:
            for cell in self.dependents.get(pending.pop(), frozenset()):
                if cell not in seen:
                    seen.add(cell)
                    pending.append(cell)
        return tuple(cell for cell in self.order if cell in seen)


def _cells(layout: FormLayout) -> Iterable[Cell]:
    for name in layout.nodes:
        yield ("state", name)
        yield ("checks", name)


def _reads(layout: FormLayout, cell: Cell) -> Iterable[Cell]:
    part, name = cell
    node = layout.nodes[name]
    if part == "checks":
        yield ("state", name)
        texts = _check_texts(node.bind)
    else:
        parent = layout.parent[name]
        if parent is not None:
            yield ("state", parent)
        texts = [node.bind.relevant, node.bind.calculate]
        if isinstance(node, Group) and node.repeat_count:
            texts.append(node.repeat_count)
    for text in texts:
        yield from (("state", ref) for ref in _refs(text) if ref in layout.nodes)


def _check_texts(bind: Bind) -> list[str | None]:
    return [bind.required, bind.readonly, bind.constraint, bind.choice_filter]


def _refs(text: str | None) -> frozenset[str]:
    if not text:
        return frozenset()
    try:
        return references(parse(text))
    except ExpressionError:
        # A broken expression is reported when evaluated; it reads nothing here.
        return frozenset()


def _ordered(reads: Mapping[Cell, frozenset[Cell]]) -> tuple[Cell, ...]:
    sorter = graphlib.TopologicalSorter(reads)
    try:
        return tuple(sorter.static_order())
    except graphlib.CycleError as error:
        cycle: list[Cell] = error.args[1]
        names = " → ".join(name for _part, name in cycle)
        raise FormCycleError(
            f"The form's relevance or calculations depend on each other in a circle: {names}."
        ) from None

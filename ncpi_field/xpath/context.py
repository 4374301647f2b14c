"""What the evaluator asks of the form it evaluates in: the EvaluationContext protocol."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Protocol

from ncpi_field.xpath.values import NodeSet, RawValue


class EvaluationContext(Protocol):
    """The form seen from the expression being evaluated.

    - ``field(name)``: the nodes ``${name}`` selects. One value per node; unanswered is ''.
      From inside a repeat instance a field of the same repeat gives only that instance's
      value; from outside it gives every instance's. A repeat's own name gives one node per
      instance, so ``count(${repeat})`` works.
    - ``current()``: the node ``.`` names (the question whose bind is being evaluated, or the
      choice row's name inside a choice filter).
    - ``child(name)``: a bare relative name such as ``kind``; inside a choice filter, a column
      of the choice row. Paths with ``..`` or a leading ``/`` resolve their last step through
      ``field()`` instead.
    - ``position()``: the 1-based index of the current repeat instance (``position(..)``).
    - ``choice_label(field_name, value)``: the label of choice ``value`` in the list of
      ``field_name``, in the context's language (``jr:choice-name``).
    - ``instance_rows(list_name)``: the items of a choice list (or of a choice file, named by
      its stem) as column -> text, with ``name`` and ``label``; None when there is no such list
      (``instance('list')/root/item``).
    - ``indexed_field(name, picks)``: the nodes of ``name`` in the repeat instances ``picks``
      names, (repeat, 0-based index) outermost first; repeats not named stay the current ones
      (``indexed-repeat()``).
    - ``now()``: the clock, injectable so tests and records are reproducible.
    - ``current_value()``: the question's value before this evaluation (``once()``).
    """

    def field(self, name: str) -> NodeSet: ...

    def current(self) -> NodeSet: ...

    def child(self, name: str) -> NodeSet: ...

    def position(self) -> int: ...

    def choice_label(self, field_name: str, value: str) -> str: ...

    def instance_rows(self, list_name: str) -> Sequence[Mapping[str, str]] | None: ...

    def indexed_field(self, name: str, picks: Sequence[tuple[str, int]]) -> NodeSet: ...

    def now(self) -> dt.datetime: ...

    def current_value(self) -> RawValue: ...


class EmptyContext:
    """A context with no form behind it: every field is unanswered. For tests and checks."""

    def __init__(self, clock: dt.datetime | None = None) -> None:
        self._clock = clock

    def field(self, name: str) -> NodeSet:
        return NodeSet(("",))

    def current(self) -> NodeSet:
        return NodeSet(("",))

    def child(self, name: str) -> NodeSet:
        return NodeSet(())

    def position(self) -> int:
        return 1

    def choice_label(self, field_name: str, value: str) -> str:
        return ""

    def instance_rows(self, list_name: str) -> Sequence[Mapping[str, str]] | None:
        return ()

    def indexed_field(self, name: str, picks: Sequence[tuple[str, int]]) -> NodeSet:
        return NodeSet(("",))

    def now(self) -> dt.datetime:
        return self._clock if self._clock is not None else dt.datetime.now()

    def current_value(self) -> RawValue:
        return None

"""Typed, frozen form specs: what a checked XLSForm says, with no workbook left in it.

Answers that go with a spec are a JSON object keyed by question name (groups do not nest the
answers). A node's ``name`` is that key: where a workbook uses one name in several groups, as
pyxform allows, each of those nodes is keyed by its group path ('visit/notes') instead. A
repeat's answer is a list of such objects, one per instance. Select-multiple and evidence
answers are lists of choice names (record ids for evidence); the evaluator sees them as ODK
does, joined with single spaces.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Final, Literal

QuestionKind = Literal[
    "text",
    "integer",
    "decimal",
    "date",
    "time",
    "dateTime",
    "select_one",
    "select_multiple",
    "note",
    "acknowledge",
    "calculate",
    "hidden",
    "evidence",
    "range",
]
# Kinds that hold no answer a person types.
NON_INPUT_KINDS: Final[frozenset[str]] = frozenset({"note", "calculate", "hidden"})
# The itemset file an evidence question names; its choices are the vault's own records.
EVIDENCE_ITEMSET: Final = "ncpi_records.csv"
DEFAULT_LANGUAGE: Final = "default"
# pyxform's defaults for a range row's parameters.
RANGE_DEFAULTS: Final = {"start": "1", "end": "10", "step": "1"}


@dataclass(frozen=True)
class RangeBounds:
    """A range question's start, end and step, exact (a slider or spin box is drawn from them).

    ``end`` may be below ``start`` (a slider that runs backwards). The answer is a number between
    them that is a whole number of steps from ``start``; it is decimal when any parameter has a
    fraction, as pyxform types the bind.
    """

    start: Decimal
    end: Decimal
    step: Decimal

    @property
    def low(self) -> Decimal:
        return min(self.start, self.end)

    @property
    def high(self) -> Decimal:
        return max(self.start, self.end)

    @property
    def decimal(self) -> bool:
        return any(
            value != value.to_integral_value() for value in (self.start, self.end, self.step)
        )

    def accepts(self, value: Decimal) -> bool:
        """Within the bounds and on a step, as JavaRosa's range widget allows."""
        if not value.is_finite() or not self.low <= value <= self.high:
            return False
        return self.step == 0 or (value - self.start) % self.step == 0


@dataclass(frozen=True)
class Text:
    """Text in one or more languages, keyed by the XLSForm language name ('English (en)')."""

    translations: Mapping[str, str] = field(default_factory=dict)

    def get(self, language: str | None = None) -> str:
        if language is not None and language in self.translations:
            return self.translations[language]
        if DEFAULT_LANGUAGE in self.translations:
            return self.translations[DEFAULT_LANGUAGE]
        return next(iter(self.translations.values()), "")

    def __bool__(self) -> bool:
        return any(self.translations.values())


@dataclass(frozen=True)
class Choice:
    name: str
    label: Text
    # Other columns of the choices sheet (used by choice_filter, e.g. 'framework').
    columns: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ChoiceList:
    name: str
    choices: tuple[Choice, ...]
    # The items as instance('list') lookups see them, by language: made once, not per lookup.
    _items: dict[str | None, tuple[Mapping[str, str], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def items(self, language: str | None) -> tuple[Mapping[str, str], ...]:
        """Each choice as its columns with ``name`` and ``label`` (in ``language``)."""
        found = self._items.get(language)
        if found is None:
            found = tuple(
                {**choice.columns, "name": choice.name, "label": choice.label.get(language)}
                for choice in self.choices
            )
            self._items[language] = found
        return found

    def label_of(self, name: str, language: str | None = None) -> str:
        for choice in self.choices:
            if choice.name == name:
                return choice.label.get(language)
        return ""


@dataclass(frozen=True)
class Bind:
    """The expressions of one question or group, as written in the XLSForm (``${name}`` refs)."""

    relevant: str | None = None
    constraint: str | None = None
    constraint_message: Text = field(default_factory=Text)
    required: str | None = None  # "true()" for a plain 'yes', or an expression
    required_message: Text = field(default_factory=Text)
    calculate: str | None = None
    readonly: str | None = None
    default: str | None = None
    choice_filter: str | None = None


@dataclass(frozen=True)
class Question:
    name: str
    kind: QuestionKind
    label: Text
    hint: Text
    bind: Bind
    row: int  # 1-based row on the survey sheet, for messages
    list_name: str | None = None  # select_one/select_multiple
    appearance: str = ""
    parameters: Mapping[str, str] = field(default_factory=dict)

    @property
    def takes_input(self) -> bool:
        return self.kind not in NON_INPUT_KINDS

    @property
    def range(self) -> RangeBounds | None:
        """The bounds of a range question (pyxform has checked its parameters); else None."""
        if self.kind != "range":
            return None
        try:
            values = {
                key: Decimal(self.parameters.get(key) or default)
                for key, default in RANGE_DEFAULTS.items()
            }
        except InvalidOperation:
            return None
        return RangeBounds(values["start"], values["end"], values["step"])


@dataclass(frozen=True)
class Group:
    name: str
    label: Text
    bind: Bind
    row: int
    children: tuple[Node, ...]
    repeat: bool = False
    repeat_count: str | None = None
    appearance: str = ""


Node = Question | Group


@dataclass(frozen=True)
class FormSpec:
    form_id: str
    version: str
    title: Text
    sha256: str  # of the workbook bytes
    default_language: str
    languages: tuple[str, ...]
    children: tuple[Node, ...]
    choices: Mapping[str, ChoiceList]
    # From the settings sheet. The question whose answer names a record in lists (None: the
    # form id and the start of the record id), and whether a PII warning on free text stops
    # a record being completed until the text is cleared or the warning overridden.
    title_field: str | None = None
    pii_blocks_completion: bool = True

    def walk(self) -> Iterator[tuple[tuple[Group, ...], Node]]:
        """Every node depth-first with the groups that enclose it."""
        yield from _walk(self.children, ())

    def questions(self) -> Iterator[Question]:
        for _parents, node in self.walk():
            if isinstance(node, Question):
                yield node

    def node(self, name: str) -> Node:
        for _parents, node in self.walk():
            if node.name == name:
                return node
        raise KeyError(name)

    def repeat_of(self, name: str) -> Group | None:
        """The innermost repeat that holds ``name``, or None at the top level."""
        for parents, node in self.walk():
            if node.name == name:
                repeats = [g for g in parents if g.repeat]
                return repeats[-1] if repeats else None
        raise KeyError(name)


def _walk(
    nodes: tuple[Node, ...], parents: tuple[Group, ...]
) -> Iterator[tuple[tuple[Group, ...], Node]]:
    for node in nodes:
        yield parents, node
        if isinstance(node, Group):
            yield from _walk(node.children, (*parents, node))

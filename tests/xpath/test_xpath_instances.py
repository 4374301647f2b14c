"""instance('list')/root/item[...] lookups and indexed-repeat(), against a small context."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ncpi_field.xpath import (
    ExpressionError,
    ExpressionSyntaxError,
    NodeSet,
    RawValue,
    evaluate,
    parse,
)
from ncpi_field.xpath.nodes import InstancePath

ROWS = {
    "colours": [
        {"name": "r", "label": "Red", "warm": "yes"},
        {"name": "g", "label": "Green", "warm": "no"},
        {"name": "o", "label": "Orange", "warm": "yes"},
    ]
}


class Context:
    def __init__(
        self,
        fields: Mapping[str, RawValue] | None = None,
        rows: Mapping[str, Sequence[Mapping[str, str]]] | None = None,
    ) -> None:
        self.fields = fields or {}
        self.rows = ROWS if rows is None else rows
        self.picked: list[tuple[str, Sequence[tuple[str, int]]]] = []

    def field(self, name: str) -> NodeSet:
        return NodeSet.of([self.fields.get(name, "")])

    def current(self) -> NodeSet:
        return NodeSet(("",))

    def child(self, name: str) -> NodeSet:
        return NodeSet(())

    def position(self) -> int:
        return 1

    def choice_label(self, field_name: str, value: str) -> str:
        return ""

    def instance_rows(self, list_name: str) -> Sequence[Mapping[str, str]] | None:
        return self.rows.get(list_name)

    def indexed_field(self, name: str, picks: Sequence[tuple[str, int]]) -> NodeSet:
        self.picked.append((name, list(picks)))
        return NodeSet(("picked",))

    def now(self) -> dt.datetime:
        return dt.datetime(2026, 11, 30)

    def current_value(self) -> RawValue:
        return None


def run(text: str, context: Context | None = None) -> object:
    return evaluate(parse(text), context or Context())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("instance('colours')/root/item[name = ${c}]/label", NodeSet(("Green",))),
        ("count(instance('colours')/root/item[warm = 'yes'])", 2.0),
        ("instance('colours')/root/item[2]/label", NodeSet(("Green",))),
        ("instance('colours')/root/item[warm = 'yes'][2]/label", NodeSet(("Orange",))),
        ("instance('colours')/root/item/name", NodeSet(("r", "g", "o"))),
        ("instance('colours')/root/item[name = 'x']/label", NodeSet(())),
        ("concat(instance('colours')/root/item[name = ${c}]/label, '!')", "Green!"),
    ],
)
def test_lookups_into_a_list(text: str, expected: object) -> None:
    assert run(text, Context({"c": "g"})) == expected


def test_an_unknown_list_is_an_error_in_words() -> None:
    with pytest.raises(ExpressionError, match="no choice list named 'shapes'"):
        run("instance('shapes')/root/item/label")


@pytest.mark.parametrize(
    "text",
    [
        "instance('a')/root/thing/label",
        "instance('a')/item/label",
        "instance('a')/root/item/label/more",
        "instance('a')/root[1]/item/label",
        "instance(${x})/root/item",
        "instance('a')/root/item/label[1]",
    ],
)
def test_other_instance_paths_do_not_parse(text: str) -> None:
    with pytest.raises(ExpressionSyntaxError, match="instance\\('list'\\)/root/item"):
        parse(text)


def test_a_lookup_parses_to_its_list_conditions_and_column() -> None:
    parsed = parse("instance('colours')/root/item[name = ${c}]/label")
    assert isinstance(parsed, InstancePath)
    assert (parsed.list_name, parsed.column, len(parsed.predicates)) == ("colours", "label", 1)


def test_indexed_repeat_asks_for_the_entries_named() -> None:
    context = Context()
    assert run("indexed-repeat(${age}, ${member}, 2)", context) == NodeSet(("picked",))
    assert run("indexed-repeat(${q}, ${outer}, 1, ${inner}, 3.9)", context) == NodeSet(("picked",))
    assert context.picked == [("age", [("member", 1)]), ("q", [("outer", 0), ("inner", 2)])]


@pytest.mark.parametrize("index", ["0", "-1", "'x'", "1 div 0"])
def test_indexed_repeat_at_no_position_is_empty(index: str) -> None:
    context = Context()
    assert run(f"indexed-repeat(${{age}}, ${{member}}, {index})", context) == NodeSet(())
    assert context.picked == []


def test_indexed_repeat_needs_pairs_and_names() -> None:
    with pytest.raises(ExpressionError, match=r"at least 3 arguments"):
        run("indexed-repeat(${a}, ${b})")
    with pytest.raises(ExpressionError, match="pairs"):
        run("indexed-repeat(${a}, ${b}, 1, ${c})")
    with pytest.raises(ExpressionError, match="the question"):
        run("indexed-repeat('a', ${b}, 1)")


_TEXT = st.sampled_from(["", "a", "b", "3", "03", "3.0", " a"])
_ROW = st.fixed_dictionaries({"name": _TEXT}, optional={"k": _TEXT, "label": _TEXT})


@given(
    rows=st.lists(_ROW, max_size=8),
    answer=st.one_of(_TEXT, st.integers(-3, 3), st.floats(allow_nan=True, width=16)),
)
def test_the_equality_lookup_agrees_with_evaluating_each_item(
    rows: list[dict[str, str]], answer: RawValue
) -> None:
    context = Context({"q": answer}, {"l": rows})
    fast = run("instance('l')/root/item[k = ${q}]/name", context)
    # 'and true()' is the same predicate in a shape the lookup evaluates item by item.
    slow = run("instance('l')/root/item[k = ${q} and true()]/name", context)
    reversed_sides = run("instance('l')/root/item[${q} = k]/name", context)
    assert fast == slow == reversed_sides

"""Compiled expressions give what the tree-walking evaluator gives: values, and errors alike."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ncpi_field.xpath import (
    EmptyContext,
    EvaluationContext,
    ExpressionError,
    NodeSet,
    RawValue,
    Value,
    evaluate,
    known_functions,
    parse,
)
from ncpi_field.xpath.compiler import compiled

CLOCK = dt.datetime(2024, 3, 5, 14, 30, 15, 250_000)
Outcome = tuple[str, object]


class StandInForm:
    """Fields with one or several nodes, a choice row, a position: what expressions read."""

    def __init__(self, fields: Mapping[str, Sequence[RawValue]], row: Mapping[str, str]) -> None:
        self.fields = fields
        self.row = row

    def field(self, name: str) -> NodeSet:
        return NodeSet.of(self.fields.get(name, [""]))

    def current(self) -> NodeSet:
        return NodeSet.of([self.row.get("name", "")])

    def child(self, name: str) -> NodeSet:
        return NodeSet.of([self.row[name]] if name in self.row else [])

    def position(self) -> int:
        return 2

    def choice_label(self, field_name: str, value: str) -> str:
        return {"r": "Red", "g": "Green"}.get(value, "")

    def instance_rows(self, list_name: str) -> Sequence[Mapping[str, str]] | None:
        rows = [{"name": "r", "label": "Red", "kind": "a"}, {"name": "g", "label": "Green"}]
        return rows if list_name == "colours" else None

    def indexed_field(self, name: str, picks: Sequence[tuple[str, int]]) -> NodeSet:
        nodes = self.fields.get(name, [""])
        index = picks[0][1] if picks else 0
        return NodeSet.of(nodes[index : index + 1])

    def now(self) -> dt.datetime:
        return CLOCK

    def current_value(self) -> RawValue:
        return self.fields.get("existing", [None])[0]


def _outcome(run: Callable[[], Value]) -> Outcome:
    """A value (NaN made comparable) or the error's type and words."""
    try:
        value = run()
    except ExpressionError as error:
        return ("error", (type(error).__name__, str(error)))
    if isinstance(value, float) and math.isnan(value):
        return ("nan", None)
    return ("value", value)


def _both(text: str, context: EvaluationContext) -> tuple[Outcome, Outcome]:
    walked = _outcome(lambda: evaluate(parse(text), context))
    return walked, _outcome(lambda: compiled(text)(context))


def test_every_odk_case_compiles_to_the_evaluators_value(data_dir: Path) -> None:
    cases = json.loads((data_dir / "odk-expressions" / "cases.json").read_text())
    assert len(cases) == 513
    differing = [
        case["expr"]
        for case in cases
        if (pair := _both(case["expr"], EmptyContext(CLOCK)))[0] != pair[1]
    ]
    assert differing == []


# uuid() draws fresh randomness on every call, so two evaluations never agree on it.
FUNCTIONS = sorted(known_functions() - {"uuid"})
ATOMS = st.sampled_from(
    [
        "1", "-2.5", "0", "''", "'abc'", "'yes'", "'2024-01-31'", "'1970-01-01T10:00:00Z'",
        "(1 div 0)", "(0 div 0)", "'a b c'", "true()", "false()", "${one}", "${many}",
        "${none}", "${date}", "${number}", "${existing}", "${missing}", ".", "..", "kind",
        "name", "label", "../one", "/data/many", "instance('colours')/root/item/label",
        "instance('colours')/root/item[name = ${one}]/label", "instance('nope')/root/item",
        "indexed-repeat(${many}, ${visits}, 2)", "now()", "today()", "position(..)",
    ]
)  # fmt: skip
OPERATORS = ["or", "and", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "div", "mod", "|"]


@st.composite
def expressions(draw: st.DrawFn, depth: int = 3) -> str:
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        return draw(ATOMS)
    inner = expressions(depth - 1)
    shape = draw(st.sampled_from(["call", "binary", "negate"]))
    if shape == "negate":
        return f"-({draw(inner)})"
    if shape == "binary":
        return f"({draw(inner)}) {draw(st.sampled_from(OPERATORS))} ({draw(inner)})"
    name = draw(st.sampled_from(FUNCTIONS))
    args = [draw(inner) for _ in range(draw(st.integers(0, 4)))]
    return f"{name}({', '.join(args)})"


CONTEXT = StandInForm(
    {
        "one": ["yes"],
        "many": ["a", "", "c d", 4],
        "none": [],
        "date": [dt.date(2024, 1, 31)],
        "number": [7],
        "existing": ["kept"],
    },
    {"name": "r", "kind": "a", "label": "Red"},
)


@given(expressions())
def test_compiled_and_walked_agree_on_random_expressions(text: str) -> None:
    try:
        parse(text)
    except ExpressionError:
        return  # not an expression: both refuse it the same way (parse is shared)
    walked, compiled_outcome = _both(text, CONTEXT)
    assert compiled_outcome == walked


@pytest.mark.parametrize(
    "text",
    [
        "if(true(), 1, nosuch(2))",
        "if(false(), 1, nosuch(2))",
        "coalesce('', ${none}, (0 div 0), 'x')",
        "concat(1)",
        "substr('abc')",
        "once(${one})",
        "${one} = 'yes' and ${many} = 'c d'",
        "${many} != 'a'",
        "'b' < ${many}",
        "kind = ${one} or ./name = 'r'",
        "${one} | ${many}",
        "1 | ${many}",
        "indexed-repeat(${many}, ${visits})",
        "-${number} mod 3",
    ],
)
def test_compiled_and_walked_agree_on_chosen_edges(text: str) -> None:
    walked, compiled_outcome = _both(text, CONTEXT)
    assert compiled_outcome == walked


@given(st.text(alphabet="()'\"$.{}/,+-*=!<>|0123456789 abdimnorv[]@:", max_size=40))
def test_compiled_and_walked_agree_on_any_text_that_parses(text: str) -> None:
    try:
        parse(text)
    except ExpressionError:
        return  # both refuse it alike: compiled() parses with the same parse()
    walked, compiled_outcome = _both(text, CONTEXT)
    assert compiled_outcome == walked

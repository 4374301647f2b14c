"""Hypothesis properties of the expression engine: coercions, selects, robustness."""

from __future__ import annotations

import contextlib
import math

from hypothesis import given
from hypothesis import strategies as st

from ncpi_field.xpath import (
    EmptyContext,
    ExpressionError,
    evaluate,
    known_functions,
    parse,
    to_number,
    to_string,
)
from ncpi_field.xpath.values import format_number, parse_number

TOKEN = st.text(alphabet="abcdefghij_0123456789", min_size=1, max_size=6)
LITERALS = st.sampled_from(
    [
        "1",
        "-2.5",
        "0",
        "''",
        "'abc'",
        "'2024-01-31'",
        "'1970-01-01T10:00:00Z'",
        "(1 div 0)",
        "(0 div 0)",
        "1e3",
        "'a b c'",
        "true()",
        "${f}",
        ".",
        "..",
        "'.*'",
        "'(a+)+'",
        "99999999",
        "-99999999",
        "'-0'",
        "pi()",
        "'%Y%m%d%H'",
        "now()",
    ]
)


@given(st.integers(min_value=-(2**53), max_value=2**53))
def test_integers_round_trip_through_strings(number: int) -> None:
    assert to_string(to_number(str(number))) == str(number)
    assert to_number(to_string(float(number))) == number


@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: abs(x) > 1e-12))
def test_finite_numbers_round_trip_without_exponents(number: float) -> None:
    text = format_number(number)
    assert "e" not in text
    assert parse_number(text) == number


@given(st.lists(TOKEN, max_size=6), st.text(alphabet="abc_01 ", max_size=6))
def test_selected_agrees_with_token_membership(tokens: list[str], needle: str) -> None:
    answer = " ".join(tokens)
    expr = parse(f"selected('{answer}', '{needle}')")
    expected = needle.strip() in tokens
    assert evaluate(expr, EmptyContext()) is expected


@given(st.lists(TOKEN, max_size=6), st.integers(min_value=-3, max_value=8))
def test_selected_at_and_count_selected_agree_with_the_token_list(
    tokens: list[str], index: int
) -> None:
    answer = " ".join(tokens)
    expected = tokens[index] if 0 <= index < len(tokens) else ""
    assert evaluate(parse(f"selected-at('{answer}', {index})"), EmptyContext()) == expected
    assert evaluate(parse(f"count-selected('{answer}')"), EmptyContext()) == len(tokens)


@given(st.text(max_size=60))
def test_parse_raises_only_expression_errors(text: str) -> None:
    with contextlib.suppress(ExpressionError):
        parse(text)


@given(st.text(alphabet="()'\"$.{}/,+-*=!<>|0123456789 abdimnorv[]@:", max_size=40))
def test_parse_and_evaluate_raise_only_expression_errors(text: str) -> None:
    with contextlib.suppress(ExpressionError):
        evaluate(parse(text), EmptyContext())


@st.composite
def calls(draw: st.DrawFn, depth: int = 2) -> str:
    name = draw(st.sampled_from(sorted(known_functions())))
    count = draw(st.integers(min_value=0, max_value=3))
    inner = calls(depth=depth - 1) if depth > 0 else LITERALS
    args = [draw(st.one_of(LITERALS, inner)) for _ in range(count)]
    return f"{name}({', '.join(args)})"


@given(calls(), st.sampled_from(["+", "=", "<", "and", "or", "div", "mod", "|"]), calls())
def test_any_function_call_raises_only_expression_errors(left: str, op: str, right: str) -> None:
    try:
        result = evaluate(parse(f"{left} {op} {right}"), EmptyContext())
    except ExpressionError:
        return
    # Whatever came out must convert without surprises.
    to_string(result)
    assert isinstance(to_number(result), float)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9))
def test_unary_minus_negates(number: float) -> None:
    result = to_number(evaluate(parse(f"-({format_number(number)})"), EmptyContext()))
    assert math.isclose(result, -number, abs_tol=1e-12)

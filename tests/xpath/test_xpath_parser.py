"""The tokenizer and parser: precedence, paths, references, syntax errors and their positions."""

from __future__ import annotations

import pytest

from ncpi_field.errors import UserError
from ncpi_field.xpath import (
    EmptyContext,
    ExpressionError,
    ExpressionSyntaxError,
    UnknownFunctionError,
    check_functions,
    evaluate,
    function_problems,
    parse,
    references,
)
from ncpi_field.xpath.nodes import Binary, Call, FieldRef, Literal, Negate, Path


def test_multiplication_binds_tighter_than_addition() -> None:
    assert parse("1 + 2 * 3") == Binary("+", Literal(1.0), Binary("*", Literal(2.0), Literal(3.0)))


def test_operators_associate_to_the_left() -> None:
    assert parse("1 - 2 - 3") == Binary("-", Binary("-", Literal(1.0), Literal(2.0)), Literal(3.0))


def test_relational_binds_tighter_than_equality_and_and_tighter_than_or() -> None:
    assert parse("a or b and c") == Binary(
        "or", Path(False, ("a",)), Binary("and", Path(False, ("b",)), Path(False, ("c",)))
    )
    assert parse("1 < 2 = 3 >= 4") == Binary(
        "=", Binary("<", Literal(1.0), Literal(2.0)), Binary(">=", Literal(3.0), Literal(4.0))
    )


def test_unary_minus_and_union() -> None:
    assert parse("--1") == Negate(Negate(Literal(1.0)))
    assert parse("-${a} | ${b}") == Negate(Binary("|", FieldRef("a"), FieldRef("b")))


def test_operator_words_glued_to_operands() -> None:
    assert parse("1and1") == Binary("and", Literal(1.0), Literal(1.0))
    assert parse("2mod1") == Binary("mod", Literal(2.0), Literal(1.0))


def test_operator_words_are_names_where_an_operand_belongs() -> None:
    assert parse("/data/div") == Path(True, ("data", "div"))
    assert parse("and") == Path(False, ("and",))


def test_star_is_multiplication_between_operands() -> None:
    assert parse("2*3") == Binary("*", Literal(2.0), Literal(3.0))


def test_names_with_hyphens_dots_and_prefixes() -> None:
    assert parse("jr:choice-name(${a}, '${a}')") == Call(
        "jr:choice-name", (FieldRef("a"), Literal("${a}"))
    )
    assert parse("boolean-from-string('1')") == Call("boolean-from-string", (Literal("1"),))


def test_paths() -> None:
    assert parse(".") == Path(False, (".",))
    assert parse("../x") == Path(False, ("..", "x"))
    assert parse("/data/group/q") == Path(True, ("data", "group", "q"))
    assert parse("position(..)") == Call("position", (Path(False, ("..",)),))


def test_reference_with_spaces_inside_braces() -> None:
    assert parse("${ age }") == FieldRef("age")


def test_numbers() -> None:
    assert parse(".5") == Literal(0.5)
    assert parse("12.") == Literal(12.0)


def test_references() -> None:
    expr = parse("${a} + ${b} > count(${rep}) and kind = ${c} or ../d = /data/g/e")
    assert references(expr) == frozenset({"a", "b", "rep", "c", "d", "e"})
    assert references(parse("concat('x', 'y')")) == frozenset()


def test_parses_are_cached() -> None:
    assert parse("${a} + 1") is parse("${a} + 1")


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("concat('a', )", "unexpected ')' at character 13", 13),
        ("1 +", "the expression ends too early (at character 4)", 4),
        ("(1 + 2", "expected ')' but found end of expression at character 7", 7),
        ("1 2", "unexpected '2' at character 3", 3),
        ("'open", "text in quotes starting at character 1 is never closed", 1),
        ("${name", "malformed ${...} reference at character 1", 1),
        ("a[1]", "filters in square brackets are not supported (character 2)", 2),
        ("1 # 2", "unexpected '#' at character 3", 3),
        ("", "the expression ends too early (at character 1)", 1),
        ("f(1,", "the expression ends too early (at character 5)", 5),
    ],
)
def test_syntax_errors_name_the_position(text: str, message: str, position: int) -> None:
    with pytest.raises(ExpressionSyntaxError) as raised:
        parse(text)
    assert str(raised.value) == message
    assert raised.value.position == position


def test_syntax_errors_are_user_errors() -> None:
    assert issubclass(ExpressionSyntaxError, ExpressionError)
    assert issubclass(ExpressionError, UserError)


def test_deep_nesting_is_refused_not_crashed() -> None:
    with pytest.raises(ExpressionSyntaxError, match="nested too deeply"):
        parse("(" * 500 + "1" + ")" * 500)
    with pytest.raises(ExpressionSyntaxError, match="nested too deeply"):
        parse("1" + " + 1" * 400)
    with pytest.raises(ExpressionSyntaxError, match="nested too deeply"):
        parse("-" * 500 + "1")


def test_long_expressions_are_refused() -> None:
    with pytest.raises(ExpressionSyntaxError, match="longer than"):
        parse("'" + "x" * 20_000 + "'")


def test_unknown_functions_parse_but_are_reported() -> None:
    expr = parse("explode() + concat('a', fizz(1))")
    assert check_functions(expr) == frozenset({"explode", "fizz"})
    assert check_functions(parse("if(true(), coalesce('', 'b'), once(1))")) == frozenset()


def test_function_problems_name_unknown_functions_and_wrong_counts() -> None:
    problems = function_problems(parse("explode() + substr('a') + if(1, 2)"))
    assert problems == [
        "unknown function 'explode()'",
        "function 'substr()' takes 2 to 3 arguments, not 1",
        "function 'if()' takes 3 arguments, not 2",
    ]
    assert function_problems(parse("concat()")) == []


def test_evaluating_an_unknown_function_raises_a_clear_error() -> None:
    with pytest.raises(UnknownFunctionError, match=r"unknown function 'explode\(\)'"):
        evaluate(parse("1 + explode()"), EmptyContext())


def test_evaluating_a_wrong_argument_count_raises() -> None:
    with pytest.raises(ExpressionError, match=r"'not\(\)' takes 1 argument, not 2"):
        evaluate(parse("not(1, 2)"), EmptyContext())
